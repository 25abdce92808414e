export { checkPage } from './check.js';
export type { CheckOptions, PageCheck, Problem } from './check.js';
export { makeCase } from './mutate.js';
export type { BasePage, FuzzCase } from './mutate.js';
export { readPages } from './pages.js';
export { caseSeed, Random } from './random.js';
export { formatSummary, runFuzz } from './run.js';
export type { FuzzFailure, FuzzOptions, FuzzSummary } from './run.js';
