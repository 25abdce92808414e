import type {
  Catalogue,
  CatalogueEntry,
  CatalogueModule,
  Diagnostic,
  ErrorDocument,
  ErrorEntry,
  LocalizedEntry,
  PositionInPage,
  SourcePosition,
} from '@errcat/schema';
import { CATALOGUE_SCHEMA_VERSION, DEFAULT_LOCALE, cataloguePublicTextsOf, catalogueTextsOf, catalogueVariantOf, normalizeLocale, positionInPage } from '@errcat/schema';
import { compareDiagnostics, compareStrings } from './order.js';

/** Options for {@link mergeDocuments}. */
export interface MergeOptions {
  /** Locale that other locales fall back to (default `en`). */
  defaultLocale?: string;
  /** Codes each module documents but does not own: module name → codes. */
  borrowed?: Record<string, readonly number[]>;
}

/** Result of {@link mergeDocuments}. */
export interface MergeResult {
  catalogue: Catalogue;
  diagnostics: Diagnostic[];
}

/** One page taken into the merge: a document and its canonical locale. */
interface Page {
  document: ErrorDocument;
  locale: string;
  /** First entry of each code on the page, in source order. */
  entries: Map<number, ErrorEntry>;
}

/** Every page of one module, keyed by locale, in locale order. */
interface ModulePages {
  name: string;
  pages: Map<string, Page>;
  /** Codes the module documents but does not own. */
  borrowed: Set<number>;
}

function startOf(document: ErrorDocument): SourcePosition {
  return { file: document.file, line: 1, column: 1 };
}

function compareDocuments(a: { document: ErrorDocument; locale: string }, b: { document: ErrorDocument; locale: string }): number {
  return (
    compareStrings(a.document.module, b.document.module) ||
    compareStrings(a.locale, b.locale) ||
    compareStrings(a.document.file, b.document.file) ||
    // Identical keys only when a page is given twice; its content still decides the order.
    compareStrings(JSON.stringify(a.document), JSON.stringify(b.document))
  );
}

/** The page whose entry speaks for a code: the default locale's when it has one, else the first locale's. */
function primaryOf<T>(byLocale: ReadonlyMap<string, T>, defaultLocale: string): T | undefined {
  return byLocale.get(defaultLocale) ?? byLocale.values().next().value;
}

function localized(entry: ErrorEntry): LocalizedEntry {
  const file = entry.position.file;
  const texts: LocalizedEntry = { title: entry.title, ...catalogueTextsOf(entry, file), position: { ...entry.position } };
  if (entry.intro !== undefined) texts.intro = entry.intro;
  if (entry.stub !== undefined) texts.stub = entry.stub;
  if (entry.variants !== undefined) texts.variants = entry.variants.map((variant) => catalogueVariantOf(variant, file));
  if (entry.group !== undefined) texts.group = entry.group;
  if (entry.publicTexts !== undefined) texts.publicTexts = cataloguePublicTextsOf(entry.publicTexts, file);
  return texts;
}

/** Runtime messages that differ only in spacing are the same message. */
function comparableMessage(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}

/** Both messages, cut around where they start to differ so that long messages stay readable. */
function quoteDifference(a: string, b: string): [string, string] {
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const from = common > 30 ? common - 20 : 0;
  const cut = (text: string) => {
    const part = text.slice(from, from + 80);
    return JSON.stringify(`${from > 0 ? '...' : ''}${part}${from + 80 < text.length ? '...' : ''}`);
  };
  return [cut(a), cut(b)];
}

/**
 * Merge parsed pages (modules × locales) into one catalogue keyed by code.
 *
 * Pure and deterministic: the catalogue and the diagnostics do not depend on the order of
 * `documents`. Cross-page problems are reported, never thrown.
 * @param documents Parsed pages, one per module and locale.
 * @param options Merge options (optional).
 * @returns The catalogue and the diagnostics found while merging, sorted by file, line and column.
 */
export function mergeDocuments(documents: readonly ErrorDocument[], options: MergeOptions = {}): MergeResult {
  const defaultLocale = normalizeLocale(options.defaultLocale ?? DEFAULT_LOCALE);
  const diagnostics: Diagnostic[] = [];

  const modules = collectPages(documents, options.borrowed ?? {}, diagnostics);
  const owners = assignOwners(modules, defaultLocale, diagnostics);

  const errors: Record<string, CatalogueEntry> = {};
  for (const [code, owner] of [...owners].sort(([a], [b]) => a - b)) {
    errors[String(code)] = catalogueEntry(code, owner, defaultLocale, diagnostics);
  }

  const catalogueModules: Record<string, CatalogueModule> = {};
  const locales = new Set<string>();
  for (const module of modules) {
    for (const locale of module.pages.keys()) locales.add(locale);
  }
  for (const module of modules) {
    catalogueModules[module.name] = catalogueModule(module, errors, defaultLocale);
    checkLocales(module, [...locales], defaultLocale, diagnostics);
  }

  const catalogue: Catalogue = {
    schemaVersion: CATALOGUE_SCHEMA_VERSION,
    defaultLocale,
    locales: [...locales].sort(compareStrings),
    modules: catalogueModules,
    errors,
  };
  return { catalogue, diagnostics: diagnostics.sort(compareDiagnostics) };
}

/** Group pages by module and locale; report repeated pages and codes repeated within a page. */
function collectPages(
  documents: readonly ErrorDocument[],
  borrowedByModule: Record<string, readonly number[]>,
  diagnostics: Diagnostic[],
): ModulePages[] {
  const sorted = documents.map((document) => ({ document, locale: normalizeLocale(document.locale) })).sort(compareDocuments);
  const modules = new Map<string, ModulePages>();
  for (const { document, locale } of sorted) {
    let module = modules.get(document.module);
    if (!module) {
      module = { name: document.module, pages: new Map(), borrowed: new Set(borrowedByModule[document.module] ?? []) };
      modules.set(document.module, module);
    }
    const earlier = module.pages.get(locale);
    if (earlier) {
      diagnostics.push({
        severity: 'error',
        ruleId: 'duplicate-page',
        message: `module "${document.module}" has a second ${locale} page; ${earlier.document.file} is used and this page is ignored`,
        position: startOf(document),
        related: startOf(earlier.document),
      });
      continue;
    }
    const entries = new Map<number, ErrorEntry>();
    for (const entry of document.errors) {
      const first = entries.get(entry.code);
      if (first) {
        diagnostics.push({
          severity: 'error',
          ruleId: 'duplicate-code',
          message: `code ${entry.code} is defined twice on this page; the first definition is used`,
          position: entry.position,
          related: first.position,
        });
        continue;
      }
      entries.set(entry.code, entry);
      if (entry.borrowed) module.borrowed.add(entry.code);
    }
    module.pages.set(locale, { document, locale, entries });
  }
  return [...modules.values()];
}

/** Which module's pages a catalogue entry is made from, and whether that module only borrows the code. */
interface Owner {
  module: ModulePages;
  borrowed: boolean;
}

function codesOf(module: ModulePages): Set<number> {
  const codes = new Set<number>();
  for (const page of module.pages.values()) for (const code of page.entries.keys()) codes.add(code);
  return codes;
}

function primaryEntry(module: ModulePages, code: number, defaultLocale: string): ErrorEntry {
  const byLocale = new Map<string, ErrorEntry>();
  for (const [locale, page] of module.pages) {
    const entry = page.entries.get(code);
    if (entry) byLocale.set(locale, entry);
  }
  return primaryOf(byLocale, defaultLocale)!;
}

/**
 * Give each code one owner. A code owned by two modules is an error (the first module by name
 * keeps it); a borrowed code is documented by its owner when the owner is merged too, else by the
 * first module that borrows it.
 */
function assignOwners(modules: readonly ModulePages[], defaultLocale: string, diagnostics: Diagnostic[]): Map<number, Owner> {
  const owners = new Map<number, Owner>();
  const borrowers = new Map<number, ModulePages>();
  for (const module of modules) {
    for (const code of [...codesOf(module)].sort((a, b) => a - b)) {
      if (module.borrowed.has(code)) {
        if (!borrowers.has(code)) borrowers.set(code, module);
        continue;
      }
      const owner = owners.get(code);
      if (owner) {
        diagnostics.push({
          severity: 'error',
          ruleId: 'code-claimed-twice',
          message:
            `code ${code} is claimed by modules "${owner.module.name}" and "${module.name}"; ` +
            `"${owner.module.name}" keeps it. If "${module.name}" only documents it, declare it as borrowed there`,
          position: primaryEntry(module, code, defaultLocale).position,
          related: primaryEntry(owner.module, code, defaultLocale).position,
        });
        continue;
      }
      owners.set(code, { module, borrowed: false });
    }
  }
  for (const [code, module] of borrowers) {
    if (!owners.has(code)) owners.set(code, { module, borrowed: true });
  }
  return owners;
}

/** The entry of one code: texts of every locale whose page has it, visibility agreed across them. */
function catalogueEntry(code: number, owner: Owner, defaultLocale: string, diagnostics: Diagnostic[]): CatalogueEntry {
  const byLocale = new Map<string, ErrorEntry>();
  for (const [locale, page] of owner.module.pages) {
    const entry = page.entries.get(code);
    if (entry) byLocale.set(locale, entry);
  }
  const systemIn = [...byLocale].filter(([, entry]) => entry.visibility === 'system');
  const publicIn = [...byLocale].filter(([, entry]) => entry.visibility === 'public');
  if (systemIn.length > 0 && publicIn.length > 0) {
    diagnostics.push({
      severity: 'warning',
      ruleId: 'visibility-differs-between-locales',
      message:
        `code ${code} is system-only in ${systemIn.map(([locale]) => locale).join(', ')} ` +
        `but public in ${publicIn.map(([locale]) => locale).join(', ')}; it is treated as system-only`,
      position: systemIn[0]![1].position,
      related: publicIn[0]![1].position,
    });
  }

  const referenceLocale = byLocale.has(defaultLocale) ? defaultLocale : byLocale.keys().next().value!;
  const referenceEntry = byLocale.get(referenceLocale)!;
  for (const [locale, entry] of byLocale) {
    if (locale === referenceLocale) continue;
    const expected = comparableMessage(referenceEntry.message);
    const actual = comparableMessage(entry.message);
    if (expected !== '' && actual !== '' && expected !== actual) {
      const [shown, expectedShown] = quoteDifference(actual, expected);
      diagnostics.push({
        severity: 'warning',
        ruleId: 'message-differs-between-locales',
        message: `code ${code} has the runtime message ${shown} in ${locale} but ${expectedShown} in ${referenceLocale}`,
        position: entry.position,
        related: referenceEntry.position,
      });
    }
  }

  const locales: Record<string, LocalizedEntry> = {};
  for (const [locale, entry] of byLocale) locales[locale] = localized(entry);
  const result: CatalogueEntry = {
    code,
    module: owner.module.name,
    visibility: systemIn.length > 0 ? 'system' : 'public',
    locales,
  };
  if (owner.borrowed) result.borrowed = true;
  return result;
}

function catalogueModule(module: ModulePages, errors: Record<string, CatalogueEntry>, defaultLocale: string): CatalogueModule {
  const primary = primaryOf(module.pages, defaultLocale)!.document;
  const documented = [...codesOf(module)].sort((a, b) => a - b);
  const codes = documented.filter((code) => {
    const entry = errors[String(code)];
    return entry !== undefined && entry.module === module.name && !entry.borrowed;
  });
  const visibilities = codes.map((code) => errors[String(code)]!.visibility);
  const titles: Record<string, string> = {};
  const sources: Record<string, string> = {};
  for (const [locale, page] of module.pages) {
    titles[locale] = page.document.title;
    sources[locale] = page.document.file;
  }
  const result: CatalogueModule = {
    name: module.name,
    metadata: structuredClone(primary.metadata),
    ...(primary.metadataPositions && { metadataPositions: metadataPositionsIn(primary) }),
    titles,
    sources,
    codes,
    borrowedCodes: documented.filter((code) => module.borrowed.has(code)),
    counts: {
      total: codes.length,
      public: visibilities.filter((visibility) => visibility === 'public').length,
      system: visibilities.filter((visibility) => visibility === 'system').length,
    },
  };
  const kitFolder = primary.kitFolder ?? [...module.pages.values()].find((page) => page.document.kitFolder)?.document.kitFolder;
  if (kitFolder !== undefined) result.kitFolder = kitFolder;
  return result;
}

/** Where each metadata comment of a page is, as the catalogue keeps it (in the page's file, which it names once). */
function metadataPositionsIn(document: ErrorDocument): Record<string, PositionInPage> {
  return Object.fromEntries(Object.entries(document.metadataPositions ?? {}).map(([key, position]) => [key, positionInPage(position, document.file)]));
}

/** Report codes that one locale's page of a module has and another's lacks, and pages missing in a locale. */
function checkLocales(module: ModulePages, locales: readonly string[], defaultLocale: string, diagnostics: Diagnostic[]): void {
  const primary = primaryOf(module.pages, defaultLocale)!;
  for (const locale of locales) {
    if (!module.pages.has(locale)) {
      diagnostics.push({
        severity: 'info',
        ruleId: 'page-missing-in-locale',
        message: `module "${module.name}" has no ${locale} page`,
        position: startOf(primary.document),
      });
    }
  }
  for (const code of [...codesOf(module)].sort((a, b) => a - b)) {
    const present = [...module.pages.values()].filter((page) => page.entries.has(code));
    const absent = [...module.pages.values()].filter((page) => !page.entries.has(code));
    if (absent.length === 0) continue;
    const witness = present.find((page) => page.locale === defaultLocale) ?? present[0]!;
    for (const page of absent) {
      diagnostics.push({
        severity: 'warning',
        ruleId: 'missing-in-locale',
        message: `code ${code} of module "${module.name}" is documented in ${present.map((other) => other.locale).join(', ')} but missing from the ${page.locale} page`,
        position: witness.entries.get(code)!.position,
        related: startOf(page.document),
      });
    }
  }
}
