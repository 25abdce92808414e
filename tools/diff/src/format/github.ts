import type { ChangeLevel, DiffReport } from '../types.js';
import { countsLine, findingPosition, rulePhrases } from './shared.js';
import { workflowCommand } from './workflow-command.js';

export { workflowCommand };

const commands: Record<ChangeLevel, 'error' | 'warning' | 'notice'> = { breaking: 'error', 'non-breaking': 'warning', info: 'notice' };

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
