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
  /** Pairs of batches that time each page, 0 for a screening, and untimed calls before (see `CheckOptions`). */
  rounds?: number;
  warm?: number;
  /**
   * Measure again, away from this run, the cases that were over `maxRatio` in it: the ratio each
   * has there. A long run leaves the process in a state (collected garbage, code optimized for
   * other pages) that no single parse of a page meets, so a page is slow only if it is slow again
   * on its own.
   */
  confirm?: (indices: number[]) => Map<number, number>;
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

/** One timed case: parse time ÷ bare remark-parse time. */
export interface TimedCase {
  index: number;
  ratio: number;
  path: string;
  characters: number;
}

/** What checking some cases of a run found, before any is measured again. */
export interface CaseResults {
  cases: number;
  /** Cases without an error diagnostic, on which the redaction property was checked. */
  clean: number;
  failures: FuzzFailure[];
  timed: TimedCase[];
  seconds: number;
}

/** What a run found. */
export interface FuzzSummary {
  seed: number;
  cases: number;
  /** Cases without an error diagnostic, on which the redaction property was checked. */
  clean: number;
  failures: FuzzFailure[];
  seconds: number;
  /** Cases measured again on their own (over the time limit within the run), how many were over it in the run, and how many on their own. */
  slow?: { measuredAgain: number; overInRun: number; confirmed: number };
  /** Each case's ratio, when only some cases were run. */
  caseRatios?: Record<number, number>;
  /** Parse time ÷ bare remark-parse time per case, when timed (a case measured again counts with its ratio then). */
  ratios?: { median: number; p99: number; worst: TimedCase };
}

function timingOf(options: FuzzOptions) {
  if (options.maxRatio === undefined) return undefined;
  return { maxRatio: options.maxRatio, ...(options.rounds !== undefined ? { rounds: options.rounds } : {}), ...(options.warm !== undefined ? { warm: options.warm } : {}) };
}

/**
 * Check the cases of a run (all, or `only`), without measuring any again.
 * @param options What to run.
 */
export function runCases(options: FuzzOptions): CaseResults {
  const indices = options.only ?? Array.from({ length: options.cases }, (_unused, index) => index);
  const timing = timingOf(options);
  if (timing) warmUp(options.pages);
  const failures: FuzzFailure[] = [];
  const timed: TimedCase[] = [];
  let clean = 0;
  const started = performance.now();
  indices.forEach((index, done) => {
    const fuzzCase = makeCase(options.pages, caseSeed(options.seed, index));
    const check = checkPage(fuzzCase.text, fuzzCase.path, timing ? { timing } : {});
    if (check.clean) clean++;
    if (check.ratio !== undefined) timed.push({ ratio: check.ratio, index, path: fuzzCase.path, characters: fuzzCase.text.length });
    if (check.problems.length > 0) failures.push({ index, path: fuzzCase.path, mutations: fuzzCase.mutations, problems: check.problems });
    options.onCase?.(index, done + 1);
  });
  return { cases: indices.length, clean, failures, timed, seconds: (performance.now() - started) / 1000 };
}

/**
 * The results of several parts of one run (processes that each checked some of its cases) as one.
 * @param parts Each part's results.
 */
export function mergeResults(parts: readonly CaseResults[]): CaseResults {
  return {
    cases: parts.reduce((sum, part) => sum + part.cases, 0),
    clean: parts.reduce((sum, part) => sum + part.clean, 0),
    failures: parts.flatMap((part) => part.failures).sort((a, b) => a.index - b.index),
    timed: parts.flatMap((part) => part.timed).sort((a, b) => a.index - b.index),
    seconds: Math.max(0, ...parts.map((part) => part.seconds)),
  };
}

/** The timed cases worth measuring again on their own: those over the limit in the screening of a long run (see `CheckOptions`). */
export function casesNearLimit(results: CaseResults, maxRatio: number): number[] {
  return results.timed.filter((entry) => entry.ratio > maxRatio).map((entry) => entry.index);
}

/**
 * Put the ratios of cases measured again on their own in place of their ratios within the run: a
 * case fails the time check only if it is over the limit there.
 * @param results The run's results (changed in place).
 * @param again Ratio of each case measured again.
 */
export function applyRemeasured(results: CaseResults, again: ReadonlyMap<number, number>, options: Pick<FuzzOptions, 'pages' | 'seed'> & { maxRatio: number }): NonNullable<FuzzSummary['slow']> {
  const { maxRatio } = options;
  let confirmed = 0;
  let overInRun = 0;
  for (const entry of results.timed) {
    const ratio = again.get(entry.index);
    if (ratio === undefined) continue;
    const inRun = entry.ratio;
    if (inRun > maxRatio) overInRun++;
    entry.ratio = ratio;
    let failure = results.failures.find((item) => item.index === entry.index);
    if (failure) failure.problems = failure.problems.filter((problem) => problem.check !== 'time');
    if (ratio > maxRatio) {
      confirmed++;
      if (!failure) {
        const fuzzCase = makeCase(options.pages, caseSeed(options.seed, entry.index));
        failure = { index: entry.index, path: fuzzCase.path, mutations: fuzzCase.mutations, problems: [] };
        results.failures.push(failure);
      }
      failure.problems.push({ check: 'time', message: `parse took ${ratio.toFixed(2)}× the bare remark-parse of the same text, measured on its own (${inRun.toFixed(2)}× within the run; limit ${maxRatio}×)` });
    }
  }
  results.failures = results.failures.filter((failure) => failure.problems.length > 0).sort((a, b) => a.index - b.index);
  return { measuredAgain: again.size, overInRun, confirmed };
}

/**
 * A run's summary from its results.
 * @param results What the cases found.
 */
export function summarize(results: CaseResults, seed: number, extra: { slow?: FuzzSummary['slow']; caseRatios?: boolean } = {}): FuzzSummary {
  const summary: FuzzSummary = { seed, cases: results.cases, clean: results.clean, failures: results.failures, seconds: results.seconds };
  if (extra.slow) summary.slow = extra.slow;
  if (extra.caseRatios) summary.caseRatios = Object.fromEntries(results.timed.map((entry) => [entry.index, entry.ratio]));
  if (results.timed.length > 0) {
    const sorted = [...results.timed].sort((a, b) => a.ratio - b.ratio);
    const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!.ratio;
    summary.ratios = { median: at(0.5), p99: at(0.99), worst: sorted.at(-1)! };
  }
  return summary;
}

/**
 * Run `cases` mutated pages through the parser and check each (see {@link checkPage}), in this
 * process.
 * @param options What to run.
 */
export function runFuzz(options: FuzzOptions): FuzzSummary {
  const results = runCases(options);
  let slow: FuzzSummary['slow'];
  if (options.maxRatio !== undefined && options.confirm) {
    const near = casesNearLimit(results, options.maxRatio);
    slow = applyRemeasured(results, near.length > 0 ? options.confirm(near) : new Map(), { ...options, maxRatio: options.maxRatio });
  }
  return summarize(results, options.seed, { ...(slow ? { slow } : {}), caseRatios: options.only !== undefined });
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
  out.push(`checked: no throw; the syntax tree remark-parse builds; every diagnostic and entry inside the page (file, line, column); parse(redact(p)) = publicPart(parse(p)) on the ${summary.clean} cases without errors${summary.ratios ? '; parse time against the bare remark-parse of the same text' : ''}`);
  out.push(`failures: ${summary.failures.length}`);
  for (const failure of summary.failures.slice(0, 50)) {
    out.push(`  case ${failure.index} (${failure.path}; ${failure.mutations.join('; ')})`);
    for (const problem of failure.problems.slice(0, 5)) out.push(`    ${problem.check}: ${problem.message.split('\n').join('\n      ')}`);
    out.push(`    reproduce: pnpm fuzz --seed ${summary.seed} --case ${failure.index} --write case-${failure.index}.md`);
  }
  if (summary.failures.length > 50) out.push(`  … and ${summary.failures.length - 50} more`);
  if (summary.slow) out.push(`time limit: ${summary.slow.overInRun} cases over it within the run, measured again each on its own: ${summary.slow.confirmed} over it then`);
  out.push(`time: ${summary.seconds.toFixed(1)} s, ${((summary.seconds * 1000) / Math.max(summary.cases, 1)).toFixed(1)} ms per case`);
  if (summary.ratios) {
    const { median, p99, worst } = summary.ratios;
    out.push(
      `parse ÷ bare remark-parse, processor time: median ${median.toFixed(2)}×, 99th percentile ${p99.toFixed(2)}×, worst ${worst.ratio.toFixed(2)}× (case ${worst.index}, ${worst.path}, ${worst.characters} characters)`,
    );
  }
  return out.join('\n');
}
