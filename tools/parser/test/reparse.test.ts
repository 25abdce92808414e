import fc from 'fast-check';
import type { Nodes, Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { corpusPages, currentCorpusPages } from '../../testing/corpus.js';
import { normalizeSource, parseMarkdown } from '../src/index.js';
import { delRemovalSpans, removeSpans } from '../src/markers.js';
import { readPage } from '../src/page.js';
import { firstStructuralDifference } from '../src/redaction.js';
import { LineIndex } from '../src/lines.js';
import { treeWithout } from '../src/reparse.js';

/** Every node of a tree, one line each: kind, place and (for leaves) value, in document order. */
function outline(tree: Root): string {
  const lines: string[] = [];
  const walk = (node: Nodes, depth: number) => {
    const { start, end } = node.position!;
    const extra = Object.entries(node)
      .filter(([key]) => key !== 'type' && key !== 'position' && key !== 'children')
      .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
      .join(' ');
    lines.push(`${depth} ${node.type} ${start.line}:${start.column}@${start.offset}-${end.line}:${end.column}@${end.offset} ${extra}`);
    if ('children' in node) for (const child of node.children) walk(child, depth + 1);
  };
  for (const child of tree.children) walk(child, 0);
  return lines.join('\n');
}

const pages = currentCorpusPages().map((page) => normalizeSource(page.source));

/** Spans of whole lines (or parts of lines) of a page, in order and apart. */
const spansOf = (source: string, cuts: ReadonlyArray<{ at: number; length: number; wholeLines: boolean }>) => {
  const lineStarts = [0];
  for (let index = source.indexOf('\n'); index !== -1; index = source.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const spans: Array<[number, number]> = [];
  let covered = 0;
  for (const cut of [...cuts].sort((a, b) => a.at - b.at)) {
    let from: number;
    let to: number;
    if (cut.wholeLines) {
      const line = cut.at % lineStarts.length;
      from = lineStarts[line]!;
      to = lineStarts[Math.min(line + 1 + (cut.length % 12), lineStarts.length - 1)] ?? source.length;
    } else {
      from = cut.at % (source.length + 1);
      to = Math.min(source.length, from + (cut.length % 40));
    }
    if (from < covered || to <= from) continue;
    spans.push([from, to]);
    covered = to;
  }
  return spans;
};

describe('the tree of a page with spans removed', () => {
  it('is the tree a whole parse gives for the Del blocks of real pages (whole blocks between blank lines, and others)', () => {
    const withDel = corpusPages().map((page) => normalizeSource(page.source)).filter((source) => source.includes('<!--Del-->'));
    expect(withDel.length).toBeGreaterThanOrEqual(7);
    for (const source of withDel) {
      const page = readPage(source, { path: 'x.md' });
      const spans = delRemovalSpans(source, page.regions);
      const removed = removeSpans(source, spans);
      const shown = treeWithout(source, page.tree, spans, removed);
      expect(shown.exact).toBe(true);
      expect(outline(shown.tree)).toBe(outline(parseMarkdown(removed.text)));
    }
  });

  it('is the tree a whole parse gives when whole blocks between blank lines go, after any kind of block', () => {
    const after = ['Paragraph.', '- list item', '    indented code', '> quote', '<div>\nhtml\n</div>', '```\nfenced\n```', '## Heading', '[ref]: https://example.com', '| a |\n| - |\n| 1 |'];
    const next = ['Next paragraph.', '  indented two', '    indented four', '- next item', '> next quote', '[ref]'];
    for (const first of after) {
      for (const last of next) {
        const source = `# T\n\n${first}\n\n<!--Del-->\nRemoved.\n<!--DelEnd-->\n\n${last}\n`;
        const page = readPage(source, { path: 'x.md' });
        const spans = delRemovalSpans(source, page.regions);
        const removed = removeSpans(source, spans);
        const shown = treeWithout(source, page.tree, spans, removed);
        const whole = parseMarkdown(removed.text);
        if (shown.exact) expect(outline(shown.tree), `${first} / ${last}`).toBe(outline(whole));
        else expect(firstStructuralDifference(source, page.tree, whole, spans, removed, page.lines), `${first} / ${last}`).toBeDefined();
      }
    }
  });

  it('is the tree a whole parse of the text gives, though only windows around the spans are parsed again', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: pages.length - 1 }),
        fc.array(fc.record({ at: fc.nat(), length: fc.nat(), wholeLines: fc.boolean() }), { minLength: 1, maxLength: 4 }),
        (index, cuts) => {
          const source = pages[index]!;
          const spans = spansOf(source, cuts);
          const removed = removeSpans(source, spans);
          const tree = parseMarkdown(source);
          const shown = treeWithout(source, tree, spans, removed);
          const whole = parseMarkdown(removed.text);
          if (shown.exact) expect(outline(shown.tree)).toBe(outline(whole));
          // Short of exact only where removing the spans changes the blocks around them, which the check reports either way.
          else expect(firstStructuralDifference(source, tree, whole, spans, removed, new LineIndex(source, 'x.md'))).toBeDefined();
        },
      ),
      { numRuns: 200 },
    );
  });
});
