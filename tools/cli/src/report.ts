import type { Diagnostic } from '@errcat/schema';
import { comparePaths } from '@errcat/build';

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
 * One diagnostic as a line: `path:line:col  severity  message  rule-id`.
 * @param diagnostic The diagnostic.
 */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const { file, line, column } = diagnostic.position;
  const message = diagnostic.message.replace(/\s*\n\s*/g, ' ');
  return `${file}:${line}:${column}  ${diagnostic.severity}  ${message}  ${diagnostic.ruleId}`;
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

/**
 * Every diagnostic as a line, sorted, each ending in a newline.
 * @param diagnostics Diagnostics in any order.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return sortDiagnostics(diagnostics)
    .map((diagnostic) => `${formatDiagnostic(diagnostic)}\n`)
    .join('');
}
