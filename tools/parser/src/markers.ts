import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
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
}

const markerPattern = /<!--[ \t]*(Del|RP\d+)(End)?[ \t]*-->/g;

/**
 * Offsets covered by code (fenced, indented or inline), where a marker is only text.
 * @param tree Parsed Markdown.
 */
function codeRanges(tree: Root): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  visit(tree, (node) => {
    if ((node.type === 'code' || node.type === 'inlineCode') && node.position) {
      ranges.push([node.position.start.offset ?? 0, node.position.end.offset ?? 0]);
    }
  });
  return ranges;
}

/**
 * Find every content marker outside code.
 * @param source The Markdown the tree was parsed from.
 * @param tree Its syntax tree.
 */
export function findMarkers(source: string, tree: Root): Marker[] {
  if (!source.includes('<!--')) return [];
  const code = codeRanges(tree);
  const markers: Marker[] = [];
  for (const match of source.matchAll(markerPattern)) {
    const start = match.index;
    const end = start + match[0].length;
    if (code.some(([from, to]) => start >= from && start < to)) continue;
    markers.push({ name: match[1]!, closing: match[2] !== undefined, start, end });
  }
  return markers;
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
          message: `<!--${marker.name}--> opened again before <!--${marker.name}End--> closed the one opened earlier`,
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
 * @param source The text the regions were found in.
 * @param regions Paired regions (other names are ignored).
 * @returns Non-overlapping `[from, to)` spans in source order.
 */
export function delRemovalSpans(source: string, regions: readonly MarkerRegion[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let covered = 0;
  for (const region of regions) {
    if (region.name !== 'Del' || region.start < covered) continue;
    let from = region.start;
    let to = region.end;
    const lineStart = source.lastIndexOf('\n', from - 1) + 1;
    const newline = source.indexOf('\n', to);
    const lineEnd = newline === -1 ? source.length : newline + 1;
    if (/^[ \t]*$/.test(source.slice(lineStart, from)) && /^[ \t]*\r?\n?$/.test(source.slice(to, lineEnd))) {
      from = lineStart;
      to = lineEnd;
    }
    spans.push([from, to]);
    covered = to;
  }
  return spans;
}

/**
 * Remove spans from a text.
 * @param source Text.
 * @param spans Non-overlapping `[from, to)` spans in order.
 * @returns The text without them, and a function that maps an offset in it back to the source.
 */
export function removeSpans(
  source: string,
  spans: ReadonlyArray<readonly [number, number]>,
): { text: string; toSourceOffset: (offset: number) => number } {
  let text = '';
  let copied = 0;
  const kept: Array<{ outputStart: number; sourceStart: number }> = [];
  for (const [from, to] of spans) {
    kept.push({ outputStart: text.length, sourceStart: copied });
    text += source.slice(copied, from);
    copied = to;
  }
  kept.push({ outputStart: text.length, sourceStart: copied });
  text += source.slice(copied);
  return {
    text,
    toSourceOffset(offset) {
      let piece = kept[0]!;
      for (const candidate of kept) {
        if (candidate.outputStart <= offset) piece = candidate;
        else break;
      }
      return piece.sourceStart + (offset - piece.outputStart);
    },
  };
}
