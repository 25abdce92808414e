import type { Catalogue, Diagnostic, ErrorDocument } from '@errcat/schema';

/** Options for {@link mergeDocuments}. */
export interface MergeOptions {
  /** Locale that other locales fall back to (default `en`). */
  defaultLocale?: string;
  /** Codes each module documents but does not own: module name → codes. */
  borrowed?: Record<string, readonly number[]>;
}

/** Result of {@link mergeDocuments}. */
export interface MergeResult {
  catalogue: Catalogue;
  diagnostics: Diagnostic[];
}

/**
 * Merge parsed pages (modules × locales) into one catalogue keyed by code.
 * @param documents Parsed pages.
 * @param options Merge options (optional).
 */
export function mergeDocuments(documents: readonly ErrorDocument[], options: MergeOptions = {}): MergeResult {
  throw new Error(`mergeDocuments: not implemented yet (${documents.length} documents, ${JSON.stringify(options)})`);
}
