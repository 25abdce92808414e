import { isAbsolute, resolve } from 'node:path';
import type { Diagnostic, Severity, SourcePosition } from '@errcat/schema';
import { comparePaths, displayPath } from '@errcat/build';
import { workflowCommand } from '@errcat/diff/workflow-command';
import { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { reporter } from 'vfile-reporter';
import { painter, type Paint } from './terminal.js';

/**
 * Sort diagnostics by path, line, column, then rule id and message, so output is stable.
 * @param diagnostics Diagnostics in any order.
 * @returns A sorted copy.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      comparePaths(a.position.file, b.position.file) ||
      a.position.line - b.position.line ||
      a.position.column - b.position.column ||
      comparePaths(a.ruleId, b.ruleId) ||
      comparePaths(a.message, b.message),
  );
}

/**
 * One diagnostic as one self-contained line: `path:line:col  severity  message  rule-id`
 * (for a single finding in an error message; reports group by file instead).
 * @param diagnostic The diagnostic.
 */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const { file, line, column } = diagnostic.position;
  return `${file}:${line}:${column}  ${diagnostic.severity}  ${oneLine(diagnostic.message)}  ${diagnostic.ruleId}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/**
 * Diagnostics with their paths shown from another folder: a build records paths relative to the
 * docs folder's parent (so its output does not depend on where it runs), and prints them relative
 * to where the user typed the command, so they can be opened from there.
 * @param diagnostics Diagnostics with paths relative to `base`.
 * @param base Folder the recorded paths are relative to.
 * @param cwd Folder to show them from.
 */
export function rebaseDiagnostics(diagnostics: readonly Diagnostic[], base: string, cwd: string): Diagnostic[] {
  const rebase = (position: SourcePosition): SourcePosition =>
    isAbsolute(position.file) ? position : { ...position, file: displayPath(resolve(base, position.file), cwd) };
  return diagnostics.map((diagnostic) => ({
    ...diagnostic,
    position: rebase(diagnostic.position),
    ...(diagnostic.related && { related: rebase(diagnostic.related) }),
  }));
}

/** How many diagnostics of each severity. */
export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

/**
 * Count diagnostics by severity.
 * @param diagnostics Diagnostics.
 */
export function countSeverities(diagnostics: readonly Diagnostic[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, info: 0 };
  for (const diagnostic of diagnostics) counts[diagnostic.severity]++;
  return counts;
}

/**
 * `1 error, 2 warnings` — the counts in words, leaving out info when there is none.
 * @param counts Counts by severity.
 */
export function describeCounts(counts: SeverityCounts): string {
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.info > 0) parts.push(`${counts.info} info`);
  return parts.join(', ');
}

/**
 * `1 page`, `2 pages`.
 * @param count How many.
 * @param noun Singular noun.
 */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** How many diagnostics one rule gave, at one severity. */
export interface RuleCount {
  ruleId: string;
  severity: Severity;
  count: number;
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Counts per rule and severity: errors first, then by count (most first), then by rule id.
 * @param diagnostics Diagnostics.
 */
export function countRules(diagnostics: readonly Diagnostic[]): RuleCount[] {
  const counts = new Map<string, RuleCount>();
  for (const { ruleId, severity } of diagnostics) {
    const key = `${severity}\0${ruleId}`;
    const known = counts.get(key);
    if (known) known.count++;
    else counts.set(key, { ruleId, severity, count: 1 });
  }
  return [...counts.values()].sort(
    (a, b) => severityOrder[a.severity] - severityOrder[b.severity] || b.count - a.count || comparePaths(a.ruleId, b.ruleId),
  );
}

/** How a report is printed. */
export interface ReportOptions {
  /** ANSI colour (decided by the caller for the stream it prints to). */
  color: boolean;
}

/**
 * Diagnostics as vfile-reporter prints them: grouped by file (a header line per file, then one
 * row per diagnostic: `line:column  severity  message  rule-id`), then vfile-reporter's byline
 * (`3 messages (✖ 1 error, ⚠ 2 warnings)`) and one line per rule and severity with its count.
 * Empty when there are no diagnostics.
 * @param diagnostics Diagnostics in any order.
 * @param options Colour.
 */
export function formatReport(diagnostics: readonly Diagnostic[], options: ReportOptions): string {
  if (diagnostics.length === 0) return '';
  const files = new Map<string, VFile>();
  for (const diagnostic of sortDiagnostics(diagnostics)) {
    const { file: path, line, column } = diagnostic.position;
    let file = files.get(path);
    if (!file) files.set(path, (file = new VFile({ path })));
    const message = new VFileMessage(oneLine(diagnostic.message), { place: { line, column }, ruleId: diagnostic.ruleId });
    // vfile's three levels: fatal = error, false = warning, undefined = info.
    message.fatal = diagnostic.severity === 'error' ? true : diagnostic.severity === 'warning' ? false : undefined;
    message.file = path;
    file.messages.push(message);
  }
  const report = reporter([...files.values()], { color: options.color });
  // vfile-reporter's byline counts errors and warnings only; say the info too.
  const counts = countSeverities(diagnostics);
  const byline = counts.error + counts.warning === 0 ? `\n\n${plural(counts.info, 'message')} (${counts.info} info)` : '';
  return `${report}${byline}\n${formatRuleCounts(countRules(diagnostics), painter(options.color))}`;
}

/**
 * The per-rule lines of a report: `  103  warning  missing-in-locale`.
 * @param rules Counts from {@link countRules}.
 * @param paint Painter.
 */
export function formatRuleCounts(rules: readonly RuleCount[], paint: Paint): string {
  const width = Math.max(0, ...rules.map((rule) => String(rule.count).length));
  const colours = { error: 'red', warning: 'yellow', info: 'cyan' } as const;
  return rules
    .map((rule) => `  ${String(rule.count).padStart(width)}  ${paint(colours[rule.severity], rule.severity.padEnd(7))}  ${rule.ruleId}\n`)
    .join('');
}

/**
 * Every diagnostic as a line, sorted, each ending in a newline (`path:line:col  severity  message  rule-id`).
 * @param diagnostics Diagnostics in any order.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return sortDiagnostics(diagnostics)
    .map((diagnostic) => `${formatDiagnostic(diagnostic)}\n`)
    .join('');
}

const workflowLevels: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * Diagnostics as GitHub workflow commands, one annotation each at its own file and line
 * (`::warning file=…,line=…,col=…,title=errcat <rule-id>::message`), then one notice with the summary.
 * @param diagnostics Diagnostics in any order.
 * @param summary Text of the closing notice.
 */
export function formatGithubAnnotations(diagnostics: readonly Diagnostic[], summary: string): string {
  const lines = sortDiagnostics(diagnostics).map((diagnostic) => {
    const { file, line, column } = diagnostic.position;
    const properties: Array<[string, string | number]> = [
      ['file', file],
      ['line', line],
      ['col', column],
      ['title', `errcat ${diagnostic.ruleId}`],
    ];
    return workflowCommand(workflowLevels[diagnostic.severity], properties, diagnostic.message);
  });
  lines.push(workflowCommand('notice', [['title', 'errcat check']], summary));
  return `${lines.join('\n')}\n`;
}
