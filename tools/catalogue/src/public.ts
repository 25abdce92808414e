import type { Catalogue, CatalogueEntry, CatalogueModule, LocalizedEntry } from '@errcat/schema';

/** Texts of one locale as the public edition shows them: system-only parts and variants left out. */
function publicTexts(entry: LocalizedEntry): LocalizedEntry {
  const { publicTexts: shown, ...full } = entry;
  // The public texts replace every text of the entry: an optional one they lack (messageMarkdown
  // equal to the message, an intro) is absent from the public edition too.
  let texts: LocalizedEntry = shown
    ? { title: full.title, ...shown, ...(full.group !== undefined && { group: full.group }), position: full.position }
    : full;
  if (texts.variants) {
    const variants = texts.variants.filter((variant) => variant.visibility === 'public');
    const { variants: _all, ...rest } = texts;
    texts = variants.length > 0 ? { ...rest, variants } : rest;
  }
  return structuredClone(texts);
}

/**
 * The catalogue of the public edition: system-only codes dropped, public codes shown without their
 * system-only parts, and module code lists and counts recomputed.
 * @param catalogue A merged catalogue (left unchanged).
 * @returns A new catalogue holding public entries only.
 */
export function publicCatalogue(catalogue: Catalogue): Catalogue {
  const errors: Record<string, CatalogueEntry> = {};
  for (const [key, entry] of Object.entries(catalogue.errors)) {
    if (entry.visibility !== 'public') continue;
    const locales: Record<string, LocalizedEntry> = {};
    for (const [locale, texts] of Object.entries(entry.locales)) locales[locale] = publicTexts(texts);
    errors[key] = { ...entry, locales };
  }
  const isPublic = (code: number) => errors[String(code)] !== undefined;

  const modules: Record<string, CatalogueModule> = {};
  for (const [name, module] of Object.entries(catalogue.modules)) {
    const codes = module.codes.filter(isPublic);
    modules[name] = {
      ...structuredClone(module),
      codes,
      borrowedCodes: module.borrowedCodes.filter(isPublic),
      counts: { total: codes.length, public: codes.length, system: 0 },
    };
  }
  return { ...catalogue, locales: [...catalogue.locales], modules, errors };
}
