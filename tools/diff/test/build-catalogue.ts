// Small hand-built catalogues, so the classification is tested apart from parsing and merging.
import type { Catalogue, CatalogueEntry, LocalizedEntry, PageMetadata, Visibility } from '@errcat/schema';

export interface EntrySpec {
  code: number;
  module?: string;
  visibility?: Visibility;
  /** Texts per locale; `en` only when given as one object. */
  texts?: Partial<Omit<LocalizedEntry, 'position'>> | Record<string, Partial<Omit<LocalizedEntry, 'position'>>>;
}

export interface ModuleSpec {
  name: string;
  locales?: string[];
  metadata?: PageMetadata;
  titles?: Record<string, string>;
}

const isPerLocale = (texts: EntrySpec['texts']): texts is Record<string, Partial<Omit<LocalizedEntry, 'position'>>> =>
  texts !== undefined && Object.keys(texts).length > 0 && Object.values(texts).every((value) => typeof value === 'object' && value !== null && !Array.isArray(value));

function sourceOf(module: string, locale: string): string {
  return `docs-source/${locale.toLowerCase()}/kit/errorcode-${module}.md`;
}

function localized(module: string, locale: string, code: number, texts: Partial<Omit<LocalizedEntry, 'position'>>): LocalizedEntry {
  const message = texts.message ?? `Message of ${code}.`;
  return {
    title: `Title of ${code}`,
    description: '',
    causes: [],
    solutions: [],
    sections: [],
    ...texts,
    message,
    position: { file: sourceOf(module, locale), line: code % 1000, column: 1 },
  };
}

/**
 * A catalogue with the given modules and entries (texts default to `Title of <code>` and
 * `Message of <code>.`).
 */
export function catalogue(modules: ModuleSpec[], entries: EntrySpec[]): Catalogue {
  const result: Catalogue = { schemaVersion: 2, defaultLocale: 'en', locales: [], modules: {}, errors: {} };
  const locales = new Set<string>();
  for (const spec of modules) {
    const pageLocales = spec.locales ?? ['en'];
    pageLocales.forEach((locale) => locales.add(locale));
    result.modules[spec.name] = {
      name: spec.name,
      metadata: spec.metadata ?? {},
      titles: Object.fromEntries(pageLocales.map((locale) => [locale, spec.titles?.[locale] ?? `${spec.name} Error Codes`])),
      sources: Object.fromEntries(pageLocales.map((locale) => [locale, sourceOf(spec.name, locale)])),
      codes: [],
      borrowedCodes: [],
      counts: { total: 0, public: 0, system: 0 },
    };
  }
  for (const spec of entries) {
    const module = spec.module ?? modules[0]!.name;
    const perLocale = isPerLocale(spec.texts) ? spec.texts : { en: spec.texts ?? {} };
    const entry: CatalogueEntry = {
      code: spec.code,
      module,
      visibility: spec.visibility ?? 'public',
      locales: Object.fromEntries(Object.entries(perLocale).map(([locale, texts]) => [locale, localized(module, locale, spec.code, texts)])),
    };
    result.errors[String(spec.code)] = entry;
    const owner = result.modules[module]!;
    owner.codes.push(spec.code);
    owner.counts.total += 1;
    owner.counts[entry.visibility] += 1;
  }
  result.locales = [...locales].sort();
  return result;
}
