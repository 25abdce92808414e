import { describe, expect, it } from 'vitest';
import { corpusPages } from '../../testing/corpus.js';
import { formatSummary, runFuzz } from '../src/index.js';

// A new seed every run (printed on failure, with the command that reproduces each failing case);
// ERRCAT_FUZZ_SEED pins one.
const seed = process.env['ERRCAT_FUZZ_SEED'] !== undefined ? Number(process.env['ERRCAT_FUZZ_SEED']) : Math.floor(Math.random() * 2 ** 31);
const pages = corpusPages().map((page) => ({ path: page.path, source: page.source }));

describe('2,000 mutated real pages', () => {
  it('never make the parser throw, place every diagnostic inside the page, and redact to the public part', () => {
    const summary = runFuzz({ pages, cases: 2_000, seed });
    expect(summary.cases).toBe(2_000);
    // Most cases keep the page readable, so the redaction property is checked on many of them.
    expect(summary.clean).toBeGreaterThan(400);
    expect(summary.failures, formatSummary(summary, `the reference corpus (${pages.length} pages)`)).toEqual([]);
  }, 600_000);
});
