// `pnpm bench --sdk DIR`: `errcat check --sdk` on a whole SDK checkout against a plain Python
// line scanner of the same files, cold (no cache) and again with nothing changed (its cache),
// in one run, and checks the two ratios the SDK cross-check is held to.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const cliBin = join(repoRoot, 'tools', 'cli', 'bin', 'errcat.js');
const scanner = join(repoRoot, 'tools', 'bench', 'sdk-line-scanner.py');
const resultsFile = join(repoRoot, 'tools', 'bench', 'results', 'sdk-latest.json');

interface Timed {
  seconds: number;
  maxRssKb: number;
  stdout: string;
}

function timed(command: string, args: string[], okCodes: readonly number[] = [0]): Timed {
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', 'maxrss-kb=%M', command, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status === null || !okCodes.includes(run.status)) {
    throw new Error(`${command} ${args.join(' ')} exited ${run.status}:\n${run.stderr.slice(-2000)}`);
  }
  const rss = /maxrss-kb=(\d+)/.exec(run.stderr);
  return { seconds, maxRssKb: rss ? Number(rss[1]) : 0, stdout: run.stdout };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Round {
  scanner: number;
  cold: number;
  warm: number;
  maxRssKb: number;
}

/** Options after `--sdk`: the checkout, then `--docs DIR` (default docs-source) and `--runs N` (default 3). */
function parseOptions(args: readonly string[]): { sdk: string; docs: string; runs: number } {
  const at = args.indexOf('--sdk');
  const sdk = args[at + 1];
  if (sdk === undefined || sdk.startsWith('--')) throw new Error('usage: pnpm bench --sdk DIR [--docs DIR] [--runs N]');
  const option = (name: string) => {
    const index = args.indexOf(name);
    return index === -1 ? undefined : args[index + 1];
  };
  const runs = Number(option('--runs') ?? 3);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  return { sdk: resolve(process.env['INIT_CWD'] ?? process.cwd(), sdk), docs: resolve(repoRoot, option('--docs') ?? 'docs-source'), runs };
}

/**
 * Run the SDK bench.
 * @param args The bench's arguments (`--sdk DIR [--docs DIR] [--runs N]`).
 * @returns Exit code: 0 targets met, 1 missed, 2 bad input.
 */
export function runSdkBench(args: readonly string[]): number {
  let options;
  try {
    options = parseOptions(args);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    return 2;
  }
  if (!existsSync(join(options.sdk, 'api'))) {
    process.stderr.write(`bench: ${options.sdk} is not an SDK checkout (no api/ folder)\n`);
    return 2;
  }
  const cacheDir = join(tmpdir(), 'errcat-bench-sdk', 'cache');
  mkdirSync(join(cacheDir, '..'), { recursive: true });
  // Findings make `errcat check` exit 1 at --fail-on error; the bench measures, it does not gate on them.
  const check = ['check', options.docs, '--sdk', options.sdk, '--cache', cacheDir, '--format', 'json', '--fail-on', 'none'];
  const rounds: Round[] = [];
  let counts: Record<string, unknown> = {};
  let sdkSummary: unknown;
  for (let round = 0; round < options.runs; round++) {
    // One round: the scanner, errcat cold, errcat again with nothing changed — back to back, so all three see the same machine.
    const python = timed('python3', [scanner, options.sdk]);
    counts = JSON.parse(python.stdout) as Record<string, unknown>;
    rmSync(cacheDir, { recursive: true, force: true });
    const cold = timed(process.execPath, [cliBin, ...check]);
    const warm = timed(process.execPath, [cliBin, ...check]);
    sdkSummary = (JSON.parse(warm.stdout) as { sdk: unknown }).sdk;
    rounds.push({ scanner: python.seconds, cold: cold.seconds, warm: warm.seconds, maxRssKb: Math.max(cold.maxRssKb, warm.maxRssKb) });
    process.stdout.write(
      `round ${round + 1}: scanner ${python.seconds.toFixed(2)} s, cold ${cold.seconds.toFixed(2)} s (÷ scanner ${(cold.seconds / python.seconds).toFixed(2)}), warm ${warm.seconds.toFixed(2)} s (÷ cold ${(warm.seconds / cold.seconds).toFixed(2)})\n`,
    );
  }
  const coldRatio = median(rounds.map((r) => r.cold / r.scanner));
  const warmRatio = median(rounds.map((r) => r.warm / r.cold));
  const checks = [
    { target: 'errcat check --sdk cold ÷ Python line scanner (median of rounds)', value: coldRatio, limit: 1, passed: coldRatio <= 1 },
    { target: 'rerun with nothing changed ÷ cold (median of rounds)', value: warmRatio, limit: 0.25, passed: warmRatio <= 0.25 },
  ];
  process.stdout.write(
    [
      '',
      `### SDK cross-check — ${options.sdk}`,
      '',
      '| step | median seconds | peak RSS (MB) |',
      '| --- | ---: | ---: |',
      `| Python line scanner (${String(counts['throws'])} throws) | ${median(rounds.map((r) => r.scanner)).toFixed(2)} | — |`,
      `| errcat check --sdk, cold | ${median(rounds.map((r) => r.cold)).toFixed(2)} | ${(Math.max(...rounds.map((r) => r.maxRssKb)) / 1024).toFixed(0)} |`,
      `| errcat check --sdk, nothing changed | ${median(rounds.map((r) => r.warm)).toFixed(2)} | |`,
      '',
      '| target | value | limit | |',
      '| --- | ---: | ---: | --- |',
      ...checks.map((item) => `| ${item.target} | ${item.value.toFixed(3)} | ${item.limit} | ${item.passed ? 'met' : 'MISSED'} |`),
      '',
    ].join('\n'),
  );
  mkdirSync(join(resultsFile, '..'), { recursive: true });
  writeFileSync(
    resultsFile,
    `${JSON.stringify({ node: process.version, cpus: availableParallelism(), sdk: options.sdk, docs: options.docs, scanner: counts, errcat: sdkSummary, rounds, checks }, null, 2)}\n`,
  );
  process.stdout.write(`written: ${resultsFile}\n`);
  return checks.every((item) => item.passed) ? 0 : 1;
}
