// `pnpm fuzz --cases N --seed S`: mutates real error-code pages and checks what the parser makes of
// each (see README.md). Exit 0 when every case passes, 1 when one fails, 2 on a usage error.
import { randomInt } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeCase } from './mutate.js';
import { readPages } from './pages.js';
import { caseSeed } from './random.js';
import { formatSummary, runFuzz } from './run.js';

const usage = `Usage: pnpm fuzz [--cases N] [--seed S] [--case I --write FILE] [--pages DIR] [--max-ratio R | --no-timing] [--json FILE]

  --cases N       mutated pages to check (default 1000)
  --seed S        seed of the run (default: a random one, printed)
  --case I        run only case I of the run (with --seed), to reproduce a failure
  --write FILE    with --case: write the mutated page to FILE
  --pages DIR     folder of errorcode-*.md pages to mutate (default ../shared/corpus, else docs-source)
  --max-ratio R   fail a page whose parse takes more than R times its bare remark-parse (default 3)
  --no-timing     do not time pages
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
const only = values['case'] === undefined ? undefined : [integer(values['case'] as string, '--case', 0)];
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

const total = only?.length ?? cases;
const step = Math.max(1, Math.ceil(total / 20));
const summary = runFuzz({
  pages,
  cases,
  seed,
  ...(only ? { only } : {}),
  ...(maxRatio !== undefined ? { maxRatio } : {}),
  onCase: (_index, done) => {
    if (done % step === 0 && done < total) process.stderr.write(`  ${done}/${total} cases\n`);
  },
});
const source = pagesDir === corpus ? '../shared/corpus' : pagesDir;
process.stdout.write(`${formatSummary(summary, `${source} (${pages.length} pages)`)}\n`);
if (values['json'] !== undefined) writeFileSync(resolve(userCwd, values['json'] as string), `${JSON.stringify(summary, null, 2)}\n`);
process.exit(summary.failures.length > 0 ? 1 : 0);
