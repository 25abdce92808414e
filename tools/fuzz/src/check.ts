import { isDeepStrictEqual } from 'node:util';
import { normalizeSource, parse, parseAndRedact, parseMarkdown, publicPart } from '@errcat/parser';
import type { Diagnostic, ErrorDocument, SourcePosition } from '@errcat/schema';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/** What went wrong with one page. */
export interface Problem {
  check: 'throws' | 'position' | 'redaction' | 'tree' | 'time';
  message: string;
}

/** What checking one page found, and what it cost. */
export interface PageCheck {
  problems: Problem[];
  /** Whether the page parsed without errors (the redaction property applies to those). */
  clean: boolean;
  /** Processor milliseconds of one `parse` of the page and of one bare remark-parse of it (medians of the repeats; one batch each in a screening). */
  parseMs?: number;
  bareMs?: number;
  /** Parse time ÷ bare remark-parse time (with repeats: the median of the ratios of each pair of batches). */
  ratio?: number;
}

/** How to check a page. */
export interface CheckOptions {
  /**
   * Time `parse` against the bare remark-parse of the same text; a page slower than `maxRatio` times
   * it fails. With `rounds: 0` (a screening, cheap enough for every case of a long run) one batch of
   * each is timed, and a page over the limit is timed again at once as below with 5 rounds.
   * Otherwise (default 5 rounds) `warm` untimed calls of each come first (default 1), so the code
   * this page needs is compiled, then `rounds` pairs of batches, alternately bare and parse first,
   * each pair after a collection when node runs with --expose-gc; the ratio is the median of the
   * pairs' ratios.
   */
  timing?: { maxRatio: number; rounds?: number; warm?: number };
  /** The parser to check (tests pass a broken one to see the checks fail). */
  parser?: { parseAndRedact: typeof parseAndRedact; parse: typeof parse };
  /** The syntax-tree builder to compare with remark-parse's (tests pass a broken one). */
  tree?: typeof parseMarkdown;
}

const bare = unified().use(remarkParse);

/**
 * Check one page: no throw, the parser's syntax tree the one remark-parse builds, every diagnostic
 * and entry placed inside the page, and for a page without errors `parse(redact(page))` equal to
 * `publicPart(parse(page))` (positions aside).
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
  const source = normalizeSource(text);
  const tree = (options.tree ?? parseMarkdown)(source);
  const reference = bare.parse(source);
  if (!isDeepStrictEqual(tree, reference)) {
    problems.push({ check: 'tree', message: `the syntax tree differs from remark-parse's at ${firstDifference(JSON.stringify(reference), JSON.stringify(tree))}` });
  }
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
    const { maxRatio, rounds = 5, warm = 1 } = options.timing;
    let times = rounds === 0 ? screen(text, path, parser.parse) : timeAgainstBare(text, path, parser.parse, rounds, warm);
    // A screening over the limit is timed again at once with repeats, here: one batch is often a
    // slow moment of the machine, and a fresh process (what the run asks for next) costs far more.
    if (rounds === 0 && times.ratio > maxRatio) times = timeAgainstBare(text, path, parser.parse, 5, 1);
    check.parseMs = times.parseMs;
    check.bareMs = times.bareMs;
    check.ratio = times.ratio;
    if (times.ratio > maxRatio) {
      problems.push({
        check: 'time',
        message: `parse took ${times.ratio.toFixed(2)}× the bare remark-parse of the same text (${times.parseMs.toFixed(2)} ms against ${times.bareMs.toFixed(2)} ms; limit ${maxRatio}×)`,
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

/** Milliseconds of processor time this process has used (user and system), which other processes taking the processor do not add to. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Processor milliseconds per call of `run`, in a batch of calls that takes at least three of them. */
function perCall(run: () => void): number {
  let repeats = 1;
  for (;;) {
    const started = cpuMs();
    for (let index = 0; index < repeats; index++) run();
    const elapsed = cpuMs() - started;
    if (elapsed >= 3 || repeats >= 1 << 16) return elapsed / repeats;
    repeats = Math.max(repeats * 2, Math.ceil((repeats * 4) / Math.max(elapsed, 0.01)));
  }
}

/** One batch of bare parses, then one of `parse` (the page's code is warm from the checks). */
function screen(text: string, path: string, parser: typeof parse) {
  const bareMs = perCall(() => bare.parse(text));
  const parseMs = perCall(() => parser(text, { path }));
  return { bareMs, parseMs, ratio: parseMs / Math.max(bareMs, 1e-6) };
}

/** The collector, when node runs with --expose-gc (`pnpm fuzz` does): each pair starts with an empty heap, so garbage left by earlier calls costs neither side. */
const collect = (globalThis as { gc?: () => void }).gc;

/**
 * Time `parse` of a page against a bare remark-parse of the same text, in this process, in
 * processor time (so another process taking the processor slows neither side), as pairs of
 * batches: how fast the machine runs changes from one second to the next (a busy neighbour on the
 * same core), so each pair's two batches, run one after the other, are compared with each other,
 * and the median pair counts.
 */
function timeAgainstBare(text: string, path: string, parser: typeof parse, rounds: number, warm: number) {
  for (let call = 0; call < warm; call++) {
    bare.parse(text);
    parser(text, { path });
  }
  const pairs: Array<{ parseMs: number; bareMs: number }> = [];
  for (let round = 0; round < rounds; round++) {
    collect?.();
    const timeBare = () => perCall(() => bare.parse(text));
    const timeParse = () => perCall(() => parser(text, { path }));
    if (round % 2 === 0) {
      const bareMs = timeBare();
      pairs.push({ bareMs, parseMs: timeParse() });
    } else {
      const parseMs = timeParse();
      pairs.push({ parseMs, bareMs: timeBare() });
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    parseMs: median(pairs.map((pair) => pair.parseMs)),
    bareMs: median(pairs.map((pair) => pair.bareMs)),
    ratio: median(pairs.map((pair) => pair.parseMs / Math.max(pair.bareMs, 1e-6))),
  };
}
