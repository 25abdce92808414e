import type { Catalogue, CatalogueEntry, LocalizedEntry, Visibility } from '@errcat/schema';

/** A code of a hand-built catalogue: texts per locale, English at least in most tests. */
export interface CodeSpec {
  code: number;
  visibility?: Visibility;
  /** Locale → texts; any text left out is derived from the title. */
  texts: Record<string, Partial<Omit<LocalizedEntry, 'position'>> & { title: string }>;
}

/** A module of a hand-built catalogue. */
export interface ModuleSpec {
  name: string;
  kit?: string;
  codes: CodeSpec[];
  /** Locales the module has pages in (default: every locale its codes have texts in). */
  pages?: string[];
}

/**
 * A small catalogue built by hand, shaped as the merge step shapes it.
 * @param modules Modules and their codes.
 */
export function buildCatalogue(modules: ModuleSpec[]): Catalogue {
  const catalogue: Catalogue = { schemaVersion: 2, defaultLocale: 'en', locales: [], modules: {}, errors: {} };
  const locales = new Set<string>();
  for (const spec of modules) {
    const pages = spec.pages ?? [...new Set(spec.codes.flatMap((code) => Object.keys(code.texts)))];
    const sources = Object.fromEntries(pages.map((locale) => [locale, `docs-source/${locale.toLowerCase()}/apis-test-kit/errorcode-${spec.name}.md`]));
    pages.forEach((locale) => locales.add(locale));
    const codes = spec.codes.map((code) => code.code).sort((a, b) => a - b);
    const system = spec.codes.filter((code) => code.visibility === 'system').length;
    catalogue.modules[spec.name] = {
      name: spec.name,
      metadata: spec.kit ? { kit: spec.kit } : {},
      titles: Object.fromEntries(pages.map((locale) => [locale, `${spec.name} error codes`])),
      sources,
      codes,
      borrowedCodes: [],
      counts: { total: codes.length, public: codes.length - system, system },
    };
    spec.codes.forEach((code, index) => {
      const entry: CatalogueEntry = { code: code.code, module: spec.name, visibility: code.visibility ?? 'public', locales: {} };
      for (const [locale, texts] of Object.entries(code.texts)) {
        locales.add(locale);
        const message = texts.message ?? `${texts.title}.`;
        entry.locales[locale] = {
          message,
          description: texts.description ?? '',
          causes: texts.causes ?? [],
          solutions: texts.solutions ?? [],
          sections: texts.sections ?? [],
          ...texts,
          position: { file: sources[locale] ?? `docs-source/${locale}/errorcode-${spec.name}.md`, line: 10 + index * 20, column: 1 },
        };
      }
      catalogue.errors[String(code.code)] = entry;
    });
  }
  catalogue.locales = ['en', ...[...locales].filter((locale) => locale !== 'en').sort()];
  return catalogue;
}
