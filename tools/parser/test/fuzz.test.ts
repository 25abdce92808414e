import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, SourcePosition } from '@errcat/schema';
import { currentCorpusPages } from '../../testing/corpus.js';
import { parse, redact } from '../src/index.js';

function expectPlace(position: SourcePosition, file: string, lineCount: number) {
  expect(position.file).toBe(file);
  expect(Number.isInteger(position.line) && position.line >= 1 && position.line <= lineCount + 1).toBe(true);
  expect(Number.isInteger(position.column) && position.column >= 1).toBe(true);
}

function expectWellFormed(source: string, file: string) {
  const lineCount = source.split('\n').length;
  const result = parse(source, { path: file });
  const redacted = redact(source, { path: file });
  const diagnostics: Diagnostic[] = [...result.diagnostics, ...redacted.diagnostics];
  for (const diagnostic of diagnostics) {
    expectPlace(diagnostic.position, file, lineCount);
    expect(diagnostic.message.length).toBeGreaterThan(0);
    expect(diagnostic.ruleId).toMatch(/^[a-z-]+$/);
  }
  for (const entry of result.document.errors) {
    expectPlace(entry.position, file, lineCount);
    expect(Number.isSafeInteger(entry.code)).toBe(true);
  }
  return result;
}

// Random mutations of real pages at scale: tools/fuzz (its tests run 2,000 cases, `pnpm fuzz` any number).
const pages = currentCorpusPages();
const RUNS = 150;

describe('the parser on extreme and unbalanced pages', () => {
  it('survives huge lines and deep nesting', () => {
    const file = 'stress.md';
    const huge = `# T\n\n## 1 Huge\n\n**Error Message**\n\n${'x'.repeat(200_000)}\n`;
    expectWellFormed(huge, file);
    const quotes = `# T\n\n## 1 Quoted\n\n**Error Message**\n\n${'> '.repeat(2_000)}deep\n`;
    expectWellFormed(quotes, file);
    const lists = `# T\n\n## 1 Listed\n\n**Solution**\n\n${Array.from({ length: 120 }, (_, depth) => `${'  '.repeat(depth)}- level ${depth}`).join('\n')}\n`;
    expect(expectWellFormed(lists, file).document.errors[0]!.solutions.length).toBeGreaterThan(0);
    const emphasis = `# T\n\n## 1 Emphasis\n\n**Error Message**\n\n${'*_'.repeat(4_000)}\n`;
    expectWellFormed(emphasis, file);
  });

  it('reports an unbalanced Del inserted anywhere in a page', () => {
    fc.assert(
      fc.property(fc.nat({ max: pages.length - 1 }), fc.nat(), fc.constantFrom('<!--Del-->', '<!--DelEnd-->'), (index, at, marker) => {
        const page = pages[index]!;
        const lines = page.source.split('\n');
        const line = at % lines.length;
        // Inserted as a line of its own, outside code, the marker cannot balance the page.
        if (lines.slice(0, line).filter((text) => /^ {0,3}(```|~~~)/.test(text)).length % 2 === 1) return;
        lines.splice(line, 0, marker);
        const source = lines.join('\n');
        const result = expectWellFormed(source, page.path);
        const errors = result.diagnostics.filter((d) => d.ruleId === 'unbalanced-del' || d.ruleId === 'nested-del');
        expect(errors.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 30_000 },
    );
  });
});
