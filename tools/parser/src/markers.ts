import type { Nodes, Root } from 'mdast';
import type { Diagnostic, MarkedRegion, SourcePosition } from '@errcat/schema';
import type { LineIndex } from './lines.js';

/** A `<!--Del-->`, `<!--DelEnd-->`, `<!--RPn-->` or `<!--RPnEnd-->` comment in the source. */
export interface Marker {
  /** Region name: `Del`, `RP1`, … */
  name: string;
  closing: boolean;
  /** Offsets of the comment in the source. */
  start: number;
  end: number;
  /** The block the marker sits in: the page, a list item or block quote (marker on a line of its own), or a paragraph, heading… (inline). */
  container: Nodes;
}

/** A paired region with offsets; `end` is the offset after the closing marker (or the source length). */
export interface MarkerRegion {
  name: string;
  start: number;
  /** Offset just after the opening marker. */
  contentStart: number;
  /** Offset of the closing marker (or the source length when unclosed). */
  contentEnd: number;
  end: number;
  closed: boolean;
  /** Blocks the opening and closing markers sit in (the same node when both are in one block). */
  startContainer: Nodes;
  endContainer?: Nodes;
}

const markerPattern = /<!--[ \t]*(Del|RP\d+)(End)?[ \t]*-->/g;
/** The same as markerPattern without its global state, for a test. */
const anyMarker = new RegExp(markerPattern.source);
const wholeMarker = /^<!--[ \t]*(Del|RP\d+)(End)?[ \t]*-->$/;

const blockTypes = new Set(['root', 'blockquote', 'list', 'listItem', 'footnoteDefinition', 'paragraph', 'heading', 'table', 'tableRow', 'tableCell']);

/** What the tree says about the places a marker can be: HTML (flow or inline) and code. */
interface MarkupPlaces {
  html: Array<{ start: number; end: number; container: Nodes }>;
  code: Array<[number, number]>;
}

/**
 * The HTML and code nodes that hold a `<!--` (the only ones a marker can be in or be hidden by).
 * Nodes around no `<!--` are not entered, so a page is walked only where its comments are.
 * @param opens Offsets of every `<!--` in the source, ascending.
 */
function markupPlaces(tree: Root, opens: readonly number[]): MarkupPlaces {
  const places: MarkupPlaces = { html: [], code: [] };
  // Whether some `<!--` starts in [start, end).
  const holdsOpen = (start: number, end: number) => {
    let low = 0;
    let high = opens.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (opens[middle]! < start) low = middle + 1;
      else high = middle;
    }
    return low < opens.length && opens[low]! < end;
  };
  const walk = (node: Nodes, block: Nodes) => {
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? 0;
    if (node.position && !holdsOpen(start, end)) return;
    if (node.type === 'html') places.html.push({ start, end, container: block });
    else if (node.type === 'code' || node.type === 'inlineCode') places.code.push([start, end]);
    if ('children' in node) {
      const inner = blockTypes.has(node.type) ? node : block;
      for (const child of node.children) walk(child, inner);
    }
  };
  walk(tree, tree);
  return places;
}

/** Offsets of every `<!--` in a source, ascending. */
function commentOpens(source: string): number[] {
  const opens: number[] = [];
  for (let at = source.indexOf('<!--'); at !== -1; at = source.indexOf('<!--', at + 1)) opens.push(at);
  return opens;
}

/** Result of {@link scanMarkers}. */
export interface MarkerScan {
  markers: Marker[];
  diagnostics: Diagnostic[];
}

/**
 * Find every content marker, the way Markdown reads the page: a marker is an HTML comment of its
 * own. One whose `<!--` lies inside a comment opened earlier is reported (its `-->` closes that
 * comment, so removing it would reopen the comment) but still paired, so one mistake gives one
 * error; marker text that Markdown reads as text outside code (a link, an escape) is reported too.
 * @param source The Markdown the tree was parsed from.
 * @param tree Its syntax tree.
 * @param position Turns an offset into a source position.
 */
export function scanMarkers(source: string, tree: Root, position: (offset: number) => SourcePosition): MarkerScan {
  // Most pages have no marker at all: then there is nothing to place, and no tree walk.
  if (!anyMarker.test(source)) return { markers: [], diagnostics: [] };
  const places = markupPlaces(tree, commentOpens(source));
  const markers: Marker[] = [];
  const diagnostics: Diagnostic[] = [];
  const taken = new Set<number>();
  for (const html of places.html) {
    let cursor = html.start;
    while (cursor < html.end) {
      const open = source.indexOf('<!--', cursor);
      if (open === -1 || open >= html.end) break;
      const close = commentEnd(source, open, html.end);
      const comment = source.slice(open, close);
      const whole = wholeMarker.exec(comment);
      if (whole) {
        markers.push({ name: whole[1]!, closing: whole[2] !== undefined, start: open, end: close, container: html.container });
        taken.add(open);
      } else {
        for (const inner of comment.matchAll(markerPattern)) {
          const start = open + inner.index;
          taken.add(start);
          markers.push({ name: inner[1]!, closing: inner[2] !== undefined, start, end: start + inner[0].length, container: html.container });
          diagnostics.push({
            severity: 'error',
            ruleId: 'marker-in-comment',
            message: `${inner[0]} sits inside an HTML comment opened at ${place(position(open))}, whose end it takes as its own; close that comment first (or remove the stray <!--)`,
            position: position(start),
            related: position(open),
          });
        }
      }
      cursor = close;
    }
  }
  for (const match of source.matchAll(markerPattern)) {
    const start = match.index;
    if (taken.has(start) || source.charCodeAt(start - 1) === 0x5c /* \ */) continue;
    if (places.code.some(([from, to]) => start >= from && start < to)) continue;
    diagnostics.push({
      severity: 'warning',
      ruleId: 'marker-not-read',
      message: `${match[0]} is read as text here (inside a link, an image or an HTML tag), not as a marker; it stays in the public page`,
      position: position(start),
    });
  }
  markers.sort((a, b) => a.start - b.start);
  return { markers, diagnostics };
}

/** Offset after the comment opened at `open` (CommonMark: `<!-->`, `<!--->`, or up to the first `-->`). */
function commentEnd(source: string, open: number, limit: number): number {
  if (source.startsWith('<!-->', open)) return open + 5;
  if (source.startsWith('<!--->', open)) return open + 6;
  const close = source.indexOf('-->', open + 4);
  return close === -1 || close + 3 > limit ? limit : close + 3;
}

/** `12:3` */
export function place(position: SourcePosition): string {
  return `${position.line}:${position.column}`;
}

/**
 * Pair opening and closing markers into regions, reporting the ones that do not balance.
 * @param markers Markers in source order.
 * @param sourceLength Length of the source (where an unclosed region ends).
 * @param position Turns an offset into a source position.
 */
export function pairMarkers(
  markers: readonly Marker[],
  sourceLength: number,
  position: (offset: number) => SourcePosition,
): { regions: MarkerRegion[]; diagnostics: Diagnostic[] } {
  const regions: MarkerRegion[] = [];
  const diagnostics: Diagnostic[] = [];
  const open = new Map<string, Marker>();
  for (const marker of markers) {
    const pending = open.get(marker.name);
    if (!marker.closing) {
      if (pending) {
        diagnostics.push({
          severity: 'error',
          ruleId: marker.name === 'Del' ? 'nested-del' : 'nested-marker',
          message: `<!--${marker.name}--> opened again before <!--${marker.name}End--> closed the one opened at ${place(position(pending.start))}`,
          position: position(marker.start),
          related: position(pending.start),
        });
        continue;
      }
      open.set(marker.name, marker);
      continue;
    }
    if (!pending) {
      diagnostics.push({
        severity: marker.name === 'Del' ? 'error' : 'warning',
        ruleId: marker.name === 'Del' ? 'unbalanced-del' : 'unbalanced-marker',
        message: `<!--${marker.name}End--> has no <!--${marker.name}--> before it`,
        position: position(marker.start),
      });
      continue;
    }
    open.delete(marker.name);
    regions.push({
      name: marker.name,
      start: pending.start,
      contentStart: pending.end,
      contentEnd: marker.start,
      end: marker.end,
      closed: true,
      startContainer: pending.container,
      endContainer: marker.container,
    });
  }
  for (const pending of open.values()) {
    diagnostics.push({
      severity: pending.name === 'Del' ? 'error' : 'warning',
      ruleId: pending.name === 'Del' ? 'unbalanced-del' : 'unbalanced-marker',
      message: `<!--${pending.name}--> is never closed by <!--${pending.name}End-->`,
      position: position(pending.start),
    });
    regions.push({
      name: pending.name,
      start: pending.start,
      contentStart: pending.end,
      contentEnd: sourceLength,
      end: sourceLength,
      closed: false,
      startContainer: pending.container,
    });
  }
  regions.sort((a, b) => a.start - b.start);
  return { regions, diagnostics };
}

/**
 * Regions as the document reports them.
 * @param regions Paired regions.
 * @param lines Line index of the source.
 */
export function toMarkedRegions(regions: readonly MarkerRegion[], lines: LineIndex): MarkedRegion[] {
  return regions.map((region) => {
    const marked: MarkedRegion = { name: region.name, start: lines.position(region.start) };
    if (region.closed) marked.end = lines.position(region.contentEnd);
    return marked;
  });
}

/**
 * Spans the public edition removes: each Del region, widened to whole lines when its markers stand
 * on lines of their own.
 * @param source The text the regions were found in (LF line endings).
 * @param regions Paired regions (other names are ignored).
 * @returns Non-overlapping `[from, to)` spans in source order, each with its region.
 */
export function delRemovalSpans(source: string, regions: readonly MarkerRegion[]): Array<[number, number, MarkerRegion]> {
  const spans: Array<[number, number, MarkerRegion]> = [];
  let covered = 0;
  for (const region of regions) {
    if (region.name !== 'Del' || region.start < covered) continue;
    let from = region.start;
    let to = region.end;
    const lineStart = source.lastIndexOf('\n', from - 1) + 1;
    const newline = source.indexOf('\n', to);
    const lineEnd = newline === -1 ? source.length : newline + 1;
    if (/^[ \t]*$/.test(source.slice(lineStart, from)) && /^[ \t]*\n?$/.test(source.slice(to, lineEnd))) {
      from = lineStart;
      to = lineEnd;
    }
    spans.push([from, to, region]);
    covered = to;
  }
  return spans;
}

/** A text with spans removed, and the way back to offsets of the text it came from. */
export interface RemovedSpans {
  text: string;
  /** Offset in the source of the character at `offset` of the text (right after a removed span when it falls on one). */
  toSourceOffset: (offset: number) => number;
  /** Offset in the source just after the character before `offset` (right before a removed span when it falls on one). */
  toSourceEnd: (offset: number) => number;
}

/**
 * Remove spans from a text.
 * @param source Text.
 * @param spans Non-overlapping `[from, to)` spans in order.
 */
export function removeSpans(source: string, spans: ReadonlyArray<readonly [number, number, ...unknown[]]>): RemovedSpans {
  const pieces: string[] = [];
  let copied = 0;
  let length = 0;
  const kept: Array<{ outputStart: number; sourceStart: number; length: number }> = [];
  for (const [from, to] of spans) {
    kept.push({ outputStart: length, sourceStart: copied, length: from - copied });
    pieces.push(source.slice(copied, from));
    length += from - copied;
    copied = to;
  }
  kept.push({ outputStart: length, sourceStart: copied, length: source.length - copied });
  pieces.push(source.slice(copied));
  const pieceAt = (offset: number, preferEarlier: boolean) => {
    let low = 0;
    let high = kept.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      const candidate = kept[middle]!;
      if (preferEarlier ? candidate.outputStart < offset : candidate.outputStart <= offset) low = middle;
      else high = middle - 1;
    }
    return kept[low]!;
  };
  return {
    text: pieces.join(''),
    toSourceOffset(offset) {
      const piece = pieceAt(offset, false);
      return piece.sourceStart + (offset - piece.outputStart);
    },
    toSourceEnd(offset) {
      const piece = pieceAt(offset, true);
      return piece.sourceStart + (offset - piece.outputStart);
    },
  };
}
