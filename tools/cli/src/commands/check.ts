import { resolve } from 'node:path';
import { check, ExitCode, usageError } from '@errcat/build';
import type { Diagnostic } from '@errcat/schema';
import { oneOf, parseCommandArgs } from '../args.js';
import { gateFlags, gateUsage, readGate, shownDiagnostics, warningsOverLimit } from '../gate.js';
import type { CliIo } from '../io.js';
import { countRules, countSeverities, describeCounts, formatGithubAnnotations, formatReport, plural, sortDiagnostics } from '../report.js';
import { colorEnabled, createProgress } from '../terminal.js';
import { progressLabel } from '../progress-labels.js';
import { parseJobs } from './shared.js';
import { runSdkCheck, sdkCheckOptions, sdkCheckUsage, strayOptions } from './check-sdk.js';

export const checkUsage = `Usage: errcat check [paths…] [--format text|json|github] [--quiet] [--max-warnings N] [--jobs N] [--sdk DIR [SDK options]]

Parse every errorcode-*.md page in the given files and folders (default: docs-source/), merge
them, and report every diagnostic: grouped by file, each at its line and column, then the
counts per severity and rule. A folder's errcat.config.json (borrowed codes, default locale)
is used when present.

Options:
  --format F          text (default), json (the shape of schemas/check-report.schema.json)
                      or github (workflow annotations at each finding's line)
${gateUsage}
  --jobs N            parse with up to N worker threads (default: the number of CPUs; 1 = none)
  -h, --help          show this help

Exit code 1 when any diagnostic is an error, or there are more warnings than --max-warnings.

${sdkCheckUsage}`;

/** Version of the JSON report's shape; bumped on incompatible changes. */
export const checkReportVersion = 1;

/**
 * Run `errcat check`.
 * @param args Arguments after `check`.
 * @param io Process io.
 * @returns Exit code.
 */
export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('check', args, { jobs: { type: 'string' }, ...sdkCheckOptions, ...gateFlags });
  if (values.help) {
    io.stdout(checkUsage);
    return ExitCode.ok;
  }
  if (values.sdk !== undefined) return runSdkCheck(values, positionals, io);
  // --format is both check's own and the SDK report's.
  const stray = strayOptions(values).filter((name) => name !== 'format');
  if (stray.length > 0) throw usageError(`--${stray[0]} applies only with --sdk DIR`);
  const format = oneOf('format', values.format ?? 'text', ['text', 'json', 'github'] as const);
  const gate = readGate(values);
  const jobs = parseJobs(values.jobs);
  const paths = positionals.length > 0 ? positionals : ['docs-source'];
  const progress = createProgress(io, 'errcat check', { quiet: gate.quiet });
  let result;
  try {
    result = await check({
      paths: paths.map((path) => resolve(io.cwd, path)),
      cwd: io.cwd,
      ...(jobs !== undefined && { jobs }),
      onProgress: (event) => progress.update(progressLabel(event)),
    });
  } finally {
    progress.stop();
  }
  const { pages, catalogue, diagnostics } = result;
  const shown = shownDiagnostics(diagnostics, gate);
  const scope = `${plural(pages.length, 'page')}, ${plural(Object.keys(catalogue.modules).length, 'module')}, ${plural(Object.keys(catalogue.errors).length, 'code')}`;
  const overLimit = warningsOverLimit(diagnostics, gate);
  const failed = countSeverities(diagnostics).error > 0 || overLimit !== undefined;

  if (format === 'json') {
    io.stdout(`${JSON.stringify(checkReport(shown, { pages: pages.length, modules: Object.keys(catalogue.modules).length, codes: Object.keys(catalogue.errors).length }), null, 2)}\n`);
  } else if (format === 'github') {
    io.stdout(formatGithubAnnotations(shown, `${scope}: ${describeCounts(countSeverities(shown))}`));
  } else if (!gate.quiet || shown.length > 0) {
    const report = formatReport(shown, { color: colorEnabled(io.isTTY, io.env) });
    io.stdout(report === '' ? `${scope} checked: no problems\n` : `${report}${scope} checked\n`);
  }
  if (overLimit !== undefined) io.stderr(`errcat check: ${overLimit}\n`);
  return failed ? ExitCode.failed : ExitCode.ok;
}

/** Counts of what was checked, for the JSON report. */
interface CheckScope {
  pages: number;
  modules: number;
  codes: number;
}

/** A diagnostic as the JSON report lists it: findings of the SDK cross-check add the code and their details. */
export type ReportedDiagnostic = Diagnostic & { code?: number; sdk?: Record<string, unknown> };

/**
 * The JSON report of `errcat check --format json`.
 * @param diagnostics Diagnostics to list (after --quiet).
 * @param scope Pages, modules and codes read.
 */
export function checkReport(diagnostics: readonly ReportedDiagnostic[], scope: CheckScope) {
  const counts = countSeverities(diagnostics);
  return {
    version: checkReportVersion,
    summary: { ...scope, errors: counts.error, warnings: counts.warning, info: counts.info, rules: countRules(diagnostics) },
    diagnostics: sortDiagnostics(diagnostics),
  };
}
