import fc from 'fast-check';
import type { Paragraph, RootContent } from 'mdast';
import { describe, expect, it } from 'vitest';
import { corpusPages } from '../../testing/corpus.js';
import { normalizeSource, parseMarkdown } from '../src/index.js';
import { inlineBodyBlocks } from '../src/page.js';
import { plainText, SourceText, splitItems } from '../src/text.js';

/** Every top-level paragraph that starts with strong text alone on its line, with the text after that line. */
function labelParagraphs(source: string): Array<{ paragraph: Paragraph; head: string }> {
  const found: Array<{ paragraph: Paragraph; head: string }> = [];
  for (const node of parseMarkdown(source).children) {
    if (node.type !== 'paragraph' || node.children[0]?.type !== 'strong') continue;
    const afterStrong = node.children[0].position!.end.offset!;
    const end = node.position!.end.offset!;
    const line = /^[ \t]*[:：]?[ \t]*\n/.exec(source.slice(afterStrong, end));
    if (line && afterStrong + line[0].length < end) found.push({ paragraph: node, head: source.slice(afterStrong + line[0].length, end) });
  }
  return found;
}

/** What errcat reads from a label's inline body: its message text and its items. */
function reading(nodes: readonly RootContent[], head: string) {
  return { message: plainText(nodes), items: splitItems(nodes, new SourceText(head)) };
}

/** Checks every label paragraph of a page; returns how many took the paragraph's own nodes. */
function compare(source: string): number {
  let reused = 0;
  for (const { paragraph, head } of labelParagraphs(source)) {
    const blocks = inlineBodyBlocks(paragraph, head);
    if (!blocks) continue;
    reused++;
    expect(reading(blocks, head), JSON.stringify(head)).toEqual(reading(parseMarkdown(head).children, head));
  }
  return reused;
}

describe('the inline body of a label', () => {
  it('reads as a parse of it on its own would, on the corpus with every label joined to the text after it', () => {
    let reused = 0;
    for (const page of corpusPages()) {
      // Corpus labels stand alone in their paragraphs; written without the blank line, the text joins them.
      reused += compare(normalizeSource(page.source).replace(/^(\*\*[^*\n]+\*\*[ \t]*[:：]?[ \t]*)\n\n(?=\S)/gm, '$1\n'));
    }
    expect(reused).toBeGreaterThan(1000);
  });

  it('reads as a parse of it on its own would, whatever Markdown follows the label (with and without link definitions on the page)', () => {
    const piece = fc.constantFrom(
      'text', ' ', '  ', '\t', '\n', '1.', '1. ', '2) ', '- ', '* ', '+ ', '#', '# ', '> ', '```', '~~~', '    ', '<div>', '<!--x-->', '<a>',
      '[ref]', '[ref]: /u', '![ref]', '[l](/u)', '*', '**', '_', '__', '`', '\\', '&amp;', '&#58;', '---', '***', '___', '===', '|', ':', '：', '2.', 'step1：',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 12 }),
        fc.constantFrom('', '：', ' :', '  '),
        fc.boolean(),
        (pieces, afterLabel, defined) => {
          const body = pieces.join('');
          const source = `# T\n\n## 1 A\n\n**Cause**${afterLabel}\n${body}\n${defined ? '\n[ref]: https://example.com\n' : ''}`;
          compare(source);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('is not taken where the text alone would start another block or a reference needs the page', () => {
    // Lines a paragraph takes as its own that would start a list, code, HTML or a definition alone.
    const cases = ['2. Second step.', '10) Tenth.', '    code', '\tcode', '<span>', '[ref]: /u'];
    for (const body of cases) {
      const { paragraph, head } = labelParagraphs(`**Cause**\n${body}\nmore\n`)[0]!;
      expect(inlineBodyBlocks(paragraph, head), body).toBeUndefined();
    }
    const reference = labelParagraphs('**Cause**\nSee [ref].\n\n[ref]: https://example.com\n')[0]!;
    expect(inlineBodyBlocks(reference.paragraph, reference.head)).toBeUndefined();
    const plain = labelParagraphs('**Cause**：\nThe service is not running.\n')[0]!;
    expect(plainText(inlineBodyBlocks(plain.paragraph, plain.head)!)).toBe('The service is not running.');
  });
});
