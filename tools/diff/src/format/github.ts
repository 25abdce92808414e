import type { ChangeLevel, DiffReport } from '../types.js';
import { countsLine, findingPosition, rulePhrases } from './shared.js';

const commands: Record<ChangeLevel, string> = { breaking: 'error', 'non-breaking': 'warning', info: 'notice' };

/** Escaping of a workflow command's message (GitHub's toolkit rules). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command's property values. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Render a report as GitHub workflow annotations: `::error` for breaking findings, `::warning`
 * for non-breaking ones, `::notice` for the rest and for the release decisions.
 * @param report A diff report.
 * @returns One workflow command per line.
 */
export function formatGithub(report: DiffReport): string {
  const lines: string[] = [];
  for (const finding of report.findings) {
    const position = findingPosition(finding);
    const properties: string[] = [];
    if (position) properties.push(`file=${escapeProperty(position.file)}`, `line=${position.line}`, `col=${position.column}`);
    properties.push(`title=${escapeProperty(`errcat ${finding.ruleId}`)}`);
    lines.push(`::${commands[finding.level]} ${properties.join(',')}::${escapeData(finding.message)}`);
  }
  const bumps = report.releases.filter((release) => release.bump !== 'none').map((release) => `${release.target}: ${release.bump}`);
  const summary = [countsLine(report), ...(report.findings.length > 0 ? [rulePhrases(report).join(', ')] : []), ...(bumps.length > 0 ? [`releases: ${bumps.join('; ')}`] : [])];
  lines.push(`::notice title=${escapeProperty('errcat diff')}::${escapeData(summary.join('. '))}`);
  return `${lines.join('\n')}\n`;
}
