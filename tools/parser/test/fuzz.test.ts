import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, SourcePosition } from '@errcat/schema';
import { currentCorpusPages } from '../../testing/corpus.js';
import { parse, redact } from '../src/index.js';

/** Mutations of real pages that human editing (or a bad merge) produces. */
type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string };

const markerTexts = ['<!--Del-->', '<!--DelEnd-->', '<!--RP1-->', '<!--RP1End-->', '**Error Message**', '## 123 ', '### ', '| Error Code |\n| --- |\n| 1 |'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom(...markerTexts),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('\u202e\u2028\u2029\u0000\ufeff', '👩‍👩‍👧‍👦'.repeat(50)),
    ),
  }),
);

function apply(source: string, mutations: readonly Mutation[]): string {
  let text = source;
  for (const change of mutations) {
    const lines = text.split('\n');
    const line = lines.length === 0 ? 0 : change.at % lines.length;
    switch (change.kind) {
      case 'delete':
        lines.splice(line, 1);
        text = lines.join('\n');
        break;
      case 'duplicate':
        lines.splice(line, 0, lines[line] ?? '');
        text = lines.join('\n');
        break;
      case 'swap': {
        const other = change.with % Math.max(lines.length, 1);
        [lines[line], lines[other]] = [lines[other] ?? '', lines[line] ?? ''];
        text = lines.join('\n');
        break;
      }
      case 'truncate':
        // Any code unit, so a surrogate pair can be cut in half.
        text = text.slice(0, change.at % (text.length + 1));
        break;
      case 'insert': {
        const at = change.at % (text.length + 1);
        text = text.slice(0, at) + change.text + text.slice(at);
        break;
      }
    }
  }
  return text;
}

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

const pages = currentCorpusPages();
/** Runs per property; each run parses a whole real page twice. */
const RUNS = 150;

describe('fuzzing the parser with mutated real pages', () => {
  it('never throws and places every diagnostic at a real file, line and column', () => {
    fc.assert(
      fc.property(fc.nat({ max: pages.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 8 }), (index, mutations) => {
        const page = pages[index]!;
        expectWellFormed(apply(page.source, mutations), page.path);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 60_000 },
    );
  });

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
