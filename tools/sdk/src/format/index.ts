import type { Severity } from '@errcat/schema';
import type { SdkCheckReport } from '../check-types.js';
import { formatGithub } from './github.js';
import { formatMarkdown, type MarkdownFormatOptions } from './markdown.js';
import { formatText, type TextFormatOptions } from './text.js';

export { formatGithub } from './github.js';
export { formatMarkdown, onPage, type MarkdownFormatOptions } from './markdown.js';
export { formatText, type TextFormatOptions } from './text.js';

/** Output formats of a cross-check report. */
export const sdkReportFormats = ['text', 'markdown', 'json', 'github'] as const;
export type SdkReportFormat = (typeof sdkReportFormats)[number];

/** Levels `--fail-on` takes: the least severity that fails, or `none`. */
export const sdkFailOnValues = ['error', 'warning', 'info', 'none'] as const;
export type SdkFailOn = (typeof sdkFailOnValues)[number];

/** The report as JSON, matching `schemas/sdk-check-report.schema.json`. */
export function formatJson(report: SdkCheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Render a report in any format. */
export function formatSdkReport(report: SdkCheckReport, format: SdkReportFormat, options: TextFormatOptions & MarkdownFormatOptions = {}): string {
  switch (format) {
    case 'text':
      return formatText(report, options);
    case 'markdown':
      return formatMarkdown(report, options);
    case 'json':
      return formatJson(report);
    case 'github':
      return formatGithub(report);
  }
}

const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/**
 * How many findings and diagnostics (pages and SDK files) are at or above `failOn`.
 * @param report The report.
 * @param failOn The least severity that fails.
 */
export function failingCount(report: SdkCheckReport, failOn: SdkFailOn): number {
  if (failOn === 'none') return 0;
  const least = rank[failOn];
  return [...report.findings, ...report.diagnostics, ...report.sdkDiagnostics].filter((item) => rank[item.severity] >= least).length;
}
