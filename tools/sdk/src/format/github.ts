import type { Diagnostic, Severity } from '@errcat/schema';
import type { SdkCheckReport } from '../check-types.js';
import { describeCounts, ruleCounts, scopeLine } from './shared.js';

const commands: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escaping of a workflow command's message (GitHub's toolkit rules). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command's property values. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(item: Diagnostic, message: string): string {
  const { file, line, column } = item.position;
  const properties = [`file=${escapeProperty(file)}`, `line=${line}`, `col=${column}`, `title=${escapeProperty(`errcat ${item.ruleId}`)}`];
  return `::${commands[item.severity]} ${properties.join(',')}::${escapeData(message)}`;
}

/**
 * The report as GitHub workflow annotations on the page lines (the SDK place in the message),
 * then one notice with the summary.
 */
export function formatGithub(report: SdkCheckReport): string {
  const lines: string[] = [];
  for (const diagnostic of report.diagnostics) lines.push(annotation(diagnostic, diagnostic.message));
  for (const finding of report.findings) {
    const sdk = finding.related && finding.sdk ? ` (SDK: ${finding.sdk.file}:${finding.sdk.line}, ${finding.sdk.api})` : '';
    lines.push(annotation(finding, `${finding.message}${sdk}`));
  }
  for (const diagnostic of report.sdkDiagnostics) lines.push(annotation(diagnostic, diagnostic.message));
  const rules = ruleCounts(report);
  lines.push(`::notice title=${escapeProperty('errcat check --sdk')}::${escapeData(`${scopeLine(report)}: ${describeCounts(report.summary.byLevel)}${rules ? ` (${rules})` : ''}`)}`);
  return `${lines.join('\n')}\n`;
}
