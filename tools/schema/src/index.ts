export type * from './types.js';
export { DEFAULT_LOCALE, localeFallbackChain, localeSearchOrder, normalizeLocale } from './locale.js';
export { catalogueSchema, commonSchema, documentSchema } from './schemas.js';
export { validateCatalogue, validateDocument } from './validate.js';
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
