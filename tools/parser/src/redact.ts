import type { Diagnostic, ErrorDocument, ErrorEntry } from '@errcat/schema';
import { LineIndex } from './lines.js';
import { delRemovalSpans, findMarkers, pairMarkers, removeSpans } from './markers.js';
import { parseMarkdown } from './parse.js';

/** Options for {@link redact}. */
export interface RedactOptions {
  /** Path of the file, used in diagnostics. */
  path: string;
}

/** Result of {@link redact}. */
export interface RedactResult {
  /** The public variant; meaningful only when no diagnostic is an error. */
  output: string;
  diagnostics: Diagnostic[];
  /** How many `<!--Del-->` blocks were removed. */
  removed: number;
}

/**
 * Produce the public-redacted page: every `<!--Del-->`…`<!--DelEnd-->` block removed, everything
 * else byte-identical. A block whose markers stand on lines of their own is removed with those
 * lines; a block inside a line is removed alone.
 * @param markdown The full page as read (BOM and line endings are kept as they are).
 * @param options Where the page comes from.
 */
export function redact(markdown: string, options: RedactOptions): RedactResult {
  const bom = markdown.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = markdown.slice(bom);
  const markers = findMarkers(body, parseMarkdown(body));
  const lines = new LineIndex(body, options.path);
  const { regions, diagnostics } = pairMarkers(markers, body.length, (offset) => lines.position(offset));
  const spans = delRemovalSpans(body, regions);
  const output = removeSpans(body, spans).text;
  const removed = spans.length;
  return { output: markdown.slice(0, bom) + output, diagnostics, removed };
}

/**
 * The public part of a full page's document: system-only entries and variants left out.
 * @param document Document parsed from a full page.
 */
export function publicPart(document: ErrorDocument): ErrorDocument {
  return {
    ...document,
    errors: document.errors
      .filter((entry) => entry.visibility === 'public')
      .map((entry) => {
        if (!entry.publicTexts) return entry;
        const { publicTexts, intro: _intro, stub: _stub, variants: _variants, ...rest } = entry;
        const shown: ErrorEntry = { ...rest, ...publicTexts };
        return shown.variants ? { ...shown, variants: shown.variants.filter((variant) => variant.visibility === 'public') } : shown;
      }),
  };
}
