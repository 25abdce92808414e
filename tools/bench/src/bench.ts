// `pnpm bench`: times errcat against the bare remark-parse floor on 1×, 4× and 16× copies of the
// reference corpus, prints a table per size, writes results/latest.json and checks the targets.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { basePages, writeScaledDocs } from './corpus.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const corpusDir = join(repoRoot, '..', 'shared', 'corpus');
const cliBin = join(repoRoot, 'tools', 'cli', 'bin', 'errcat.js');
const floorScript = fileURLToPath(new URL('./floor.js', import.meta.url));
const resultsFile = join(repoRoot, 'tools', 'bench', 'results', 'latest.json');

interface Measurement {
  step: string;
  seconds: number;
  maxRssKb: number;
}

interface SizeResult {
  copies: number;
  files: number;
  megabytes: number;
  measurements: Measurement[];
}

function timed(command: string, args: string[]): Measurement & { stdout: string } {
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', 'maxrss-kb=%M', command, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${run.status}:\n${run.stderr.slice(-2000)}`);
  }
  const rss = /maxrss-kb=(\d+)/.exec(run.stderr);
  return { step: '', seconds, maxRssKb: rss ? Number(rss[1]) : 0, stdout: run.stdout };
}

function measureSize(copies: number, workDir: string): SizeResult {
  const docs = join(workDir, `docs-${copies}x`);
  const out = join(workDir, `out-${copies}x`);
  const { files, bytes } = writeScaledDocs(basePages(corpusDir), copies, docs);
  const listFile = join(workDir, `files-${copies}x.json`);
  writeFileSync(listFile, JSON.stringify(files));
  rmSync(out, { recursive: true, force: true });
  // A cache of the bench's own, so a cold build starts without one.
  const cache = join(workDir, `cache-${copies}x`);
  rmSync(cache, { recursive: true, force: true });

  const floorRun = timed(process.execPath, [floorScript, listFile]);
  const floor = JSON.parse(floorRun.stdout) as { seconds: number; maxRssKb: number };
  const build = (step: string) => ({ ...timed(process.execPath, [cliBin, 'build', '--docs', docs, '--out', out, '--cache', cache]), step });
  const cold = build('errcat build (cold)');
  const noop = build('no-op rebuild');
  appendFileSync(files[0]!, '\nOne more sentence, edited for the benchmark.\n');
  const changed = build('one page changed');
  return {
    copies,
    files: files.length,
    megabytes: bytes / 1e6,
    measurements: [{ step: 'remark-parse floor (1 thread)', seconds: floor.seconds, maxRssKb: floor.maxRssKb }, cold, noop, changed].map(
      ({ step, seconds, maxRssKb }) => ({ step, seconds, maxRssKb }),
    ),
  };
}

function table(result: SizeResult): string {
  const floor = result.measurements[0]!.seconds;
  const rows = result.measurements.map((m) =>
    `| ${m.step} | ${m.seconds.toFixed(2)} | ${(result.megabytes / m.seconds).toFixed(2)} | ${(m.seconds / floor).toFixed(2)} | ${(m.maxRssKb / 1024).toFixed(0)} |`,
  );
  return [
    `### ${result.copies}× — ${result.files} files, ${result.megabytes.toFixed(2)} MB`,
    '',
    '| step | seconds | MB/s | × floor | peak RSS (MB) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

interface Check {
  target: string;
  value: number;
  limit: number;
  passed: boolean;
}

function checks(results: readonly SizeResult[]): Check[] {
  const smallest = results[0]!;
  const largest = results.at(-1)!;
  const seconds = (result: SizeResult, index: number) => result.measurements[index]!.seconds;
  const perMb = (result: SizeResult, index: number) => seconds(result, index) / result.megabytes;
  const check = (target: string, value: number, limit: number): Check => ({ target, value, limit, passed: value <= limit });
  return [
    check(`cold build ÷ floor at ${largest.copies}×`, seconds(largest, 1) / seconds(largest, 0), 1.0),
    check(`no-op rebuild ÷ cold at ${largest.copies}×`, seconds(largest, 2) / seconds(largest, 1), 0.05),
    check(`one page changed ÷ cold at ${largest.copies}×`, seconds(largest, 3) / seconds(largest, 1), 0.15),
    check(`cold s/MB at ${largest.copies}× ÷ at ${smallest.copies}×`, perMb(largest, 1) / perMb(smallest, 1), 1.25),
    check(`floor s/MB at ${largest.copies}× ÷ at ${smallest.copies}× (micromark stays linear)`, perMb(largest, 0) / perMb(smallest, 0), 1.25),
    check(`peak RSS (GB) at ${largest.copies}×`, Math.max(...largest.measurements.map((m) => m.maxRssKb)) / 1024 / 1024, 1.0),
  ];
}

function main(): number {
  if (!existsSync(corpusDir)) {
    process.stderr.write(`bench: the reference corpus is missing (expected ${corpusDir})\n`);
    return 2;
  }
  const sizes = (process.argv[2] ?? '1,4,16').split(',').map(Number);
  const workDir = join(tmpdir(), 'errcat-bench');
  mkdirSync(workDir, { recursive: true });
  const results: SizeResult[] = [];
  for (const copies of sizes) {
    const result = measureSize(copies, workDir);
    results.push(result);
    process.stdout.write(`${table(result)}\n\n`);
  }
  const outcome = checks(results);
  process.stdout.write('| target | value | limit | |\n| --- | ---: | ---: | --- |\n');
  for (const item of outcome) {
    process.stdout.write(`| ${item.target} | ${item.value.toFixed(3)} | ${item.limit} | ${item.passed ? 'met' : 'MISSED'} |\n`);
  }
  mkdirSync(join(resultsFile, '..'), { recursive: true });
  writeFileSync(
    resultsFile,
    `${JSON.stringify({ node: process.version, cpus: availableParallelism(), results, checks: outcome }, null, 2)}\n`,
  );
  process.stdout.write(`\nwritten: ${resultsFile}\n`);
  return outcome.every((item) => item.passed) ? 0 : 1;
}



process.exitCode = main();
