import { rules } from '../rules.js';
import type { ChangeLevel, DiffReport, Finding, RuleId } from '../types.js';
import { byModule, countsLine, hasTextChange, levels, rulePhrases, wordChanges } from './shared.js';

/** Options for {@link formatMarkdown}. */
export interface MarkdownFormatOptions {
  /** Heading of the comment (default `errcat diff`). */
  heading?: string;
  /** Runs of one rule longer than this fold into `<details>` (default 10). */
  foldAfter?: number;
}

const levelTitles: Record<ChangeLevel, string> = { breaking: 'Breaking', 'non-breaking': 'Non-breaking', info: 'Info' };

/** Text safe inside HTML and GitHub Markdown: no tags, no table pipes, line breaks kept. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;').replace(/\n/g, '<br>');
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text}${fence}`;
}

function wordDiff(finding: Finding): string {
  return wordChanges(finding)
    .map((change) => {
      const text = escapeHtml(change.text);
      if (change.kind === 'same') return text;
      return change.kind === 'removed' ? `<del>${text}</del>` : `<ins>${text}</ins>`;
    })
    .join('');
}

function findingLine(finding: Finding): string {
  // The message already names the code and locale.
  const head = `- ${code(finding.ruleId)} ${escapeHtml(finding.message)}`;
  const showsText = hasTextChange(finding) && !finding.ruleId.startsWith('metadata-') && finding.ruleId !== 'page-title-changed';
  return showsText ? `${head}<br>\n  ${wordDiff(finding)}` : head;
}

function ruleRuns(findings: readonly Finding[]): Array<{ ruleId: RuleId; findings: Finding[] }> {
  const runs = new Map<RuleId, Finding[]>();
  for (const finding of findings) runs.set(finding.ruleId, [...(runs.get(finding.ruleId) ?? []), finding]);
  return [...runs].map(([ruleId, group]) => ({ ruleId, findings: group }));
}

/**
 * Render a report as a pull-request comment: a summary table of package bumps first, then one
 * section per module with changed texts as word-level diffs.
 * @param report A diff report.
 * @param options Heading and folding (optional).
 * @returns GitHub-flavoured Markdown.
 */
export function formatMarkdown(report: DiffReport, options: MarkdownFormatOptions = {}): string {
  const foldAfter = options.foldAfter ?? 10;
  const out: string[] = [];
  out.push(`## ${options.heading ?? 'errcat diff'}`, '');
  out.push(
    `${code(report.old.label)} (${report.old.codes} codes) → ${code(report.new.label)} (${report.new.codes} codes): **${countsLine(report)}**.`,
  );
  if (report.findings.length === 0) {
    out.push('', 'The two catalogues document the same codes with the same texts.');
    return `${out.join('\n')}\n`;
  }
  out.push('', `${rulePhrases(report).join(', ')}.`, '');
  out.push('| Package | Build | Bump | Because of |', '| --- | --- | --- | --- |');
  for (const release of report.releases) {
    const bump = release.bump === 'major' ? '**major**' : release.bump;
    out.push(`| ${code(release.target)} | ${release.build} | ${bump} | ${release.reasons.map(code).join(', ') || '–'} |`);
  }
  out.push('', '| Rule | Level | Findings |', '| --- | --- | --- |');
  for (const [ruleId, count] of Object.entries(report.summary.rules)) {
    out.push(`| ${code(ruleId)} | ${rules[ruleId as RuleId].level} | ${count} |`);
  }
  for (const [module, findings] of byModule(report.findings)) {
    out.push('', `### ${module}`);
    for (const level of levels) {
      const atLevel = findings.filter((finding) => finding.level === level);
      if (atLevel.length === 0) continue;
      out.push('', `#### ${levelTitles[level]} (${atLevel.length})`, '');
      for (const run of ruleRuns(atLevel)) {
        const lines = run.findings.map(findingLine);
        if (run.findings.length > foldAfter) {
          out.push(`<details><summary>${run.findings.length} ${escapeHtml(rules[run.ruleId].summary)} (${run.ruleId})</summary>`, '', ...lines, '', '</details>', '');
        } else {
          out.push(...lines);
        }
      }
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
