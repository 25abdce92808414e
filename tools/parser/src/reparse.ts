import type { Nodes, Root, RootContent } from 'mdast';
import type { RemovedSpans } from './markers.js';
import { parseMarkdown } from './page.js';

// The syntax tree of a page with spans removed, without parsing the whole page again. A span of
// whole blocks between blank lines needs no parse at all. Otherwise: Markdown's
// blocks are read line by line: a top-level block that ended before the line a span starts on is
// final, except the one just before, which may take a changed line as its lazy continuation; and
// once a top-level block starts at the same place with the same text after it, the rest parses the
// same. So only a window from the block before the one a span starts in to the first block after
// the span is parsed again, and the rest of the tree is the full page's, moved. A window whose last
// block does not start where it does in the full page, a page with link definitions (which reach
// into every window) and several windows that cost more than the page are parsed whole. test/reparse.test.ts compares both ways on real pages.

/** What one parse costs besides its text, as the characters of a page that cost as much (measured: ~0.1 ms against ~4 µs a character). */
const parseCostInCharacters = 25;

interface Window {
  /** Offsets in the full page. */
  start: number;
  end: number;
  /** Top-level children of the full page the window replaces: `[first, last]`. */
  first: number;
  last: number;
  /** Whether `last` is the block after the removed spans (the one where both parses meet again). */
  meets: boolean;
}

const start = (node: Nodes) => node.position?.start.offset ?? 0;
const end = (node: Nodes) => node.position?.end.offset ?? 0;

/**
 * The syntax tree of `removed.text`: exact, or (`exact: false`) exact up to the end of a window
 * where the removal changed the blocks around it.
 * @param source The full page.
 * @param tree Its syntax tree.
 * @param spans The removed spans, in order.
 * @param removed The text without them.
 */
export function treeWithout(
  source: string,
  tree: Root,
  spans: ReadonlyArray<readonly [number, number, ...unknown[]]>,
  removed: RemovedSpans,
): { tree: Root; exact: boolean } {
  const whole = () => ({ tree: parseMarkdown(removed.text), exact: true });
  if (spans.length === 0) return { tree, exact: true };
  const children = tree.children;
  const definitions = definitionsOf(tree);
  if (definitions.some((node) => spans.some(([from, to]) => start(node) >= from && start(node) < to))) return whole();
  const shift = shiftOf(source, spans);
  const composed: RootContent[] = [];
  if (spans.every((span) => cutsCleanly(source, children, span))) {
    // Whole blocks between blank lines, after a block that cannot run on past one: nothing to parse.
    for (const child of children) {
      if (!spans.some(([from, to]) => start(child) >= from && start(child) < to)) composed.push(moved(child, shift(start(child))));
    }
    return { tree: rootOf(composed, removed.text), exact: true };
  }
  if (definitions.length > 0) return whole();
  const windows = windowsAround(source, children, spans);
  const shown = (offset: number) => offset - shift(offset).chars;
  // Each parse has a cost of its own besides its text's: several windows that cover most of the
  // page cost more than the page as one parse, one window never does.
  const windowed = windows.reduce((sum, window) => sum + shown(window.end) - shown(window.start), 0);
  if (windowed + (windows.length - 1) * parseCostInCharacters > removed.text.length) return whole();
  let next = 0;
  let resynchronized = true;
  for (const window of windows) {
    for (; next < window.first; next++) composed.push(moved(children[next]!, shift(start(children[next]!))));
    const shownStart = shown(window.start);
    const shownEnd = shown(window.end);
    const parsed = parseMarkdown(removed.text.slice(shownStart, shownEnd)).children;
    if (window.meets) {
      const meeting = children[window.last]!;
      const again = parsed.at(-1);
      // The block after the span no longer starts where it did: the removal changed the blocks
      // around it (an error the caller reports from this window), so the exact rest would cost a
      // whole parse for nothing.
      if (!again || !meets(again, shownStart, meeting, shown(start(meeting)))) resynchronized = false;
    }
    const startLine = lineOf(removed.text, shownStart);
    for (const node of parsed) composed.push(moved(node, { chars: -shownStart, lines: -(startLine - 1) }));
    next = window.last + 1;
  }
  for (; next < children.length; next++) composed.push(moved(children[next]!, shift(start(children[next]!))));
  return { tree: rootOf(composed, removed.text), exact: resynchronized };
}

/**
 * Whether the window's last block (at `offset` in the window) is the full page's block after the
 * span: the same kind, starting at the same place; or, for a list, one that runs on into its items
 * (two lists that removing a block between them joins).
 */
function meets(again: RootContent, offset: number, meeting: RootContent, at: number): boolean {
  if (again.type !== meeting.type) return false;
  if (start(again) + offset === at) return true;
  if (again.type !== 'list' || meeting.type !== 'list' || again.ordered !== meeting.ordered) return false;
  return again.children.some((item) => start(item) + offset === at);
}

function rootOf(children: RootContent[], text: string): Root {
  return {
    type: 'root',
    children,
    position: {
      start: { line: 1, column: 1, offset: 0 },
      end: { line: lineOf(text, text.length), column: text.length - text.lastIndexOf('\n'), offset: text.length },
    },
  };
}

const blankLine = /^[ \t]*$/;

/**
 * Whether removing a span takes whole top-level blocks from between two blank lines (or a page
 * end), after a block that a blank line ends for good (not a list or indented code, which can run on
 * past one): then the blocks around it read as before and nothing needs parsing again.
 */
function cutsCleanly(source: string, children: readonly RootContent[], [from, to]: readonly [number, number, ...unknown[]]): boolean {
  if (from > 0 && source[from - 1] !== '\n') return false;
  if (to < source.length && source[to - 1] !== '\n') return false;
  const before = from === 0 ? '' : source.slice(source.lastIndexOf('\n', from - 2) + 1, from - 1);
  const afterEnd = source.indexOf('\n', to);
  const after = to >= source.length ? '' : source.slice(to, afterEnd === -1 ? source.length : afterEnd);
  if (!blankLine.test(before) || !blankLine.test(after)) return false;
  let previous: RootContent | undefined;
  for (const child of children) {
    const childStart = start(child);
    if (childStart < from) {
      if (end(child) > from) return false;
      previous = child;
    } else if (childStart < to) {
      if (end(child) > to) return false;
    } else break;
  }
  return previous === undefined || (previous.type !== 'list' && previous.type !== 'code');
}

/** Link definitions anywhere in the flow of the page. */
function definitionsOf(tree: Root): Nodes[] {
  const found: Nodes[] = [];
  const walk = (node: Nodes) => {
    if (node.type === 'definition') found.push(node);
    else if (node.type === 'root' || node.type === 'blockquote' || node.type === 'list' || node.type === 'listItem') node.children.forEach(walk);
  };
  walk(tree);
  return found;
}

function windowsAround(source: string, children: readonly RootContent[], spans: ReadonlyArray<readonly [number, number, ...unknown[]]>): Window[] {
  const windows: Window[] = [];
  let spanIndex = 0;
  while (spanIndex < spans.length) {
    const spanStart = spans[spanIndex]![0];
    // The block the span starts in (or the last one before it), and the one before that: a change
    // to the first line of a block can let the block before it run on (a lazy continuation line).
    let first = -1;
    while (first + 1 < children.length && start(children[first + 1]!) < spanStart) first++;
    first = Math.max(first - 1, -1);
    const windowStart = first === -1 ? 0 : source.lastIndexOf('\n', start(children[first]!) - 1) + 1;
    let spanEnd = spans[spanIndex]![1];
    spanIndex++;
    let after = children.findIndex((node) => start(node) >= spanEnd);
    while (after !== -1 && spanIndex < spans.length && spans[spanIndex]![0] < end(children[after]!)) {
      spanEnd = Math.max(spanEnd, spans[spanIndex]![1]);
      spanIndex++;
      after = children.findIndex((node) => start(node) >= spanEnd);
    }
    const window: Window =
      after === -1
        ? { start: windowStart, end: source.length, first: Math.max(first, 0), last: children.length - 1, meets: false }
        : { start: windowStart, end: end(children[after]!), first: Math.max(first, 0), last: after, meets: true };
    const previous = windows.at(-1);
    if (previous && window.start < previous.end) {
      previous.end = window.end;
      previous.last = window.last;
      previous.meets = window.meets;
    } else {
      windows.push(window);
    }
  }
  return windows;
}

interface Shift {
  chars: number;
  lines: number;
}

/** How far an offset of the full page (outside the spans) moves up once the spans before it are removed. */
function shiftOf(source: string, spans: ReadonlyArray<readonly [number, number, ...unknown[]]>): (offset: number) => Shift {
  const cumulative: Array<{ at: number; chars: number; lines: number }> = [];
  let chars = 0;
  let lines = 0;
  for (const [from, to] of spans) {
    chars += to - from;
    for (let index = source.indexOf('\n', from); index !== -1 && index < to; index = source.indexOf('\n', index + 1)) lines++;
    cumulative.push({ at: to, chars, lines });
  }
  return (offset) => {
    let shift: Shift = { chars: 0, lines: 0 };
    for (const entry of cumulative) {
      if (entry.at <= offset) shift = entry;
      else break;
    }
    return shift;
  };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return line;
}

/** A copy of a node and its descendants with every position moved up by `shift`. */
function moved<T extends Nodes>(node: T, shift: Shift): T {
  if (shift.chars === 0 && shift.lines === 0) return node;
  const copy = { ...node };
  if (node.position) {
    const { start: from, end: to } = node.position;
    copy.position = {
      start: { line: from.line - shift.lines, column: from.column, offset: (from.offset ?? 0) - shift.chars },
      end: { line: to.line - shift.lines, column: to.column, offset: (to.offset ?? 0) - shift.chars },
    };
  }
  if ('children' in node) (copy as { children: Nodes[] }).children = node.children.map((child: Nodes) => moved(child, shift));
  return copy;
}
