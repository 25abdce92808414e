export { checkPage } from './check.js';
export type { CheckOptions, PageCheck, Problem } from './check.js';
export { makeCase } from './mutate.js';
export type { BasePage, FuzzCase } from './mutate.js';
export { readPages } from './pages.js';
export { caseSeed, Random } from './random.js';
export { applyRemeasured, casesNearLimit, formatSummary, mergeResults, runCases, runFuzz, summarize } from './run.js';
export type { CaseResults, FuzzFailure, FuzzOptions, FuzzSummary, TimedCase } from './run.js';
