import type { Diagnostic } from '@errcat/schema';
import type { SdkCheckReport, SdkFinding } from '../check-types.js';
import { byKit, describeCounts, ruleCounts, scopeLine, severityCounts, sortDiagnostics } from './shared.js';

/** Options of {@link formatText}. */
export interface TextFormatOptions {
  /** ANSI colours for the levels (default off). */
  color?: boolean;
}

const colours = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m' } as const;
const dim = '\u001b[2m';
const reset = '\u001b[0m';

function line(item: Diagnostic, color: boolean): string {
  const { file, line: row, column } = item.position;
  const severity = color ? `${colours[item.severity]}${item.severity}${reset}` : item.severity;
  return `${file}:${row}:${column}  ${severity}  ${item.message.replace(/\s*\n\s*/g, ' ')}  ${item.ruleId}`;
}

function findingLines(finding: SdkFinding, color: boolean): string[] {
  const lines = [`  ${line(finding, color)}`];
  if (finding.related && finding.sdk) {
    const where = `sdk: ${finding.sdk.file}:${finding.sdk.line}:${finding.sdk.column}  ${finding.sdk.api}`;
    lines.push(`      ${color ? `${dim}${where}${reset}` : where}`);
  }
  return lines;
}

/**
 * The report for a terminal: page diagnostics, then the findings per kit (each with its SDK
 * place under it), then the SDK files that could not be read cleanly, then a summary.
 */
export function formatText(report: SdkCheckReport, options: TextFormatOptions = {}): string {
  const color = options.color ?? false;
  const out: string[] = [];
  for (const diagnostic of sortDiagnostics(report.diagnostics)) out.push(line(diagnostic, color));
  for (const group of byKit(report.findings)) {
    out.push(`${group.kit} (${group.findings.length})`);
    for (const finding of group.findings) out.push(...findingLines(finding, color));
  }
  if (report.sdkDiagnostics.length > 0) {
    out.push(`SDK files (${report.sdkDiagnostics.length})`);
    for (const diagnostic of sortDiagnostics(report.sdkDiagnostics)) out.push(`  ${line(diagnostic, color)}`);
  }
  const rules = ruleCounts(report);
  out.push(`${scopeLine(report)}: ${describeCounts(report.summary.byLevel)}${rules ? ` (${rules})` : ''}`);
  if (report.diagnostics.length > 0) out.push(`pages: ${describeCounts(severityCounts(report.diagnostics))}`);
  return `${out.join('\n')}\n`;
}
