export type * from './types.js';
export { DEFAULT_LOCALE, localeFallbackChain, localeSearchOrder, normalizeLocale } from './locale.js';
export { catalogueFileSchema, catalogueSchema, commonSchema, documentSchema } from './schemas.js';
export { validateCatalogue, validateCatalogueFile, validateDocument } from './validate.js';
export { CATALOGUE_FILE_SCHEMA_VERSION, StoredCatalogueError, decodeCatalogue, encodeCatalogue, encodeEntry } from './catalogue-file.js';
export { catalogueOutline, replaceCatalogueModules, writeCatalogueFile } from './catalogue-file-bytes.js';
export type { ByteSpan, CatalogueFileBytes, CatalogueFileSpans, ModuleSpans } from './catalogue-file-bytes.js';
export type { StoredCatalogue, StoredPosition, StoredSection } from './catalogue-file.js';
export type { SchemaIssue } from './validate.js';
export { packageName, packageSlug } from './packages.js';
export {
  CATALOGUE_SCHEMA_VERSION,
  catalogueTextsOf,
  cataloguePublicTextsOf,
  catalogueVariantOf,
  documentPublicTextsOf,
  documentTextsOf,
  documentVariantOf,
  isReadableCatalogueVersion,
  messageMarkdownOf,
  metadataFileOf,
  metadataPosition,
  positionInEntry,
  positionInPage,
  sectionMarkdown,
} from './catalogue-texts.js';
