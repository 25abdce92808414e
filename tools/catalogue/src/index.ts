export { mergeDocuments } from './merge.js';
export type { MergeOptions, MergeResult } from './merge.js';
export { publicCatalogue } from './public.js';
