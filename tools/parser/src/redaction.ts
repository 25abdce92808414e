import type { Nodes, Root } from 'mdast';
import type { Diagnostic, ErrorDocument, ErrorEntry, PublicEntryTexts, SourcePosition } from '@errcat/schema';
import type { LineIndex } from './lines.js';
import { delRemovalSpans, place, removeSpans, type MarkerRegion, type RemovedSpans } from './markers.js';
import { parseMarkdown, readPage, type PageModel, type ParseOptions } from './page.js';
import { publicPart } from './public.js';
import { treeWithout } from './reparse.js';

/** What removing a page's Del blocks gives, and whether the rest of the page still reads the same. */
export interface RedactionCheck {
  /** Spans removed, in order, each with the Del region it removes. */
  spans: Array<[number, number, MarkerRegion]>;
  removed: RemovedSpans;
  diagnostics: Diagnostic[];
}

/**
 * Read the public variant of a page (its Del blocks removed) and check that everything outside the
 * removed blocks reads as it does in the full page: the same blocks, the same public codes and texts.
 * Public entries and the intro that hold system-only parts get their public texts from it, so that
 * `parse(redact(page))` is `publicPart(parse(page))` whenever no error is reported. A page whose
 * markers have errors, or whose blocks read differently without the Del blocks, is not read as its
 * public variant: it gets the errors and no public texts.
 * @param page The full page, read.
 * @param options Options it was read with.
 */
export function checkRedaction(page: PageModel, options: ParseOptions): RedactionCheck {
  const spans = delRemovalSpans(page.source, page.regions);
  const removed = removeSpans(page.source, spans);
  if (spans.length === 0) return { spans, removed, diagnostics: [] };
  // Markers that do not pair (or that a comment swallows) leave no public variant to read: the
  // errors about them are the report, and the page gets no public texts.
  if (page.markerDiagnostics.some((diagnostic) => diagnostic.severity === 'error')) return { spans, removed, diagnostics: [] };
  const window = treeWithout(page.source, page.tree, spans, removed);
  let tree = window.tree;
  let structural = firstStructuralDifference(page.source, page.tree, tree, spans, removed, page.lines);
  if (!window.exact && !structural) {
    tree = parseMarkdown(removed.text);
    structural = firstStructuralDifference(page.source, page.tree, tree, spans, removed, page.lines);
  }
  // Blocks that read differently once the Del blocks are gone are the error; the public variant's
  // texts would be those of another page, so the page gets none.
  if (structural) return { spans, removed, diagnostics: [describeChange(structural, spans, page)] };
  const shown = readPage(removed.text, options, tree);
  const toFull = (position: SourcePosition) => mapPosition(position, shown.lines, page.lines, removed);
  const { document } = page;
  const spanStarts = spans.map(([start]) => start);
  const holdsSpan = (from: number, to: number) => spanStarts.some((start) => start >= from && start < to);

  const fullPublic = document.errors.filter((entry) => entry.visibility === 'public');
  for (const [full, redacted] of pairEntries(fullPublic, shown.document.errors)) {
    const range = page.entryRanges.get(full);
    if (range && holdsSpan(range[0], range[1])) full.publicTexts = remapPositions(publicTextsOf(redacted), toFull);
  }
  if (page.introRange && holdsSpan(page.introRange[0], page.introRange[1]) && shown.document.intro !== document.intro) {
    document.publicIntro = shown.document.intro;
  }

  const diagnostics: Diagnostic[] = [];
  const change = firstDocumentDifference(publicPart(document), shown.document, page, toFull);
  if (change) diagnostics.push(describeChange(change, spans, page));
  return { spans, removed, diagnostics };
}

/** A place where the public page reads differently, in offsets of the full page. */
export interface Change {
  offset: number;
  what: string;
}

function publicTextsOf(entry: ErrorEntry): PublicEntryTexts {
  const texts: PublicEntryTexts = {
    message: entry.message,
    messageMarkdown: entry.messageMarkdown,
    description: entry.description,
    causes: entry.causes,
    solutions: entry.solutions,
    sections: entry.sections,
  };
  if (entry.intro !== undefined) texts.intro = entry.intro;
  if (entry.stub) texts.stub = true;
  if (entry.variants) texts.variants = entry.variants;
  return texts;
}

/** Public entries of the full page beside the entries of the public page: in order, or by code when the codes differ. */
function pairEntries(full: readonly ErrorEntry[], shown: readonly ErrorEntry[]): Array<[ErrorEntry, ErrorEntry]> {
  if (full.length === shown.length && full.every((entry, index) => entry.code === shown[index]!.code)) {
    return full.map((entry, index) => [entry, shown[index]!]);
  }
  const unused = [...shown];
  const pairs: Array<[ErrorEntry, ErrorEntry]> = [];
  for (const entry of full) {
    const index = unused.findIndex((candidate) => candidate.code === entry.code);
    if (index !== -1) pairs.push([entry, unused.splice(index, 1)[0]!]);
  }
  return pairs;
}

function mapPosition(position: SourcePosition, from: LineIndex, to: LineIndex, removed: RemovedSpans): SourcePosition {
  const mapped = to.position(removed.toSourceOffset(from.offset(position.line, position.column)));
  if (position.endLine !== undefined) {
    const endLine = to.position(removed.toSourceEnd(from.offset(position.endLine, 1))).line;
    if (endLine !== mapped.line) mapped.endLine = endLine;
  }
  return mapped;
}

/** Copy a value, turning every source position in it into one of the full page. */
function remapPositions<T>(value: T, map: (position: SourcePosition) => SourcePosition): T {
  if (Array.isArray(value)) return value.map((item) => remapPositions(item, map)) as T;
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (typeof record['line'] === 'number' && typeof record['column'] === 'number' && typeof record['file'] === 'string') {
    return map(record as unknown as SourcePosition) as T;
  }
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, remapPositions(item, map)])) as T;
}

interface FlowNode {
  type: string;
  start: number;
  end: number;
}

const flowContainers = new Set(['root', 'blockquote', 'list', 'listItem', 'footnoteDefinition']);

/** Block nodes in document order (lists themselves left out: two lists that removing a block between them joins are one list of the same items). */
function flowNodes(tree: Root): FlowNode[] {
  const nodes: FlowNode[] = [];
  const walk = (node: Nodes) => {
    if (node.type !== 'root' && node.type !== 'list') {
      nodes.push({ type: node.type, start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 });
    }
    if (flowContainers.has(node.type) && 'children' in node) for (const child of node.children) walk(child);
  };
  walk(tree);
  return nodes;
}

/** The first block outside the removed spans that the public page reads differently (starts, ends or is of another kind). */
export function firstStructuralDifference(
  source: string,
  fullTree: Root,
  shownTree: Root,
  spans: ReadonlyArray<readonly [number, number, ...unknown[]]>,
  removed: RemovedSpans,
  lines: LineIndex,
): Change | undefined {
  // A block that starts or ends inside a removed span is expected to start after it or end before it.
  const clamp = (node: FlowNode): FlowNode | undefined => {
    let { start, end } = node;
    for (const [from, to] of spans) {
      if (start >= from && end <= to) return undefined;
      if (start >= from && start < to) start = skipBlank(source, to, 1);
      if (end > from && end <= to) end = skipBlank(source, from, -1);
    }
    return { type: node.type, start: skipBlank(source, start, 1), end: skipBlank(source, end, -1) };
  };
  const full = flowNodes(fullTree).flatMap((node) => clamp(node) ?? []);
  const redacted = flowNodes(shownTree).map((node) => ({
    type: node.type,
    start: skipBlank(source, removed.toSourceOffset(node.start), 1),
    end: skipBlank(source, removed.toSourceEnd(node.end), -1),
  }));
  const at = (offset: number) => place(lines.position(offset));
  for (let index = 0; index < Math.max(full.length, redacted.length); index++) {
    const before = full[index];
    const after = redacted[index];
    if (before && after && before.type === after.type && before.start === after.start && before.end === after.end) continue;
    if (before && after && before.type === after.type && before.start === after.start) {
      const what =
        after.end > before.end
          ? `the ${blockName(before.type)} at ${at(before.start)}, which ends at ${at(before.end)} in the full page, runs on to ${at(after.end)} in the public page`
          : `the ${blockName(before.type)} at ${at(before.start)}, which runs to ${at(before.end)} in the full page, ends at ${at(after.end)} in the public page`;
      return { offset: before.start, what };
    }
    if (before && after) {
      const offset = Math.min(before.start, after.start);
      return {
        offset,
        what: `at ${at(offset)} the public page reads ${article(blockName(after.type))} (to ${at(after.end)}) where the full page has ${article(blockName(before.type))} (to ${at(before.end)})`,
      };
    }
    if (before) return { offset: before.start, what: `the ${blockName(before.type)} at ${at(before.start)} is gone from the public page` };
    return { offset: after!.start, what: `the public page has ${article(blockName(after!.type))} at ${at(after!.start)} that the full page does not` };
  }
  return undefined;
}

/** Move an offset past blank characters, forwards (1) or backwards (-1). */
function skipBlank(source: string, offset: number, direction: 1 | -1): number {
  if (direction === 1) {
    while (offset < source.length && /\s/.test(source[offset]!)) offset++;
  } else {
    while (offset > 0 && /\s/.test(source[offset - 1]!)) offset--;
  }
  return offset;
}

const blockNames: Record<string, string> = {
  paragraph: 'paragraph',
  heading: 'heading',
  code: 'code block',
  html: 'HTML block',
  blockquote: 'block quote',
  listItem: 'list item',
  thematicBreak: 'thematic break',
  definition: 'link definition',
  footnoteDefinition: 'footnote definition',
  root: 'top level of the page',
  tableCell: 'table cell',
  tableRow: 'table row',
};

function blockName(type: string): string {
  return blockNames[type] ?? type;
}

function article(name: string): string {
  return `${/^[aeiou]/i.test(name) || name.startsWith('HTML') ? 'an' : 'a'} ${name}`;
}

/** The first public code, visibility or text that reads differently in the public page. */
function firstDocumentDifference(
  expected: ErrorDocument,
  shown: ErrorDocument,
  page: PageModel,
  toFull: (position: SourcePosition) => SourcePosition,
): Change | undefined {
  const offsetOf = (position: SourcePosition) => page.lines.offset(position.line, position.column);
  for (const field of ['title', 'metadata', 'intro'] as const) {
    if (!sameContent(expected[field], shown[field])) return { offset: 0, what: `the page ${field} reads differently in the public page` };
  }
  const count = Math.max(expected.errors.length, shown.errors.length);
  for (let index = 0; index < count; index++) {
    const want = expected.errors[index];
    const got = shown.errors[index];
    if (want && got && want.code === got.code) {
      const field = Object.keys({ ...want, ...got }).find(
        (key) => key !== 'position' && !sameContent((want as unknown as Record<string, unknown>)[key], (got as unknown as Record<string, unknown>)[key]),
      );
      if (field === undefined) continue;
      return { offset: offsetOf(want.position), what: `the ${field} of code ${want.code} at ${place(want.position)} reads differently in the public page` };
    }
    if (want && !shown.errors.some((entry) => entry.code === want.code)) {
      return { offset: offsetOf(want.position), what: `code ${want.code} at ${place(want.position)} is lost from the public page` };
    }
    if (got) {
      const at = toFull(got.position);
      return { offset: offsetOf(at), what: `the public page has code ${got.code} (${got.visibility}) at ${place(at)} where the full page's public codes do not` };
    }
    return { offset: offsetOf(want!.position), what: `code ${want!.code} at ${place(want!.position)} moves in the public page` };
  }
  return undefined;
}

/** Deep equality of two parsed values, positions (and regions) aside. */
function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, index) => sameContent(item, other[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (key === 'position' || key === 'regions' || key === 'metadataPositions') continue;
    if (!sameContent(left[key], right[key])) return false;
  }
  return true;
}

function describeChange(change: Change, spans: ReadonlyArray<readonly [number, number, MarkerRegion]>, page: PageModel): Diagnostic {
  const [, , region] = spans.find(([, to]) => to > change.offset) ?? spans.at(-1)!;
  const position = (offset: number) => page.lines.position(offset);
  const start = position(region.start);
  const end = region.closed ? position(region.contentEnd) : undefined;
  if (end && region.endContainer && region.startContainer !== region.endContainer) {
    return {
      severity: 'error',
      ruleId: 'del-across-blocks',
      message: `<!--Del--> at ${place(start)} is in ${containerName(region.startContainer, page)} and its <!--DelEnd--> at ${place(end)} in ${containerName(region.endContainer, page)}, so removing the block re-joins or re-opens what it spans: ${change.what}`,
      position: start,
      related: end,
    };
  }
  return {
    severity: 'error',
    ruleId: 'redaction-changes-page',
    message: `removing the Del block at ${place(start)}${end ? `–${place(end)}` : ''} changes how the rest of the page reads: ${change.what}; put the markers on lines of their own with a blank line before <!--Del--> and after <!--DelEnd-->`,
    position: position(change.offset),
    related: start,
  };
}

function containerName(node: Nodes, page: PageModel): string {
  if (node.type === 'root') return 'the top level of the page';
  return `${article(blockName(node.type))} at ${place(page.lines.position(node.position?.start.offset ?? 0))}`;
}
