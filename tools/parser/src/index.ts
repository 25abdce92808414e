export { normalizeSource, parseMarkdown } from './page.js';
export type { ParseOptions, ParseResult } from './page.js';
export { parse, parseAndRedact, redact } from './parse.js';
export type { RedactResult } from './parse.js';
export { kitFolderFromPath, localeFromPath, moduleFromPath } from './paths.js';
export { publicPart } from './public.js';
/** Options for {@link redact} (the same as for {@link parse}). */
export type { ParseOptions as RedactOptions } from './page.js';
