import type { Diagnostic, Severity, SourcePosition } from '@errcat/schema';
import { ruleLevels, type SdkCheckReport, type SdkFinding, type SdkRuleId } from '../check-types.js';
import { byKit, describeCounts, scopeLine, severities, severityCounts, sortDiagnostics } from './shared.js';

/** Options of {@link formatMarkdown}. */
export interface MarkdownFormatOptions {
  /** Heading of the report (default `errcat check --sdk`). */
  heading?: string;
  /** Heading level of the report's title (default 2; kits one below). */
  level?: number;
  /** Base URL of the pages: a link is this plus the page's path (default: the path as shown). */
  docsUrl?: string;
  /** Base URL of the SDK: a link is this plus the file's path inside the SDK (default: the path as shown). */
  sdkUrl?: string;
}

/** What each rule asks the kit owner to do. */
const actions: Record<SdkRuleId, string> = {
  'sdk-code-undocumented': 'document the code on the kit’s page, or stop throwing it',
  'sdk-code-likely-typo': 'fix the code in the SDK declaration',
  'docs-code-not-thrown': 'check the code still exists; retired codes may stay documented',
  'visibility-mismatch': 'move the entry into or out of <!--Del-->, or fix @systemapi',
  'message-mismatch': 'make the SDK’s @throws message the page’s runtime message (or the page the SDK’s)',
  'sdk-enum-member-undocumented': 'document the code or remove the member',
  'sdk-enum-member-renamed': 'give the member one name in every copy',
};

const levelMarks: Record<Severity, string> = { error: '**error**', warning: 'warning', info: 'info' };

/** Text safe inside a table cell: no tags, no pipes, no line breaks. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;').replace(/\s*\n\s*/g, ' ');
}

function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text}${fence}`;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function link(position: SourcePosition, url: string | undefined, strip = ''): string {
  const path = strip && position.file.startsWith(strip) ? position.file.slice(strip.length) : position.file;
  const target = `${url ?? ''}${url ? path : position.file}#L${position.line}`;
  return `[${escape(basename(position.file))}:${position.line}](${encodeURI(target).replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

/** Whether the finding's position is on a page (else it is the SDK place, no page having one). */
export function onPage(finding: SdkFinding): boolean {
  return finding.sdk === undefined || finding.related !== undefined;
}

function docsCell(finding: SdkFinding, options: MarkdownFormatOptions): string {
  return onPage(finding) ? link(finding.position, options.docsUrl) : '—';
}

function sdkCell(finding: SdkFinding, report: SdkCheckReport, options: MarkdownFormatOptions): string {
  if (!finding.sdk) return '—';
  return `${link(finding.sdk, options.sdkUrl, `${report.sdkRoot}/`)}<br>${code(finding.sdk.api)}`;
}

function diagnosticRows(items: readonly Diagnostic[], url: string | undefined, strip = ''): string[] {
  return sortDiagnostics(items).map((item) => `| ${levelMarks[item.severity]} | ${code(item.ruleId)} | ${escape(item.message)} | ${link(item.position, url, strip)} |`);
}

/**
 * The report as Markdown for a kit owner: a summary, then per kit a table of findings with links
 * to the page line and the SDK line, then the pages' own diagnostics and the SDK files that
 * could not be read cleanly.
 */
export function formatMarkdown(report: SdkCheckReport, options: MarkdownFormatOptions = {}): string {
  const level = options.level ?? 2;
  const hashes = (extra: number) => '#'.repeat(Math.min(level + extra, 6));
  const out: string[] = [`${hashes(0)} ${options.heading ?? 'errcat check --sdk'}`, ''];
  out.push(`${scopeLine(report)}, SDK at ${code(report.sdkRoot)}: **${describeCounts(report.summary.byLevel)}**.`, '');
  const rules = Object.entries(report.summary.byRule) as Array<[SdkRuleId, number]>;
  if (rules.length > 0) {
    out.push('| Rule | Level | Findings | What to do |', '| --- | --- | ---: | --- |');
    for (const [rule, count] of rules) out.push(`| ${code(rule)} | ${ruleLevels[rule]} | ${count} | ${escape(actions[rule])} |`);
    out.push('');
  }
  for (const group of byKit(report.findings)) {
    const counts = severityCounts(group.findings);
    out.push(`${hashes(1)} ${escape(group.kit)}`, '', `${describeCounts(counts)}.`, '');
    out.push('| Level | Rule | Code | Finding | Docs | SDK |', '| --- | --- | ---: | --- | --- | --- |');
    const ordered = [...group.findings].sort((a, b) => severities.indexOf(a.severity) - severities.indexOf(b.severity));
    for (const finding of ordered) {
      out.push(
        `| ${levelMarks[finding.severity]} | ${code(finding.ruleId)} | ${finding.code} | ${escape(finding.message)} | ${docsCell(finding, options)} | ${sdkCell(finding, report, options)} |`,
      );
    }
    out.push('');
  }
  if (report.findings.length === 0) out.push('The pages and the SDK agree.', '');
  if (report.diagnostics.length > 0) {
    out.push(`${hashes(1)} Pages`, '', '| Level | Rule | Diagnostic | Where |', '| --- | --- | --- | --- |', ...diagnosticRows(report.diagnostics, options.docsUrl), '');
  }
  if (report.sdkDiagnostics.length > 0) {
    out.push(
      `${hashes(1)} SDK files`,
      '',
      '| Level | Rule | Diagnostic | Where |',
      '| --- | --- | --- | --- |',
      ...diagnosticRows(report.sdkDiagnostics, options.sdkUrl, `${report.sdkRoot}/`),
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
