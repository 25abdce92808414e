// How catalogue.json stores a catalogue (version 3): the catalogue of the `Catalogue` type with
// its most repeated records written as arrays. A position is `[line, column]` or
// `[line, column, endLine]`, a locale entry's position too when its file is the module's page of
// that locale; a section is `[kind, label, line, column, endLine?]`, or with its Markdown
// `[kind, label, markdown, line, column, endLine?]`. Everything else is as in memory.
import type {
  Catalogue,
  CatalogueEntry,
  CatalogueModule,
  CataloguePublicTexts,
  CatalogueSection,
  CatalogueTexts,
  CatalogueVariant,
  LocalizedEntry,
  PositionInPage,
  SectionKind,
  SourcePosition,
} from './types.js';

/** The catalogue version catalogue.json is written in. */
export const CATALOGUE_FILE_SCHEMA_VERSION = 3;

/** A position in a page, as stored: `[line, column]` or `[line, column, endLine]`. */
export type StoredPosition = [line: number, column: number] | [line: number, column: number, endLine: number];

/** A section as stored: without its Markdown, or with it third. */
export type StoredSection =
  | [kind: SectionKind, label: string, line: number, column: number]
  | [kind: SectionKind, label: string, line: number, column: number, endLine: number]
  | [kind: SectionKind, label: string, markdown: string, line: number, column: number]
  | [kind: SectionKind, label: string, markdown: string, line: number, column: number, endLine: number];

/** A catalogue as catalogue.json holds it (version 3), or an older file, which reads as it is. */
export interface StoredCatalogue extends Omit<Catalogue, 'schemaVersion' | 'errors'> {
  schemaVersion: 3;
  errors: Record<string, unknown>;
}

function storedPosition(position: PositionInPage): StoredPosition {
  return position.endLine === undefined ? [position.line, position.column] : [position.line, position.column, position.endLine];
}

function positionFrom(stored: readonly number[]): PositionInPage {
  const [line, column, endLine] = stored as [number, number, number?];
  return endLine === undefined ? { line, column } : { line, column, endLine };
}

function storedSection(section: CatalogueSection): StoredSection {
  const { kind, label, markdown, position } = section;
  return (markdown === undefined ? [kind, label, ...storedPosition(position)] : [kind, label, markdown, ...storedPosition(position)]) as StoredSection;
}

function sectionFrom(stored: readonly unknown[]): CatalogueSection {
  const [kind, label] = stored as [SectionKind, string];
  if (typeof stored[2] === 'string') return { kind, label, markdown: stored[2], position: positionFrom(stored.slice(3) as number[]) };
  return { kind, label, position: positionFrom(stored.slice(2) as number[]) };
}

/** Texts with their sections and variants rewritten by `section` and `variant`, every other key kept where it was. */
function mapTexts<T extends CatalogueTexts & { variants?: CatalogueVariant[] }>(texts: T, section: (value: any, index: number) => unknown, position: (value: any) => unknown): T {
  const result: any = { ...texts, sections: texts.sections.map(section) };
  if (texts.variants !== undefined) {
    result.variants = texts.variants.map((variant: any) => ({ ...variant, sections: variant.sections.map(section), position: position(variant.position) }));
  }
  return result as T;
}

function mapEntries(errors: Record<string, any>, locale: (entry: any, code: string) => Record<string, unknown>): Record<string, any> {
  const result: Record<string, any> = {};
  for (const [code, entry] of Object.entries(errors)) result[code] = { ...entry, locales: locale(entry, code) };
  return result;
}

/**
 * A catalogue in the form catalogue.json stores (version 3), ready for `JSON.stringify`.
 * @param catalogue A catalogue as `mergeDocuments` gives it.
 */
export function encodeCatalogue(catalogue: Catalogue): StoredCatalogue {
  const errors = mapEntries(catalogue.errors, (entry: CatalogueEntry) => encodeLocales(entry, catalogue.modules[entry.module]));
  return { ...catalogue, schemaVersion: CATALOGUE_FILE_SCHEMA_VERSION, errors };
}

/**
 * One entry in the form catalogue.json stores it (as under its code in `encodeCatalogue`'s `errors`).
 * @param entry A catalogue entry.
 * @param module The module it belongs to (`catalogue.modules[entry.module]`).
 */
export function encodeEntry(entry: CatalogueEntry, module: CatalogueModule | undefined): unknown {
  return { ...entry, locales: encodeLocales(entry, module) };
}

function encodeLocales(entry: CatalogueEntry, module: CatalogueModule | undefined): Record<string, unknown> {
  const encodeLocale = (locale: string, texts: LocalizedEntry) => {
    const result: any = mapTexts(texts, storedSection, storedPosition);
    const { file, ...inPage } = texts.position;
    if (module?.sources[locale] === file) result.position = storedPosition(inPage);
    if (texts.publicTexts !== undefined) result.publicTexts = mapTexts(texts.publicTexts, storedSection, storedPosition);
    return result;
  };
  return Object.fromEntries(Object.entries(entry.locales).map(([locale, texts]) => [locale, encodeLocale(locale, texts)]));
}

/** Thrown when a version-3 catalogue.json cannot be read back. */
export class StoredCatalogueError extends Error {}

/**
 * The catalogue a catalogue.json holds, in memory form: version 3 read back (`encodeCatalogue`'s
 * inverse), version 1 and 2 as they are (their readers here understand them).
 * @param value The parsed JSON of a catalogue.json, its `schemaVersion` checked to be 1, 2 or 3.
 * @throws StoredCatalogueError When a version-3 entry names a module the catalogue lacks or a record has the wrong shape.
 */
export function decodeCatalogue(value: StoredCatalogue | Catalogue | { schemaVersion: 1 }): Catalogue {
  if (value.schemaVersion !== CATALOGUE_FILE_SCHEMA_VERSION) return value as Catalogue;
  const stored = value as StoredCatalogue;
  const at = (where: string, what: string): never => {
    throw new StoredCatalogueError(`${where}: ${what}`);
  };
  const section = (where: string) => (item: unknown, index: number) =>
    Array.isArray(item) ? sectionFrom(item) : at(`${where}/sections/${index}`, 'a section must be an array');
  const position = (where: string) => (item: unknown) => (Array.isArray(item) ? positionFrom(item as number[]) : at(where, 'a position must be an array'));
  const decodeLocale = (code: string, module: string, locale: string, texts: any) => {
    const where = `/errors/${code}/locales/${locale}`;
    if (texts === null || typeof texts !== 'object' || !Array.isArray(texts.sections)) at(where, 'locale texts must be an object with sections');
    const result: any = mapTexts(texts, section(where), position(`${where}/variants`));
    if (Array.isArray(texts.position)) {
      const file = stored.modules[module]?.sources[locale] ?? at(`${where}/position`, `the position names no file and module "${module}" has no ${locale} page`);
      result.position = { file, ...positionFrom(texts.position as number[]) } satisfies SourcePosition;
    }
    if (texts.publicTexts !== undefined) result.publicTexts = mapTexts(texts.publicTexts as CataloguePublicTexts, section(`${where}/publicTexts`), position(`${where}/publicTexts/variants`));
    return result as LocalizedEntry;
  };
  const errors = mapEntries(stored.errors as Record<string, any>, (entry, code) => {
    if (entry === null || typeof entry !== 'object' || entry.locales === null || typeof entry.locales !== 'object') at(`/errors/${code}`, 'an entry must be an object with locales');
    return Object.fromEntries(Object.entries(entry.locales as Record<string, unknown>).map(([locale, texts]) => [locale, decodeLocale(code, entry.module, locale, texts)]));
  });
  return { ...stored, schemaVersion: 2, errors } as Catalogue;
}
