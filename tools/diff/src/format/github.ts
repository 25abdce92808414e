import type { ChangeLevel, DiffReport } from '../types.js';
import { countsLine, findingPosition, rulePhrases } from './shared.js';

const commands: Record<ChangeLevel, 'error' | 'warning' | 'notice'> = { breaking: 'error', 'non-breaking': 'warning', info: 'notice' };

/** Escaping of a workflow command's message (GitHub's toolkit rules). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command's property values. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One GitHub workflow command: `::<kind> key=value,…::message`, values and message escaped.
 * @param kind `error`, `warning` or `notice`.
 * @param properties Properties in order (`file`, `line`, `col`, `title`, …).
 * @param message Message (may hold new lines).
 */
export function workflowCommand(kind: 'error' | 'warning' | 'notice', properties: ReadonlyArray<readonly [string, string | number]>, message: string): string {
  const shown = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${kind}${shown ? ` ${shown}` : ''}::${escapeData(message)}`;
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
    const properties: Array<[string, string | number]> = position
      ? [['file', position.file], ['line', position.line], ['col', position.column]]
      : [];
    properties.push(['title', `errcat ${finding.ruleId}`]);
    lines.push(workflowCommand(commands[finding.level], properties, finding.message));
  }
  const bumps = report.releases.filter((release) => release.bump !== 'none').map((release) => `${release.target}: ${release.bump}`);
  const summary = [countsLine(report), ...(report.findings.length > 0 ? [rulePhrases(report).join(', ')] : []), ...(bumps.length > 0 ? [`releases: ${bumps.join('; ')}`] : [])];
  lines.push(workflowCommand('notice', [['title', 'errcat diff']], summary.join('. ')));
  return `${lines.join('\n')}\n`;
}
