export { normalizeSource, parse, parseMarkdown } from './parse.js';
export type { ParseOptions, ParseResult } from './parse.js';
export { kitFolderFromPath, localeFromPath, moduleFromPath } from './paths.js';
export { publicPart, redact } from './redact.js';
export type { RedactOptions, RedactResult } from './redact.js';
