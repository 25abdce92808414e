import { parseAndRedact } from '@errcat/parser';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { checkPage, type Problem } from './check.js';
import { makeCase, type BasePage } from './mutate.js';
import { caseSeed } from './random.js';

const bare = unified().use(remarkParse);

/** How to run the fuzzer. */
export interface FuzzOptions {
  pages: readonly BasePage[];
  /** How many cases. */
  cases: number;
  seed: number;
  /** Run only these case indices (to reproduce a failure). */
  only?: readonly number[];
  /** Check each page's parse time against the bare remark-parse (off in the test suite: no timed tests). */
  maxRatio?: number;
  /** Called after each case. */
  onCase?: (index: number, done: number) => void;
}

/** A case that failed. */
export interface FuzzFailure {
  index: number;
  path: string;
  mutations: string[];
  problems: Problem[];
}

/** What a run found. */
export interface FuzzSummary {
  seed: number;
  cases: number;
  /** Cases without an error diagnostic, on which the redaction property was checked. */
  clean: number;
  failures: FuzzFailure[];
  seconds: number;
  /** Parse time ÷ bare remark-parse time per case, when timed. */
  ratios?: { median: number; p99: number; worst: { ratio: number; index: number; path: string; characters: number } };
}

/**
 * Run `cases` mutated pages through the parser and check each (see {@link checkPage}).
 * @param options What to run.
 */
export function runFuzz(options: FuzzOptions): FuzzSummary {
  const indices = options.only ?? Array.from({ length: options.cases }, (_unused, index) => index);
  const timing = options.maxRatio === undefined ? undefined : { maxRatio: options.maxRatio };
  if (timing) warmUp(options.pages);
  const failures: FuzzFailure[] = [];
  const ratios: Array<{ ratio: number; index: number; path: string; characters: number }> = [];
  let clean = 0;
  const started = performance.now();
  indices.forEach((index, done) => {
    const fuzzCase = makeCase(options.pages, caseSeed(options.seed, index));
    const check = checkPage(fuzzCase.text, fuzzCase.path, timing ? { timing } : {});
    if (check.clean) clean++;
    if (check.parseMs !== undefined && check.bareMs !== undefined && check.bareMs > 0) {
      ratios.push({ ratio: check.parseMs / check.bareMs, index, path: fuzzCase.path, characters: fuzzCase.text.length });
    }
    if (check.problems.length > 0) failures.push({ index, path: fuzzCase.path, mutations: fuzzCase.mutations, problems: check.problems });
    options.onCase?.(index, done + 1);
  });
  const summary: FuzzSummary = { seed: options.seed, cases: indices.length, clean, failures, seconds: (performance.now() - started) / 1000 };
  if (ratios.length > 0) {
    const sorted = [...ratios].sort((a, b) => a.ratio - b.ratio);
    const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!.ratio;
    summary.ratios = { median: at(0.5), p99: at(0.99), worst: sorted.at(-1)! };
  }
  return summary;
}

/** Parse some base pages a few times first, so the first cases are not timed against a cold compiler. */
function warmUp(pages: readonly BasePage[]): void {
  for (let round = 0; round < 3; round++) {
    for (const page of pages.slice(0, 20)) {
      parseAndRedact(page.source, { path: page.path });
      bare.parse(page.source);
    }
  }
}

/**
 * The summary as printed: counts, each failure with what reproduces it, times.
 * @param summary What a run found.
 * @param source Where the base pages came from.
 */
export function formatSummary(summary: FuzzSummary, source: string): string {
  const out: string[] = [];
  out.push(`errcat fuzz: ${summary.cases} cases, seed ${summary.seed}, pages from ${source}`);
  out.push(`checked: no throw; every diagnostic and entry inside the page (file, line, column); parse(redact(p)) = publicPart(parse(p)) on the ${summary.clean} cases without errors${summary.ratios ? '; parse time against the bare remark-parse of the same text' : ''}`);
  out.push(`failures: ${summary.failures.length}`);
  for (const failure of summary.failures.slice(0, 50)) {
    out.push(`  case ${failure.index} (${failure.path}; ${failure.mutations.join('; ')})`);
    for (const problem of failure.problems.slice(0, 5)) out.push(`    ${problem.check}: ${problem.message.split('\n').join('\n      ')}`);
    out.push(`    reproduce: pnpm fuzz --seed ${summary.seed} --case ${failure.index} --write case-${failure.index}.md`);
  }
  if (summary.failures.length > 50) out.push(`  … and ${summary.failures.length - 50} more`);
  out.push(`time: ${summary.seconds.toFixed(1)} s, ${((summary.seconds * 1000) / Math.max(summary.cases, 1)).toFixed(1)} ms per case`);
  if (summary.ratios) {
    const { median, p99, worst } = summary.ratios;
    out.push(
      `parse ÷ bare remark-parse (lowest of repeats): median ${median.toFixed(2)}×, 99th percentile ${p99.toFixed(2)}×, worst ${worst.ratio.toFixed(2)}× (case ${worst.index}, ${worst.path}, ${worst.characters} characters)`,
    );
  }
  return out.join('\n');
}
