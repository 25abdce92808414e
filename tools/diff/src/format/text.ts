import type { ChangeLevel, DiffReport, Finding } from '../types.js';
import { byModule, countsLine, hasTextChange, rulePhrases, wordChanges } from './shared.js';

/** Options for {@link formatText}. */
export interface TextFormatOptions {
  /** Use ANSI colours (the CLI turns this on for a TTY without NO_COLOR). */
  color?: boolean;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
const sideCounts = (side: DiffReport['old']) => `${plural(side.codes, 'code')} in ${plural(side.modules, 'module')}`;

const ansi = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

function painter(color: boolean) {
  return (style: keyof typeof ansi, text: string) => (color && text !== '' ? `\u001b[${ansi[style]}m${text}\u001b[0m` : text);
}

const levelStyle: Record<ChangeLevel, keyof typeof ansi> = { breaking: 'red', 'non-breaking': 'yellow', info: 'dim' };

function wordDiff(finding: Finding, paint: ReturnType<typeof painter>, color: boolean): string {
  // Without colour, the markers of `git diff --word-diff=plain` show what went and what came.
  return wordChanges(finding)
    .map((change) =>
      change.kind === 'same'
        ? change.text
        : change.kind === 'removed'
          ? paint('red', color ? change.text : `[-${change.text}-]`)
          : paint('green', color ? change.text : `{+${change.text}+}`),
    )
    .join('');
}

/**
 * Render a report for a terminal.
 * @param report A diff report.
 * @param options Colour (optional).
 * @returns Lines ending in a newline.
 */
export function formatText(report: DiffReport, options: TextFormatOptions = {}): string {
  const color = options.color ?? false;
  const paint = painter(color);
  const lines: string[] = [];
  lines.push(
    `${paint('bold', 'errcat diff')}: ${report.old.label} (${sideCounts(report.old)}) → ${report.new.label} (${sideCounts(report.new)})`,
  );
  lines.push(countsLine(report) + (report.findings.length > 0 ? `: ${rulePhrases(report).join(', ')}` : ''));
  const levelWidth = 'non-breaking'.length;
  const ruleWidth = Math.max(0, ...report.findings.map((finding) => finding.ruleId.length));
  const placeOf = (finding: Finding) => [finding.code ?? '', finding.locale ?? ''].join(' ').trim();
  const placeWidth = Math.max(0, ...report.findings.map((finding) => placeOf(finding).length));
  for (const [module, findings] of byModule(report.findings)) {
    lines.push('', paint('bold', module));
    for (const finding of findings) {
      lines.push(
        `  ${paint(levelStyle[finding.level], finding.level.padEnd(levelWidth))}  ${finding.ruleId.padEnd(ruleWidth)}  ${placeOf(finding).padEnd(placeWidth)}  ${finding.message}`,
      );
      if (hasTextChange(finding) && finding.ruleId !== 'metadata-added' && finding.ruleId !== 'metadata-removed') {
        for (const line of wordDiff(finding, paint, color).split('\n')) lines.push(`      ${line}`);
      }
    }
  }
  if (report.releases.length > 0) {
    lines.push('', paint('bold', 'Releases'));
    const targetWidth = Math.max(...report.releases.map((release) => release.target.length));
    for (const release of report.releases) {
      const bump = release.bump === 'major' ? paint('red', release.bump) : release.bump === 'none' ? paint('dim', release.bump) : release.bump;
      const why = release.reasons.length > 0 ? `  (${release.reasons.join(', ')})` : '';
      lines.push(`  ${release.target.padEnd(targetWidth)}  ${release.build.padEnd(6)}  ${bump}${why}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
