import { diffWords } from 'diff';
import { rules } from '../rules.js';
import type { ChangeLevel, DiffReport, Finding, FindingValue } from '../types.js';

/** Levels from most to least severe, as reports list them. */
export const levels: readonly ChangeLevel[] = ['breaking', 'non-breaking', 'info'];

/**
 * A value as one text: lists become one line per item.
 * @param value A finding value.
 */
export function valueText(value: FindingValue | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join('\n') : String(value);
}

/** Whether a finding carries two texts worth showing as a word diff. */
export function hasTextChange(finding: Finding): boolean {
  return typeof finding.oldValue !== 'number' && typeof finding.newValue !== 'number' && (finding.oldValue !== undefined || finding.newValue !== undefined) && finding.field !== 'visibility';
}

/** One run of a word-level diff. */
export interface WordChange {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/**
 * Word-level diff of a finding's old and new values (jsdiff `diffWords`).
 * @param finding A finding with texts.
 */
export function wordChanges(finding: Finding): WordChange[] {
  return diffWords(valueText(finding.oldValue), valueText(finding.newValue)).map((part) => ({
    kind: part.added ? 'added' : part.removed ? 'removed' : 'same',
    text: part.value,
  }));
}

/**
 * One line summing the report up: `2 breaking, 55 non-breaking, 6 info`.
 * @param report A diff report.
 */
export function countsLine(report: DiffReport): string {
  const { breaking, nonBreaking, info } = report.summary;
  if (breaking + nonBreaking + info === 0) return 'no changes';
  return `${breaking} breaking, ${nonBreaking} non-breaking, ${info} info`;
}

/**
 * The rule counts as phrases: `55 codes added, 1 code made system-only`.
 * @param report A diff report.
 */
export function rulePhrases(report: DiffReport): string[] {
  return Object.entries(report.summary.rules).map(([ruleId, count]) => {
    const rule = rules[ruleId as keyof typeof rules];
    return `${count} ${count === 1 ? rule.singular : rule.summary}`;
  });
}

/**
 * Findings grouped by module, modules in report order.
 * @param findings Sorted findings.
 */
export function byModule(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) groups.set(finding.module, [...(groups.get(finding.module) ?? []), finding]);
  return groups;
}

/**
 * Where a finding is, for annotations: the new side when the thing still exists, else the old.
 * @param finding A finding.
 */
export function findingPosition(finding: Finding) {
  return finding.position ?? finding.oldPosition;
}
