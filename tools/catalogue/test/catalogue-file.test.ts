import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Catalogue, ErrorDocument } from '@errcat/schema';
import { CATALOGUE_FILE_SCHEMA_VERSION, decodeCatalogue, encodeCatalogue, StoredCatalogueError, validateCatalogue, validateCatalogueFile } from '@errcat/schema';
import { parse } from '@errcat/parser';
import { currentCorpusPages } from '../../testing/corpus.js';
import { mergeDocuments, publicCatalogue } from '../src/index.js';
import { entry, page } from './build.js';

// catalogue.json stores the catalogue in version 3 (positions and sections as arrays); reading
// it back must give the merged catalogue exactly, key order included, since a part rebuild
// writes the catalogue it read back.

const docsSource = fileURLToPath(new URL('../../../docs-source', import.meta.url));

function docsSourceCatalogue(): Catalogue {
  const files = readdirSync(docsSource, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md')).sort();
  expect(files.length).toBeGreaterThan(0);
  const documents = files.map((file) => parse(readFileSync(join(docsSource, file), 'utf8'), { path: relative(join(docsSource, '..'), join(docsSource, file)) }).document);
  return mergeDocuments(documents).catalogue;
}

function corpusCatalogue(): Catalogue {
  const documents: ErrorDocument[] = currentCorpusPages().map((corpusPage) => parse(corpusPage.source, { path: corpusPage.path }).document);
  return mergeDocuments(documents, { borrowed: { filemanagement: [2300007] } }).catalogue;
}

/** What a reader of catalogue.json gets back from what a build writes. */
function throughFile(catalogue: Catalogue): { text: string; decoded: Catalogue } {
  const text = JSON.stringify(encodeCatalogue(catalogue));
  return { text, decoded: decodeCatalogue(JSON.parse(text)) };
}

function expectLossless(catalogue: Catalogue): void {
  expect(validateCatalogue(catalogue)).toEqual([]);
  const encoded = encodeCatalogue(catalogue);
  expect(encoded.schemaVersion).toBe(CATALOGUE_FILE_SCHEMA_VERSION);
  expect(validateCatalogueFile(encoded)).toEqual([]);
  const { text, decoded } = throughFile(catalogue);
  expect(decoded).toEqual(catalogue);
  // Same keys in the same order: a catalogue read back serializes to the same bytes.
  expect(JSON.stringify(decoded)).toBe(JSON.stringify(catalogue));
  expect(text.length).toBeLessThan(JSON.stringify(catalogue).length);
}

describe('catalogue.json (version 3)', () => {
  it('reads back the catalogue of the whole corpus, and of its public edition, exactly', () => {
    const catalogue = corpusCatalogue();
    expect(Object.keys(catalogue.errors).length).toBeGreaterThan(300);
    expectLossless(catalogue);
    expectLossless(publicCatalogue(catalogue));
  });

  it('reads back the catalogue of docs-source exactly', () => {
    expectLossless(docsSourceCatalogue());
  });

  it('writes positions and sections as arrays, and an entry position with its file only off its module page', () => {
    const catalogue = mergeDocuments([page('demo', 'en', [entry(1, 5), entry(2, 20)])]).catalogue;
    const en = catalogue.errors['1']!.locales.en!;
    expect(en.sections).toEqual([{ kind: 'message', label: 'Error Message', position: { line: 7, column: 1 } }]);
    en.sections.push({ kind: 'extra', label: 'Notes', markdown: 'More.', position: { line: 9, column: 1, endLine: 10 } });
    catalogue.errors['2']!.locales.en!.position = { file: 'elsewhere.md', line: 3, column: 1 };
    const stored = encodeCatalogue(catalogue) as unknown as { errors: Record<string, { locales: Record<string, { position: unknown; sections: unknown[] }> }> };
    expect(stored.errors['1']!.locales.en!.position).toEqual([5, 1, 15]);
    expect(stored.errors['1']!.locales.en!.sections).toEqual([
      ['message', 'Error Message', 7, 1],
      ['extra', 'Notes', 'More.', 9, 1, 10],
    ]);
    expect(stored.errors['2']!.locales.en!.position).toEqual({ file: 'elsewhere.md', line: 3, column: 1 });
    expect(validateCatalogueFile(stored)).toEqual([]);
    expect(decodeCatalogue(JSON.parse(JSON.stringify(stored)))).toEqual(catalogue);
  });

  it('has a schema that rejects a section in the old record form and an extra section without its Markdown', () => {
    const catalogue = mergeDocuments([page('demo', 'en', [entry(1, 5)])]).catalogue;
    const stored = JSON.parse(JSON.stringify(encodeCatalogue(catalogue)));
    stored.errors['1'].locales.en.sections[0] = { kind: 'message', label: 'Error Message', position: [7, 1] };
    expect(validateCatalogueFile(stored).map((issue) => issue.pointer)).toContain('/errors/1/locales/en/sections/0');
    stored.errors['1'].locales.en.sections[0] = ['extra', 'Notes', 9, 1];
    expect(validateCatalogueFile(stored).map((issue) => issue.pointer)).toContain('/errors/1/locales/en/sections/0');
    expect(validateCatalogueFile(catalogue).map((issue) => issue.pointer)).toContain('/schemaVersion');
  });

  it('reads version 1 and 2 files as they are, and names the record a broken version 3 file gets wrong', () => {
    const catalogue = mergeDocuments([page('demo', 'en', [entry(1, 5)])]).catalogue;
    expect(decodeCatalogue(catalogue)).toBe(catalogue);
    const old = { ...catalogue, schemaVersion: 1 } as unknown as Catalogue;
    expect(decodeCatalogue(old)).toBe(old);
    const stored = JSON.parse(JSON.stringify(encodeCatalogue(catalogue)));
    stored.errors['1'].module = 'nowhere';
    expect(() => decodeCatalogue(stored)).toThrow(StoredCatalogueError);
    expect(() => decodeCatalogue(stored)).toThrow('/errors/1/locales/en/position: the position names no file and module "nowhere" has no en page');
  });
});
