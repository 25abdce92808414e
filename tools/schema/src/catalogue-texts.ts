// How the catalogue keeps an entry's texts: without what a reader can recover (the file of a
// position inside an entry, a message's Markdown equal to its text, a section's Markdown equal to
// the plain field it was read into). Writers use the `catalogue…Of` functions, readers the
// functions below them; `documentTextsOf` & co. give the parser's full form back.
import type {
  CatalogueModule,
  CataloguePublicTexts,
  CatalogueSection,
  CatalogueTexts,
  CatalogueVariant,
  EntryTexts,
  ErrorVariant,
  PositionInPage,
  PublicEntryTexts,
  Section,
  SectionKind,
  SourcePosition,
} from './types.js';

/** The version of the catalogue in memory (`Catalogue`); catalogue.json is written as version 3 (`encodeCatalogue`). */
export const CATALOGUE_SCHEMA_VERSION = 2;

/**
 * Whether a catalogue file's `schemaVersion` is one the readers here understand: 3 (catalogue.json
 * as errcat writes it, read back with `decodeCatalogue`), 2, or 1, which wrote out everything 2
 * leaves out and so reads the same.
 * @param version The `schemaVersion` read.
 */
export function isReadableCatalogueVersion(version: unknown): version is 1 | 2 | 3 {
  return version === 1 || version === 2 || version === 3;
}

/** Texts with a runtime message, in either form. */
type MessageTexts = { message: string; messageMarkdown?: string };

/**
 * The runtime message as Markdown source.
 * @param texts Texts of a catalogue entry or variant (or a parsed one).
 */
export function messageMarkdownOf(texts: MessageTexts): string {
  return texts.messageMarkdown ?? texts.message;
}

/** The Markdown a section's body holds when the catalogue leaves it out, for the kinds that may. */
function impliedMarkdown(kind: SectionKind, texts: CatalogueTexts | EntryTexts): string | undefined {
  switch (kind) {
    case 'message':
      return messageMarkdownOf(texts);
    case 'description':
      return texts.description;
    case 'causes':
      return texts.causes.length === 1 ? texts.causes[0] : undefined;
    case 'solutions':
      return texts.solutions.length === 1 ? texts.solutions[0] : undefined;
    case 'extra':
      return undefined;
  }
}

/**
 * A section's body as Markdown source, exactly as the page writes it.
 * @param section A section of `texts`.
 * @param texts The texts (of a locale entry, a variant or public texts) the section belongs to.
 */
export function sectionMarkdown(section: Pick<CatalogueSection, 'kind' | 'markdown'>, texts: CatalogueTexts | EntryTexts): string {
  return section.markdown ?? impliedMarkdown(section.kind, texts) ?? '';
}

/**
 * A position inside a locale entry (a section's, a variant's) as a full source position.
 * @param entry The locale entry (or anything with the entry's position).
 * @param position The position inside it.
 */
export function positionInEntry(entry: { position: SourcePosition }, position: PositionInPage): SourcePosition {
  // A version-1 catalogue still names the file: it is the same one.
  return { file: entry.position.file, ...position };
}

/**
 * The page a module's metadata (and its `metadataPositions`) comes from: the default locale's
 * page, else the page of the first locale in code-point order.
 * @param module A catalogue module.
 * @param defaultLocale The catalogue's default locale.
 */
export function metadataFileOf(module: Pick<CatalogueModule, 'sources'>, defaultLocale: string): string | undefined {
  return module.sources[defaultLocale] ?? module.sources[Object.keys(module.sources).sort()[0] ?? ''];
}

/**
 * Where one metadata comment of a module is.
 * @param module A catalogue module.
 * @param key `kit`, `subsystem`, `owner`, …, or `extra.<Key>`.
 * @param defaultLocale The catalogue's default locale.
 * @returns The position, or undefined when the page has no such comment.
 */
export function metadataPosition(module: Pick<CatalogueModule, 'sources' | 'metadataPositions'>, key: string, defaultLocale: string): SourcePosition | undefined {
  const position = module.metadataPositions?.[key];
  const file = metadataFileOf(module, defaultLocale);
  if (position === undefined || file === undefined) return undefined;
  return { file, ...position };
}

/**
 * A position of a page as the catalogue keeps it inside a record of that page.
 * @param position A position the parser gave.
 * @param file The file of the record around it.
 * @throws When the position is in another file (the catalogue could not say which).
 */
export function positionInPage(position: SourcePosition, file: string): PositionInPage {
  if (position.file !== file) throw new Error(`a position in ${position.file} (line ${position.line}) sits inside a record of ${file}`);
  return position.endLine === undefined ? { line: position.line, column: position.column } : { line: position.line, column: position.column, endLine: position.endLine };
}

/**
 * Parsed texts as the catalogue keeps them.
 * @param texts Texts the parser gave (an entry, a variant, public texts).
 * @param file The page they are on.
 */
export function catalogueTextsOf(texts: EntryTexts, file: string): CatalogueTexts {
  const { message, messageMarkdown, description } = texts;
  const result: CatalogueTexts =
    messageMarkdown === message
      ? { message, description, causes: [...texts.causes], solutions: [...texts.solutions], sections: [] }
      : { message, messageMarkdown, description, causes: [...texts.causes], solutions: [...texts.solutions], sections: [] };
  result.sections = texts.sections.map(({ kind, label, markdown, position }): CatalogueSection => {
    const inPage = positionInPage(position, file);
    return markdown === impliedMarkdown(kind, result) ? { kind, label, position: inPage } : { kind, label, markdown, position: inPage };
  });
  return result;
}

/**
 * A parsed variant as the catalogue keeps it.
 * @param variant A variant the parser gave.
 * @param file The page it is on.
 */
export function catalogueVariantOf(variant: ErrorVariant, file: string): CatalogueVariant {
  return {
    title: variant.title,
    visibility: variant.visibility,
    ...catalogueTextsOf(variant, file),
    position: positionInPage(variant.position, file),
    ...(variant.intro !== undefined && { intro: variant.intro }),
  };
}

/**
 * Parsed public texts as the catalogue keeps them.
 * @param texts Public texts the parser gave.
 * @param file The page they are on.
 */
export function cataloguePublicTextsOf(texts: PublicEntryTexts, file: string): CataloguePublicTexts {
  const result: CataloguePublicTexts = catalogueTextsOf(texts, file);
  if (texts.intro !== undefined) result.intro = texts.intro;
  if (texts.stub !== undefined) result.stub = texts.stub;
  if (texts.variants !== undefined) result.variants = texts.variants.map((variant) => catalogueVariantOf(variant, file));
  return result;
}

/**
 * Catalogue texts in the parser's full form: every Markdown written out, every position with its file.
 * @param texts Texts of a catalogue entry, variant or public texts.
 * @param file The file of the locale entry they belong to.
 */
export function documentTextsOf(texts: CatalogueTexts, file: string): EntryTexts {
  const at = { position: { file, line: 1, column: 1 } };
  return {
    message: texts.message,
    messageMarkdown: messageMarkdownOf(texts),
    description: texts.description,
    causes: [...texts.causes],
    solutions: [...texts.solutions],
    sections: texts.sections.map((section): Section => ({ kind: section.kind, label: section.label, markdown: sectionMarkdown(section, texts), position: positionInEntry(at, section.position) })),
  };
}

/**
 * A catalogue variant in the parser's full form.
 * @param variant A catalogue variant.
 * @param file The file of the locale entry it belongs to.
 */
export function documentVariantOf(variant: CatalogueVariant, file: string): ErrorVariant {
  const result: ErrorVariant = { ...documentTextsOf(variant, file), title: variant.title, visibility: variant.visibility, position: positionInEntry({ position: { file, line: 1, column: 1 } }, variant.position) };
  if (variant.intro !== undefined) result.intro = variant.intro;
  return result;
}

/**
 * Catalogue public texts in the parser's full form.
 * @param texts Public texts of a catalogue entry.
 * @param file The file of the locale entry they belong to.
 */
export function documentPublicTextsOf(texts: CataloguePublicTexts, file: string): PublicEntryTexts {
  const result: PublicEntryTexts = documentTextsOf(texts, file);
  if (texts.intro !== undefined) result.intro = texts.intro;
  if (texts.stub !== undefined) result.stub = texts.stub;
  if (texts.variants !== undefined) result.variants = texts.variants.map((variant) => documentVariantOf(variant, file));
  return result;
}
