export type * from './types.js';
export { DEFAULT_LOCALE, localeFallbackChain, normalizeLocale } from './locale.js';
