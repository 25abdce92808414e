// `pnpm fuzz --cases N --seed S`: mutates real error-code pages and checks what the parser makes of
// each (see README.md). Exit 0 when every case passes, 1 when one fails, 2 on a usage error.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeCase } from './mutate.js';
import { readPages } from './pages.js';
import { caseSeed } from './random.js';
import { applyRemeasured, casesNearLimit, formatSummary, mergeResults, runCases, runFuzz, summarize, type CaseResults, type FuzzSummary } from './run.js';

const usage = `Usage: pnpm fuzz [--cases N] [--seed S] [--case I[,J…] [--write FILE]] [--pages DIR] [--max-ratio R | --no-timing] [--jobs J] [--json FILE]

  --cases N       mutated pages to check (default 1000)
  --seed S        seed of the run (default: a random one, printed)
  --case I[,J…]   run only these cases of the run (with --seed), to reproduce a failure
  --write FILE    with one --case: write the mutated page to FILE
  --pages DIR     folder of errorcode-*.md pages to mutate (default ../shared/corpus, else docs-source)
  --max-ratio R   fail a page whose parse takes more than R times its bare remark-parse (default 3)
  --no-timing     do not time pages
  --jobs J        processes to run the cases in (default: 2, or 1 on one core)
  --json FILE     also write the summary as JSON`;

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
// pnpm runs scripts at the package root; paths the user typed are relative to where they typed them.
const userCwd = process.env['INIT_CWD'] ?? process.cwd();

function fail(message: string): never {
  process.stderr.write(`errcat fuzz: ${message}\n${usage}\n`);
  process.exit(2);
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) fail(`${name} must be an integer, got "${value}"`);
  return Number(value);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      cases: { type: 'string' },
      seed: { type: 'string' },
      case: { type: 'string' },
      write: { type: 'string' },
      pages: { type: 'string' },
      'max-ratio': { type: 'string' },
      'no-timing': { type: 'boolean' },
      json: { type: 'string' },
      jobs: { type: 'string' },
      part: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values['help']) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const cases = integer(values['cases'] as string | undefined, '--cases', 1000);
if (cases < 1) fail('--cases must be at least 1');
const seed = integer(values['seed'] as string | undefined, '--seed', randomInt(0, 2 ** 31));
const only = values['case'] === undefined ? undefined : (values['case'] as string).split(',').map((item) => integer(item.trim(), '--case', 0));
if (only && values['write'] !== undefined && only.length !== 1) fail('--write takes one --case');
if (only?.some((index) => index < 0)) fail('--case must not be negative');
const maxRatio = values['no-timing'] ? undefined : Number(values['max-ratio'] ?? 3);
if (maxRatio !== undefined && !(maxRatio > 0)) fail('--max-ratio must be a positive number');

const corpus = join(repoRoot, '..', 'shared', 'corpus');
const pagesDir = values['pages'] !== undefined ? resolve(userCwd, values['pages'] as string) : existsSync(corpus) ? corpus : join(repoRoot, 'docs-source');
if (!existsSync(pagesDir)) fail(`no folder ${pagesDir}`);
const pages = readPages(pagesDir);
if (pages.length === 0) fail(`no errorcode-*.md page under ${pagesDir}`);

if (only && values['write'] !== undefined) {
  const fuzzCase = makeCase(pages, caseSeed(seed, only[0]!));
  const target = resolve(userCwd, values['write'] as string);
  writeFileSync(target, fuzzCase.text);
  process.stderr.write(`case ${only[0]}: ${fuzzCase.path}; ${fuzzCase.mutations.join('; ')}\nwritten to ${target}\n`);
}

const jobs = integer(values['jobs'] as string | undefined, '--jobs', Math.min(2, availableParallelism()));
if (jobs < 1) fail('--jobs must be at least 1');
const part = values['part'] === undefined ? undefined : /^(\d+)\/(\d+)$/.exec(values['part'] as string);
if (values['part'] !== undefined && (!part || Number(part[1]) >= Number(part[2]))) fail(`--part must be K/N with K < N, got "${values['part']}"`);
const self = fileURLToPath(import.meta.url);
const timingArgs = maxRatio === undefined ? ['--no-timing'] : ['--max-ratio', String(maxRatio)];

/** This same command in another process; resolves when it exits, rejects unless it exits 0 or 1. */
function runSelf(args: string[]): Promise<void> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, ['--expose-gc', self, '--seed', String(seed), '--pages', pagesDir, ...timingArgs, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, INIT_CWD: userCwd },
    });
    child.on('error', failed);
    child.on('exit', (code) => (code === 0 || code === 1 ? done() : failed(new Error(`errcat fuzz ${args.join(' ')} exited with ${code}`))));
  });
}

/** Run tasks, `limit` at a time. */
async function pooled<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const at = next++;
      results[at] = await tasks[at]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * Measure cases again in fresh processes, 25 at a time (this same command with --case, `jobs` at a
 * time), and give each one's ratio there.
 */
async function remeasureApart(indices: number[], dir: string): Promise<Map<number, number>> {
  const ratios = new Map<number, number>();
  const chunks: number[][] = [];
  for (let from = 0; from < indices.length; from += 25) chunks.push(indices.slice(from, from + 25));
  let measured = 0;
  await pooled(
    chunks.map((chunk, at) => async () => {
      const out = join(dir, `again-${at}.json`);
      await runSelf(['--case', chunk.join(','), '--json', out]);
      const again = JSON.parse(readFileSync(out, 'utf8')) as FuzzSummary;
      for (const [index, ratio] of Object.entries(again.caseRatios ?? {})) ratios.set(Number(index), ratio);
      measured += chunk.length;
      process.stderr.write(`  measured ${measured}/${indices.length} cases over the time limit again, each on its own\n`);
    }),
    jobs,
  );
  return ratios;
}

const onCase = (total: number, label = '') => {
  const step = Math.max(1, Math.ceil(total / 20));
  return (_index: number, done: number) => {
    if (done % step === 0 && done < total) process.stderr.write(`  ${label}${done}/${total} cases\n`);
  };
};

let summary: FuzzSummary;
if (part) {
  // One part of a run in several processes: every N-th case, screened; the results for the run that started it.
  const [k, n] = [Number(part[1]), Number(part[2])];
  const indices = Array.from({ length: Math.ceil((cases - k) / n) }, (_unused, at) => k + at * n);
  const results = runCases({ pages, cases, seed, only: indices, ...(maxRatio !== undefined ? { maxRatio, rounds: 0 } : {}), onCase: onCase(indices.length, `part ${k + 1}/${n}: `) });
  if (values['json'] === undefined) fail('--part needs --json FILE');
  writeFileSync(resolve(userCwd, values['json'] as string), JSON.stringify(results));
  process.exit(0);
} else if (only) {
  // Cases on their own (to reproduce them, or to measure them again): each timed with repeats.
  summary = runFuzz({ pages, cases, seed, only, ...(maxRatio !== undefined ? { maxRatio } : {}), onCase: onCase(only.length) });
} else {
  // A run screens every case cheaply, in `jobs` processes; the cases over the time limit
  // are measured again in fresh processes (as --case does: untimed calls first, then pairs of batches).
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'errcat-fuzz-'));
  try {
    let results: CaseResults;
    if (jobs === 1) {
      results = runCases({ pages, cases, seed, ...(maxRatio !== undefined ? { maxRatio, rounds: 0 } : {}), onCase: onCase(cases) });
    } else {
      const parts = await Promise.all(
        Array.from({ length: Math.min(jobs, cases) }, async (_unused, k) => {
          const out = join(dir, `part-${k}.json`);
          await runSelf(['--cases', String(cases), '--part', `${k}/${Math.min(jobs, cases)}`, '--json', out]);
          return JSON.parse(readFileSync(out, 'utf8')) as CaseResults;
        }),
      );
      results = mergeResults(parts);
    }
    let slow: FuzzSummary['slow'];
    if (maxRatio !== undefined) {
      const near = casesNearLimit(results, maxRatio);
      slow = applyRemeasured(results, near.length > 0 ? await remeasureApart(near, dir) : new Map(), { pages, seed, maxRatio });
    }
    results.seconds = (performance.now() - started) / 1000;
    summary = summarize(results, seed, slow ? { slow } : {});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const source = pagesDir === corpus ? '../shared/corpus' : pagesDir;
process.stdout.write(`${formatSummary(summary, `${source} (${pages.length} pages)`)}\n`);
if (values['json'] !== undefined) writeFileSync(resolve(userCwd, values['json'] as string), `${JSON.stringify(summary, null, 2)}\n`);
process.exit(summary.failures.length > 0 ? 1 : 0);
