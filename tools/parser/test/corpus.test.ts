import { describe, expect, it } from 'vitest';
import { corpusPages } from '../../testing/corpus.js';
import { parse, publicPart, redact } from '../src/index.js';
import type { ErrorDocument } from '@errcat/schema';

/** Codes a page lists, found without the parser: code headings and code cells of table rows, outside fenced code. */
function listedCodes(source: string): number[] {
  const codes: number[] = [];
  let fence: string | undefined;
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      if (fence === undefined) fence = fenceMatch[1]![0];
      else if (fenceMatch[1]![0] === fence) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const heading = /^ {0,3}#{1,6}[ \t]+(-?\d+)(?=\s|$)/.exec(line);
    if (heading) codes.push(Number(heading[1]));
    const row = /^\s*\|\s*(-?\d+)\s*\|/.exec(line);
    if (row) codes.push(Number(row[1]));
  }
  return codes;
}

/** A document without positions, to compare two parses of differently laid-out text. */
function withoutPositions(document: ErrorDocument): unknown {
  return JSON.parse(
    JSON.stringify(document, (key, value: unknown) => (key === 'position' || key === 'regions' || key === 'metadataPositions' ? undefined : value)),
  );
}

const pages = corpusPages();

describe('every corpus page', () => {
  it('is there to test against', () => {
    expect(pages.length).toBeGreaterThanOrEqual(77);
  });

  for (const page of pages) {
    describe(page.path, () => {
      const result = parse(page.source, { path: page.path });

      it('yields exactly the codes its headings or table rows list, in order', () => {
        expect(result.document.errors.map((entry) => entry.code)).toEqual(listedCodes(page.source));
      });

      it('reports no errors and gives every entry a title and a position', () => {
        expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
        for (const entry of result.document.errors) {
          expect(entry.position.file).toBe(page.path);
          expect(entry.position.line).toBeGreaterThan(0);
          expect(entry.title.length + (entry.fromTable ? 1 : 0)).toBeGreaterThan(0);
        }
      });

      it('redacts to a page whose parse is the public part of the full parse', () => {
        const redacted = redact(page.source, { path: page.path });
        expect(redacted.diagnostics).toEqual([]);
        const publicDocument = parse(redacted.output, { path: page.path }).document;
        expect(withoutPositions(publicDocument)).toEqual(withoutPositions(publicPart(result.document)));
        const systemCount = result.document.errors.filter((entry) => entry.visibility === 'system').length;
        expect(publicDocument.errors.length).toBe(result.document.errors.length - systemCount);
        if (redacted.removed === 0) expect(redacted.output).toBe(page.source);
      });
    });
  }
});
