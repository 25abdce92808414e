import { normalizeSource, readPage, type ParseOptions, type ParseResult } from './page.js';
import { checkRedaction } from './redaction.js';
import { removeSpans } from './markers.js';

/** Result of {@link redact}. */
export interface RedactResult {
  /** The public variant; meaningful only when no diagnostic is an error. */
  output: string;
  /** Marker problems, and places where removing a Del block would change the rest of the page. */
  diagnostics: ParseResult['diagnostics'];
  /** How many `<!--Del-->` blocks were removed. */
  removed: number;
}

/**
 * Parse one error-code page.
 * @param markdown Page source.
 * @param options Where the page comes from.
 * @returns The canonical document and every problem found; never throws on bad Markdown.
 */
export function parse(markdown: string, options: ParseOptions): ParseResult {
  return parseAndRedact(markdown, options).parsed;
}

/**
 * Produce the public-redacted page: every `<!--Del-->`…`<!--DelEnd-->` block removed, everything
 * else byte-identical. A block whose markers stand on lines of their own is removed with those
 * lines; a block inside a line is removed alone.
 * @param markdown The full page as read (BOM and line endings are kept as they are).
 * @param options Where the page comes from.
 */
export function redact(markdown: string, options: ParseOptions): RedactResult {
  return parseAndRedact(markdown, options).redacted;
}

/**
 * Parse a full page and produce its public variant in one pass (what {@link parse} and
 * {@link redact} each give).
 * @param markdown Page source as read.
 * @param options Where the page comes from.
 */
export function parseAndRedact(markdown: string, options: ParseOptions): { parsed: ParseResult; redacted: RedactResult } {
  const source = normalizeSource(markdown);
  const page = readPage(source, options);
  const check = checkRedaction(page, options);
  page.diagnostics.push(...check.diagnostics);
  const toRaw = rawOffsets(markdown, source);
  const output = check.spans.length === 0 ? markdown : removeSpans(markdown, check.spans.map(([from, to]) => [toRaw(from), toRaw(to)] as const)).text;
  return {
    parsed: { document: page.document, diagnostics: page.diagnostics },
    redacted: { output, diagnostics: [...page.markerDiagnostics, ...check.diagnostics], removed: check.spans.length },
  };
}

/**
 * Map offsets of the normalized source back to the page as read (a BOM before it, CRLF or CR line endings).
 * @param markdown The page as read.
 * @param source What {@link normalizeSource} made of it.
 */
function rawOffsets(markdown: string, source: string): (offset: number) => number {
  const bom = markdown.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (markdown.length === source.length + bom) return (offset) => offset + bom;
  const raw = new Int32Array(source.length + 1);
  let at = bom;
  for (let index = 0; index < source.length; index++) {
    raw[index] = at;
    at += markdown.charCodeAt(at) === 0x0d && markdown.charCodeAt(at + 1) === 0x0a ? 2 : 1;
  }
  raw[source.length] = at;
  return (offset) => raw[offset]!;
}
