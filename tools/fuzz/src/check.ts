import { normalizeSource, parse, parseAndRedact, publicPart } from '@errcat/parser';
import type { Diagnostic, ErrorDocument, SourcePosition } from '@errcat/schema';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/** What went wrong with one page. */
export interface Problem {
  check: 'throws' | 'position' | 'redaction' | 'time';
  message: string;
}

/** What checking one page found, and what it cost. */
export interface PageCheck {
  problems: Problem[];
  /** Whether the page parsed without errors (the redaction property applies to those). */
  clean: boolean;
  /** Milliseconds of one `parse` of the page and of one bare remark-parse of it (the lowest of the repeats). */
  parseMs?: number;
  bareMs?: number;
}

/** How to check a page. */
export interface CheckOptions {
  /** Time `parse` against the bare remark-parse of the same text; a page slower than `maxRatio` times it fails. */
  timing?: { maxRatio: number };
  /** The parser to check (tests pass a broken one to see the checks fail). */
  parser?: { parseAndRedact: typeof parseAndRedact; parse: typeof parse };
}

const bare = unified().use(remarkParse);

/**
 * Check one page: no throw, every diagnostic and entry placed inside the page, and for a page without
 * errors `parse(redact(page))` equal to `publicPart(parse(page))` (positions aside).
 * @param text The page.
 * @param path Its path.
 * @param options What to check.
 */
export function checkPage(text: string, path: string, options: CheckOptions = {}): PageCheck {
  const parser = options.parser ?? { parseAndRedact, parse };
  const problems: Problem[] = [];
  let result: ReturnType<typeof parseAndRedact>;
  try {
    result = parser.parseAndRedact(text, { path });
  } catch (error) {
    return { problems: [{ check: 'throws', message: `parse threw: ${describe(error)}` }], clean: false };
  }
  const { parsed, redacted } = result;
  const shape = pageShape(text);
  const place = (what: string, position: SourcePosition | undefined) => {
    const issue = misplaced(position, path, shape);
    if (issue) problems.push({ check: 'position', message: `${what}: ${issue}` });
  };
  for (const diagnostic of [...parsed.diagnostics, ...redacted.diagnostics]) {
    place(`diagnostic ${diagnostic.ruleId}`, diagnostic.position);
    if (diagnostic.related) place(`related place of ${diagnostic.ruleId}`, diagnostic.related);
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(diagnostic.ruleId) || diagnostic.message.length === 0) {
      problems.push({ check: 'position', message: `diagnostic without a rule id or message: ${JSON.stringify(diagnostic)}` });
    }
  }
  for (const entry of parsed.document.errors) {
    place(`entry ${entry.code}`, entry.position);
    if (!Number.isSafeInteger(entry.code)) problems.push({ check: 'position', message: `entry code ${entry.code} is not a safe integer` });
  }
  const clean = !parsed.diagnostics.some(isError);
  if (clean) {
    const redactErrors = redacted.diagnostics.filter(isError);
    if (redactErrors.length > 0) {
      problems.push({ check: 'redaction', message: `parse reports no error but redact does: ${redactErrors.map((d) => d.ruleId).join(', ')}` });
    }
    if (redacted.removed === 0 && redacted.output !== text) problems.push({ check: 'redaction', message: 'redact changed a page without Del blocks' });
    try {
      const shown = parser.parse(redacted.output, { path }).document;
      const difference = firstDifference(content(publicPart(parsed.document)), content(shown));
      if (difference) problems.push({ check: 'redaction', message: `parse(redact(page)) differs from publicPart(parse(page)) at ${difference}` });
    } catch (error) {
      problems.push({ check: 'throws', message: `parse of the redacted page threw: ${describe(error)}` });
    }
  }
  const check: PageCheck = { problems, clean };
  if (options.timing) {
    const times = timeAgainstBare(text, path, parser.parse, options.timing.maxRatio);
    check.parseMs = times.parseMs;
    check.bareMs = times.bareMs;
    if (times.parseMs > options.timing.maxRatio * times.bareMs) {
      problems.push({
        check: 'time',
        message: `parse took ${times.parseMs.toFixed(2)} ms, ${(times.parseMs / times.bareMs).toFixed(2)}× the ${times.bareMs.toFixed(2)} ms of a bare remark-parse (limit ${options.timing.maxRatio}×)`,
      });
    }
  }
  return check;
}

function isError(diagnostic: Diagnostic): boolean {
  return diagnostic.severity === 'error';
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack?.split('\n').slice(1, 6).join('\n') ?? ''}` : String(error);
}

/** Line lengths of the page as an editor shows it (after the BOM, any line ending). */
function pageShape(text: string): number[] {
  return normalizeSource(text).split('\n').map((line) => line.length);
}

function misplaced(position: SourcePosition | undefined, path: string, lineLengths: readonly number[]): string | undefined {
  if (!position) return 'no position';
  if (position.file !== path) return `file is ${JSON.stringify(position.file)}, not ${JSON.stringify(path)}`;
  const { line, column, endLine } = position;
  if (!Number.isInteger(line) || line < 1 || line > lineLengths.length) return `line ${line} is outside the page's ${lineLengths.length} lines`;
  if (!Number.isInteger(column) || column < 1 || column > lineLengths[line - 1]! + 1) {
    return `column ${column} is outside line ${line} (${lineLengths[line - 1]} characters)`;
  }
  if (endLine !== undefined && (!Number.isInteger(endLine) || endLine < line || endLine > lineLengths.length)) return `end line ${endLine} is outside the page`;
  return undefined;
}

/** A document as JSON without positions and regions, keys sorted. */
function content(document: ErrorDocument): string {
  return JSON.stringify(document, (key, value: unknown) => {
    if (key === 'position' || key === 'regions' || key === 'metadataPositions') return undefined;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return value;
  });
}

function firstDifference(expected: string, actual: string): string | undefined {
  if (expected === actual) return undefined;
  let at = 0;
  while (at < expected.length && expected[at] === actual[at]) at++;
  return `…${expected.slice(Math.max(0, at - 60), at)}⟨ expected ${JSON.stringify(expected.slice(at, at + 60))}, got ${JSON.stringify(actual.slice(at, at + 60))} ⟩`;
}

/** Milliseconds per call of `run`, in a batch of calls that takes at least two milliseconds. */
function perCall(run: () => void): number {
  let repeats = 1;
  for (;;) {
    const started = performance.now();
    for (let index = 0; index < repeats; index++) run();
    const elapsed = performance.now() - started;
    if (elapsed >= 2 || repeats >= 1 << 16) return elapsed / repeats;
    repeats = Math.max(repeats * 2, Math.ceil((repeats * 2.5) / Math.max(elapsed, 0.01)));
  }
}

/** The collector, when node runs with --expose-gc (`pnpm fuzz` does): a page measured again starts each batch with an empty heap. */
const collect = (globalThis as { gc?: () => void }).gc;

/**
 * Time `parse` of a page against a bare remark-parse of the same text, in this process: one batch of
 * each settles a page well under the limit; a page near or over it is measured again, alternately,
 * up to ten times, each batch after a collection, and the lowest of each counts (another process
 * may take the processor at any time, and garbage left by earlier cases costs whoever runs next).
 */
function timeAgainstBare(text: string, path: string, parser: typeof parse, maxRatio: number) {
  let bareMs = perCall(() => bare.parse(text));
  let parseMs = perCall(() => parser(text, { path }));
  for (let round = 0; round < 9 && parseMs > (maxRatio * 2) / 3 * bareMs; round++) {
    collect?.();
    bareMs = Math.min(bareMs, perCall(() => bare.parse(text)));
    collect?.();
    parseMs = Math.min(parseMs, perCall(() => parser(text, { path })));
  }
  return { parseMs, bareMs };
}
