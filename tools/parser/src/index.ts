import type { Diagnostic, ErrorDocument } from '@errcat/schema';

/** Options for {@link parse}. */
export interface ParseOptions {
  /** Path of the file, used in positions and diagnostics. */
  path: string;
  /** Locale of the page (BCP-47 or a folder name like `zh-cn`); derived from the path when absent. */
  locale?: string;
  /** Module name; derived from `errorcode-<module>.md` when absent. */
  module?: string;
  /** Codes documented on this page that another module owns. */
  borrowedCodes?: readonly number[];
}

/** Result of {@link parse}. */
export interface ParseResult {
  document: ErrorDocument;
  diagnostics: Diagnostic[];
}

/**
 * Parse one error-code page.
 * @param markdown Page source.
 * @param options Where the page comes from.
 * @returns The canonical document and every problem found; never throws on bad Markdown.
 */
export function parse(markdown: string, options: ParseOptions): ParseResult {
  throw new Error(`parse: not implemented yet (${options.path}, ${markdown.length} chars)`);
}
