import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../testing/files.js';
import { main } from '../src/main.js';
import type { CliIo } from '../src/io.js';

export { removeTempDirs, repoRoot, snapshot, tempDir, writeFile } from '../../testing/files.js';

/** What one in-process run printed and returned. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the CLI in-process with captured output.
 * @param argv Arguments after `errcat`.
 * @param cwd Working folder.
 * @param env Environment (default: empty, so NO_COLOR and CI of the test run do not leak in).
 * @param isTTY Whether stdout is to look like a terminal.
 */
export async function run(argv: string[], cwd: string, env: Record<string, string> = {}, isTTY = false): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd,
    isTTY,
    env,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** The repository's English AVSession page (64 codes, two of them system-only). */
export const avsessionPage = readFileSync(join(repoRoot, 'docs-source/en/apis-avsession-kit/errorcode-avsession.md'), 'utf8');

/**
 * A small page in the OpenHarmony layout.
 * @param options Title, kit and codes (`system` ones are wrapped in Del markers).
 */
export function page(options: { title?: string; kit?: string; codes: Array<{ code: number; title: string; message: string; system?: boolean }> }): string {
  const lines = [`# ${options.title ?? 'Sample Error Codes'}`];
  if (options.kit) lines.push(`<!--Kit: ${options.kit}-->`, '<!--Subsystem: Samples-->');
  lines.push('');
  for (const entry of options.codes) {
    const body = [
      `## ${entry.code} ${entry.title}`,
      '',
      '**Error Message**',
      '',
      entry.message,
      '',
      '**Description**',
      '',
      `${entry.title} happened.`,
      '',
      '**Possible Causes**',
      '',
      '1. Something went wrong.',
      '',
      '**Solution**',
      '',
      'Try again.',
      '',
    ];
    lines.push(...(entry.system ? ['<!--Del-->', ...body, '<!--DelEnd-->', ''] : body));
  }
  return lines.join('\n');
}

/** One diagnostic row of a grouped report, with the file of its group. */
export interface ReportedDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  ruleId: string;
}

/** What {@link parseReport} read from a grouped report. */
export interface ParsedReport {
  diagnostics: ReportedDiagnostic[];
  /** vfile-reporter's byline, e.g. `3 messages (✖ 1 error, ⚠ 2 warnings)`. */
  byline: string;
  /** The per-rule lines: count, severity, rule id. */
  rules: Array<{ count: number; severity: string; ruleId: string }>;
  /** Lines after the per-rule lines (a command's own summary). */
  rest: string[];
}

const reportRow = /^(\d+):(\d+) +(error|warning|info) +(.+?) +([a-z0-9]+(?:-[a-z0-9]+)*)$/;
const ruleRow = /^ {2} *(\d+) {2}(error|warning|info) *  ([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/**
 * Read a report as the CLI prints it (file header, rows, blank line between files, byline,
 * per-rule lines), failing on any line that does not fit that shape.
 * @param text The report (no colour).
 */
export function parseReport(text: string): ParsedReport {
  const lines = text.replace(/\n$/, '').split('\n');
  const diagnostics: ReportedDiagnostic[] = [];
  let index = 0;
  let file: string | undefined;
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    if (line === '') {
      file = undefined;
      continue;
    }
    const row = reportRow.exec(line);
    if (file !== undefined && row) {
      diagnostics.push({ file, line: Number(row[1]), column: Number(row[2]), severity: row[3] as ReportedDiagnostic['severity'], message: row[4]!, ruleId: row[5]! });
      continue;
    }
    if (file === undefined && /^(\d+ messages? \(.*\)|✖ \d+ errors?(, ⚠ \d+ warnings?)?|⚠ \d+ warnings?)$/.test(line)) break;
    if (file !== undefined) throw new Error(`not a report row: ${JSON.stringify(line)}`);
    file = line;
  }
  const byline = lines[index] ?? '';
  if (!byline) throw new Error(`no byline in report:\n${text}`);
  const rules: ParsedReport['rules'] = [];
  for (index++; index < lines.length; index++) {
    const match = ruleRow.exec(lines[index]!);
    if (!match) break;
    rules.push({ count: Number(match[1]), severity: match[2]!, ruleId: match[3]! });
  }
  return { diagnostics, byline, rules, rest: lines.slice(index) };
}
