import type { Nodes, Root, RootContent } from 'mdast';
import type { RemovedSpans } from './markers.js';
import { parseMarkdown } from './page.js';

// The syntax tree of a page with spans removed, without parsing the whole page again. Markdown's
// blocks are read line by line: a top-level block that ended before the line a span starts on is
// final, except the one just before, which may take a changed line as its lazy continuation; and
// once a top-level block starts at the same place with the same text after it, the rest parses the
// same. So only a window from the block before the one a span starts in to the first block after
// the span is parsed again, and the rest of the tree is the full page's, moved. A window whose last
// block does not start where it does in the full page, and a page with link definitions (which
// reach into every window), are parsed whole. test/reparse.test.ts compares both ways on real pages.

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
 * The syntax tree of `removed.text`.
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
): Root {
  if (spans.length === 0) return tree;
  if (hasDefinitions(tree)) return parseMarkdown(removed.text);
  const children = tree.children;
  const windows = windowsAround(source, children, spans);
  const shift = shiftOf(source, spans);
  const composed: RootContent[] = [];
  let next = 0;
  for (const window of windows) {
    for (; next < window.first; next++) composed.push(moved(children[next]!, shift(start(children[next]!))));
    const shownStart = window.start - shift(window.start).chars;
    const shownEnd = window.end - shift(window.end).chars;
    const parsed = parseMarkdown(removed.text.slice(shownStart, shownEnd)).children;
    if (window.meets) {
      const meeting = children[window.last]!;
      const again = parsed.at(-1);
      if (!again || again.type !== meeting.type || start(again) + shownStart !== start(meeting) - shift(start(meeting)).chars) {
        return parseMarkdown(removed.text);
      }
    }
    const startLine = lineOf(removed.text, shownStart);
    for (const node of parsed) composed.push(moved(node, { chars: -shownStart, lines: -(startLine - 1) }));
    next = window.last + 1;
  }
  for (; next < children.length; next++) composed.push(moved(children[next]!, shift(start(children[next]!))));
  const lastLine = lineOf(removed.text, removed.text.length);
  return {
    type: 'root',
    children: composed,
    position: {
      start: { line: 1, column: 1, offset: 0 },
      end: { line: lastLine, column: removed.text.length - removed.text.lastIndexOf('\n'), offset: removed.text.length },
    },
  };
}

function hasDefinitions(tree: Root): boolean {
  const walk = (node: Nodes): boolean =>
    node.type === 'definition' ||
    ((node.type === 'root' || node.type === 'blockquote' || node.type === 'list' || node.type === 'listItem') &&
      node.children.some((child) => walk(child)));
  return walk(tree);
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
