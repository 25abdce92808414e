import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { describe, expect, it } from 'vitest';
import { markdownTree } from '../src/markdown-tree.js';
import { corpusPages } from '../../testing/corpus.js';
import '../../testing/fast-check-seed.js';

// errcat builds its own mdast from micromark's events; mdast-util-from-markdown (what
// remark-parse uses) is the reference it must equal, node for node and position for position.

const require = createRequire(import.meta.url);
const spec = require('commonmark-spec') as { tests: Array<{ markdown: string; number: number; section: string }> };

/** Inputs whose trees differ from the reference, with where they first differ. */
function differences(inputs: ReadonlyArray<{ name: string; source: string }>): string[] {
  return inputs
    .filter(({ source }) => !isDeepStrictEqual(markdownTree(source), fromMarkdown(source)))
    .map(({ name, source }) => `${name}: ${JSON.stringify(source).slice(0, 120)}`);
}

describe('markdownTree', () => {
  it('builds the reference tree for every example of the CommonMark spec', () => {
    expect(spec.tests.length).toBeGreaterThan(600);
    const inputs = spec.tests.map((test) => ({ name: `example ${test.number} (${test.section})`, source: test.markdown }));
    expect(differences(inputs)).toEqual([]);
  });

  it('builds the reference tree for every page of the corpus', () => {
    const inputs = corpusPages().map((page) => ({ name: page.path, source: page.source }));
    expect(differences(inputs)).toEqual([]);
  });

  it('builds the reference tree for Markdown made of lists, quotes, blank lines, inline markup, tabs, CR and CRLF line endings and a BOM', () => {
    // Loose and tight lists, items nested in quotes and quotes in items, and blank lines between
    // and after them are where mdast's list model is subtle.
    const piece = fc.constantFrom(
      '- ', '* ', '1. ', '2) ', '> ', '  ', '    ', '\t', '\n', '\n\n', 'text', '中文', '**b**', '*e*', '`c`',
      '[l](u "t")', '[r][x]', '[x]', '![i](s)', '[x]: /u', '<a>', '<!-- c -->', '&amp;', '&#35;', '\\*', '  \n',
      '```js\n', '```\n', '~~~\n', '# ', '---\n', '===\n', '| a | b |\n', 'http://x', '<http://x>',
      '\r\n', '\r', '\t- ', '&copy;', '&#x1F600;', '\\\n',
    );
    fc.assert(
      fc.property(fc.boolean(), fc.array(piece, { maxLength: 40 }), (withBom, pieces) => {
        const source = (withBom ? '\uFEFF' : '') + pieces.join('');
        expect(markdownTree(source)).toEqual(fromMarkdown(source));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives a loose list and a tight one the spread of the reference', () => {
    const tree = markdownTree('- a\n\n- b\n\n1. c\n2. d\n');
    expect(tree.children.map((node) => node.type === 'list' && [node.spread, node.children.map((item) => item.spread)])).toEqual([
      [true, [false, false]],
      [false, [false, false]],
    ]);
    expect(tree).toEqual(fromMarkdown('- a\n\n- b\n\n1. c\n2. d\n'));
  });
});
