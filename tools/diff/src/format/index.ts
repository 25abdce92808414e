import type { DiffReport } from '../types.js';
import { formatGithub } from './github.js';
import { formatMarkdown, type MarkdownFormatOptions } from './markdown.js';
import { formatText, type TextFormatOptions } from './text.js';

export { formatGithub, workflowCommand } from './github.js';
export { formatMarkdown, type MarkdownFormatOptions } from './markdown.js';
export { formatText, type TextFormatOptions } from './text.js';

/** Output formats of a report. */
export const reportFormats = ['text', 'markdown', 'json', 'github'] as const;

/** One of {@link reportFormats}. */
export type ReportFormat = (typeof reportFormats)[number];

/**
 * A report as JSON, matching `schemas/diff-report.schema.json`.
 * @param report A diff report.
 */
export function formatJson(report: DiffReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Render a report in any format.
 * @param report A diff report.
 * @param format Output format.
 * @param options Options of the text and Markdown formats (optional).
 */
export function formatReport(report: DiffReport, format: ReportFormat, options: TextFormatOptions & MarkdownFormatOptions = {}): string {
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
