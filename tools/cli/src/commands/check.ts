import { resolve } from 'node:path';
import { check, ExitCode, usageError } from '@errcat/build';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { countSeverities, describeCounts, formatDiagnostics, plural } from '../report.js';
import { parseJobs } from './shared.js';
import { runSdkCheck, sdkCheckOptions, sdkCheckUsage, strayOptions } from './check-sdk.js';

export const checkUsage = `Usage: errcat check [paths…] [--jobs N] [--sdk DIR [SDK options]]

Parse every errorcode-*.md page in the given files and folders (default: docs-source/), merge
them, and print every diagnostic as

  path:line:col  severity  message  rule-id

sorted by path, line and column, then a summary line. A folder's errcat.config.json (borrowed
codes, default locale) is used when present.

Options:
  --jobs N    parse with up to N worker threads (default: the number of CPUs; 1 = none)
  -h, --help  show this help

Exit code 1 when any diagnostic is an error.

${sdkCheckUsage}`;

/**
 * Run `errcat check`.
 * @param args Arguments after `check`.
 * @param io Process io.
 * @returns Exit code.
 */
export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('check', args, { jobs: { type: 'string' }, ...sdkCheckOptions });
  if (values.help) {
    io.stdout(checkUsage);
    return ExitCode.ok;
  }
  if (values.sdk !== undefined) return runSdkCheck(values, positionals, io);
  const stray = strayOptions(values);
  if (stray.length > 0) throw usageError(`--${stray[0]} applies only with --sdk DIR`);
  const jobs = parseJobs(values.jobs);
  const paths = positionals.length > 0 ? positionals : ['docs-source'];
  const { pages, catalogue, diagnostics } = await check({
    paths: paths.map((path) => resolve(io.cwd, path)),
    cwd: io.cwd,
    ...(jobs !== undefined && { jobs }),
  });
  io.stdout(formatDiagnostics(diagnostics));
  const counts = countSeverities(diagnostics);
  const codes = Object.keys(catalogue.errors).length;
  const modules = Object.keys(catalogue.modules).length;
  io.stdout(
    `${plural(pages.length, 'page')}, ${plural(modules, 'module')}, ${plural(codes, 'code')}: ${describeCounts(counts)}\n`,
  );
  return counts.error > 0 ? ExitCode.failed : ExitCode.ok;
}
