// `pnpm bench`: times errcat against the bare remark-parse floor on 1×, 4× and 16× copies of the
// reference corpus, in rounds (each step once per round, back to back), prints a table per size
// and the phases of each build, writes results/latest.json and checks the targets: each ratio is
// the median over this run's rounds of the ratio within a round.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, runSdkBench } from './sdk-bench.js';
import { basePages, writeScaledDocs } from './corpus.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const corpusDir = join(repoRoot, '..', 'shared', 'corpus');
const cliBin = join(repoRoot, 'tools', 'cli', 'bin', 'errcat.js');
const floorScript = fileURLToPath(new URL('./floor.js', import.meta.url));
const errcatParseScript = fileURLToPath(new URL('./errcat-parse.js', import.meta.url));
const resultsFile = join(repoRoot, 'tools', 'bench', 'results', 'latest.json');
const threads = availableParallelism();
/** Build steps in the order the phase table lists them. */
const phaseOrder = ['read', 'hash', 'load', 'reuse', 'parse', 'merge', 'validate', 'generate', 'plan', 'commit', 'stamp'];

interface Measurement {
  step: string;
  seconds: number;
  maxRssKb: number;
  /** Seconds of each build step, from `errcat build --timings`. */
  phases?: Record<string, number>;
}

interface SizeResult {
  copies: number;
  files: number;
  megabytes: number;
  /** Bytes of every file the cold build wrote. */
  outputMegabytes: number;
  /** Each step's median round (its seconds the median, its RSS the highest of any round). */
  measurements: Measurement[];
  /** Every step of every round, in the order measured. */
  rounds: Measurement[][];
}

const steps = {
  floor: 'remark-parse floor (1 thread)',
  floorThreads: `remark-parse on ${threads} threads`,
  parse: 'errcat parse (1 thread)',
  parseThreads: `errcat parse, pool of ${threads}`,
  cold: 'errcat build (cold)',
  noop: 'no-op rebuild',
  changed: 'one page changed',
} as const;

function timed(step: string, command: string, args: string[]): Measurement & { stdout: string; stderr: string } {
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', 'maxrss-kb=%M', command, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}:\n${run.stderr.slice(-2000)}`);
  const rss = /maxrss-kb=(\d+)/.exec(run.stderr);
  return { step, seconds, maxRssKb: rss ? Number(rss[1]) : 0, stdout: run.stdout, stderr: run.stderr };
}

/** A child's own timing of its work (without process start-up), with the RSS `time` saw. */
function selfTimed(step: string, command: string, args: string[]): Measurement {
  const run = timed(step, command, args);
  return { step, seconds: (JSON.parse(run.stdout) as { seconds: number }).seconds, maxRssKb: run.maxRssKb };
}

function phasesOf(stderr: string): Record<string, number> {
  const line = /^errcat build: took [\d.]+ s \((.*)\)$/m.exec(stderr);
  if (!line) throw new Error(`errcat build --timings printed no timings:\n${stderr.slice(-2000)}`);
  return Object.fromEntries(line[1]!.split(', ').map((part) => [part.split(' ')[0]!, Number(part.split(' ')[1])]));
}

function folderBytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return bytes;
}

function measureSize(copies: number, workDir: string, rounds: number): SizeResult {
  const docs = join(workDir, `docs-${copies}x`);
  const out = join(workDir, `out-${copies}x`);
  const { files, bytes } = writeScaledDocs(basePages(corpusDir), copies, docs);
  const listFile = join(workDir, `files-${copies}x.json`);
  writeFileSync(listFile, JSON.stringify(files));
  // A cache of the bench's own, so a cold build starts without one.
  const cache = join(workDir, `cache-${copies}x`);
  // --quiet: the bench times the build, not the printing of the scaled corpus's thousands of warnings.
  const build = (step: string): Measurement => {
    const run = timed(step, process.execPath, [cliBin, 'build', '--docs', docs, '--out', out, '--cache', cache, '--timings', '--quiet']);
    return { step, seconds: run.seconds, maxRssKb: run.maxRssKb, phases: phasesOf(run.stderr) };
  };
  const measured: Measurement[][] = [];
  let outputMegabytes = 0;
  for (let round = 0; round < rounds; round++) {
    rmSync(out, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
    const taken = [
      selfTimed(steps.floor, process.execPath, [floorScript, listFile, '1']),
      selfTimed(steps.floorThreads, process.execPath, [floorScript, listFile, String(threads)]),
      selfTimed(steps.parse, process.execPath, [errcatParseScript, listFile, docs, '1']),
      selfTimed(steps.parseThreads, process.execPath, [errcatParseScript, listFile, docs, String(threads)]),
      build(steps.cold),
    ];
    outputMegabytes = folderBytes(out) / 1e6;
    taken.push(build(steps.noop));
    appendFileSync(files[0]!, `\nOne more sentence, edited for the benchmark (round ${round + 1}).\n`);
    taken.push(build(steps.changed));
    measured.push(taken);
    if (rounds > 1) process.stderr.write(`${copies}× round ${round + 1}: ${roundLine(taken)}\n`);
  }
  const measurements = measured[0]!.map(({ step }) => {
    const runs = measured.map((round) => round.find((m) => m.step === step)!);
    const middle = [...runs].sort((a, b) => a.seconds - b.seconds)[(runs.length - 1) >> 1]!;
    return { ...middle, maxRssKb: Math.max(...runs.map((m) => m.maxRssKb)) };
  });
  return { copies, files: files.length, megabytes: bytes / 1e6, outputMegabytes, measurements, rounds: measured };
}

/** One round's ratios, as the targets take them. */
function roundLine(round: readonly Measurement[]): string {
  const of = (step: string) => round.find((m) => m.step === step)!.seconds;
  return [
    `floor ${of(steps.floor).toFixed(2)} s, cold ${of(steps.cold).toFixed(2)} s (÷ floor ${(of(steps.cold) / of(steps.floor)).toFixed(3)})`,
    `pool ÷ remark on ${threads} threads ${(of(steps.parseThreads) / of(steps.floorThreads)).toFixed(3)}`,
    `one page ÷ no-op ${(of(steps.changed) / of(steps.noop)).toFixed(3)}`,
  ].join(', ');
}

function seconds(result: SizeResult, step: string): number {
  const found = result.measurements.find((measurement) => measurement.step === step);
  if (!found) throw new Error(`no measurement "${step}"`);
  return found.seconds;
}

/** The median over a size's rounds of one step's seconds divided by another's in the same round. */
function ratio(result: SizeResult, step: string, over: string): number {
  return median(result.rounds.map((round) => round.find((m) => m.step === step)!.seconds / round.find((m) => m.step === over)!.seconds));
}

function table(result: SizeResult): string {
  const floor = seconds(result, steps.floor);
  const rows = result.measurements.map(
    (m) =>
      `| ${m.step} | ${m.seconds.toFixed(2)} | ${(result.megabytes / m.seconds).toFixed(2)} | ${(m.seconds / floor).toFixed(2)} | ${(m.maxRssKb / 1024).toFixed(0)} |`,
  );
  const builds = result.measurements.filter((m) => m.phases);
  const seen = new Set(builds.flatMap((m) => Object.keys(m.phases!)));
  const names = [...phaseOrder.filter((name) => seen.has(name)), ...[...seen].filter((name) => !phaseOrder.includes(name))];
  return [
    `##### ${result.copies}× — ${result.files} files, ${result.megabytes.toFixed(2)} MB of Markdown; output ${result.outputMegabytes.toFixed(2)} MB`,
    '',
    '| step | seconds | MB/s | × floor | peak RSS (MB) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `| build step (s) | ${builds.map((m) => m.step).join(' | ')} |`,
    `| --- |${builds.map(() => ' ---: |').join('')}`,
    ...names.map((name) => `| ${name} | ${builds.map((m) => (m.phases![name] === undefined ? '' : m.phases![name]!.toFixed(2))).join(' | ')} |`),
  ].join('\n');
}

interface Check {
  target: string;
  value: number;
  limit: number;
  passed: boolean;
}

/** The targets, each a ratio of two measurements of this run, the median of the rounds' (sizes: the largest and the smallest). */
function checks(results: readonly SizeResult[]): Check[] {
  const smallest = results[0]!;
  const largest = results.at(-1)!;
  const at = `at ${largest.copies}×`;
  const perMb = (result: SizeResult) => seconds(result, steps.cold) / result.megabytes;
  const check = (target: string, value: number, limit: number): Check => ({ target, value, limit, passed: value <= limit });
  return [
    check(`cold build ÷ single-thread remark-parse floor ${at}`, ratio(largest, steps.cold, steps.floor), 1.0),
    check(`errcat parse, pool of ${threads} ÷ remark-parse on ${threads} threads ${at}`, ratio(largest, steps.parseThreads, steps.floorThreads), 1.0),
    check(`no-op rebuild ÷ cold build ${at}`, ratio(largest, steps.noop, steps.cold), 0.1),
    check(`one page changed ÷ no-op rebuild ${at}`, ratio(largest, steps.changed, steps.noop), 2),
    check(`output bytes ÷ input Markdown bytes ${at}`, largest.outputMegabytes / largest.megabytes, 5),
    check(`cold build s/MB ${at} ÷ at ${smallest.copies}×`, perMb(largest) / perMb(smallest), 1.25),
    check(`peak RSS (GB) ${at}`, Math.max(...largest.measurements.map((m) => m.maxRssKb)) / 1024 / 1024, 1.0),
  ];
}

function main(): number {
  // `pnpm bench --sdk DIR`: the SDK cross-check's own measurements (tools/bench/src/sdk-bench.ts).
  if (process.argv.includes('--sdk')) return runSdkBench(process.argv.slice(2));
  if (!existsSync(corpusDir)) {
    process.stderr.write(`bench: the reference corpus is missing (expected ${corpusDir})\n`);
    return 2;
  }
  // `pnpm bench [SIZES] [--rounds N]`: sizes as copies, comma-separated (default 1,4,16); 3 rounds.
  const args = process.argv.slice(2);
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt === -1 ? 3 : Number(args[roundsAt + 1]);
  if (!Number.isInteger(rounds) || rounds < 1) {
    process.stderr.write('bench: --rounds must be a positive integer\n');
    return 2;
  }
  const positional = args.filter((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--rounds');
  const sizes = (positional[0] ?? '1,4,16').split(',').map(Number);
  const workDir = join(tmpdir(), 'errcat-bench');
  mkdirSync(workDir, { recursive: true });
  const results: SizeResult[] = [];
  for (const copies of sizes) {
    const result = measureSize(copies, workDir, rounds);
    results.push(result);
    process.stdout.write(`${table(result)}\n\n`);
  }
  const outcome = checks(results);
  process.stdout.write('| target | value | limit | |\n| --- | ---: | ---: | --- |\n');
  for (const item of outcome) {
    process.stdout.write(`| ${item.target} | ${item.value.toFixed(3)} | ${item.limit} | ${item.passed ? 'met' : 'MISSED'} |\n`);
  }
  mkdirSync(join(resultsFile, '..'), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify({ node: process.version, cpus: threads, rounds, results, checks: outcome }, null, 2)}\n`);
  process.stdout.write(`\nwritten: ${resultsFile}\n`);
  return outcome.every((item) => item.passed) ? 0 : 1;
}

process.exitCode = main();
