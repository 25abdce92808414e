import type { Diagnostic, Severity } from '@errcat/schema';
import type { SdkCheckReport, SdkFinding } from '../check-types.js';

export const severities: readonly Severity[] = ['error', 'warning', 'info'];

/** `1 error`, `2 warnings`, `3 info`. */
export function countOf(count: number, severity: Severity): string {
  return severity === 'info' ? `${count} info` : `${count} ${severity}${count === 1 ? '' : 's'}`;
}

export function plural(count: number, noun: string): string {
  return `${thousands(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** `50658` → `50,658` (without Intl, whose first use costs more than the rest of a report). */
function thousands(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Counts by severity of some diagnostics. */
export function severityCounts(items: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const item of items) counts[item.severity]++;
  return counts;
}

/** `5 errors, 23 warnings, 1 info`. */
export function describeCounts(counts: Record<Severity, number>): string {
  return severities.map((severity) => countOf(counts[severity], severity)).join(', ');
}

/** What was compared: `1,441 SDK files (50,658 throws of 1,822 codes, 2,618 enums) against 1 module (64 codes)`. */
export function scopeLine(report: SdkCheckReport): string {
  const { sdk, docs } = report;
  return (
    `${plural(sdk.files, 'SDK file')} (${plural(sdk.throws, 'throw')} of ${plural(sdk.codes, 'code')}, ${plural(sdk.enums, 'enum')}) ` +
    `against ${plural(docs.modules, 'module')} (${plural(docs.codes, 'code')}) of ${plural(report.kits.length, 'kit')}`
  );
}

/** `sdk-code-likely-typo 5, sdk-code-undocumented 15`. */
export function ruleCounts(report: SdkCheckReport): string {
  return Object.entries(report.summary.byRule)
    .map(([rule, count]) => `${rule} ${count}`)
    .join(', ');
}

/** Findings grouped by kit, kits in order. */
export function byKit(findings: readonly SdkFinding[]): Array<{ kit: string; findings: SdkFinding[] }> {
  const groups = new Map<string, SdkFinding[]>();
  for (const finding of findings) groups.set(finding.kit, [...(groups.get(finding.kit) ?? []), finding]);
  return [...groups].map(([kit, items]) => ({ kit, findings: items }));
}

/** Sort diagnostics by file, line, column and rule. */
export function sortDiagnostics<T extends Diagnostic>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) =>
      (a.position.file < b.position.file ? -1 : a.position.file > b.position.file ? 1 : 0) ||
      a.position.line - b.position.line ||
      a.position.column - b.position.column ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}
