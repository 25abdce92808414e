import { describe, expect, it } from 'vitest';
import type { Catalogue, ErrorDocument } from '@errcat/schema';
import { catalogueOutline, encodeCatalogue, encodeEntry, replaceCatalogueModules, StoredCatalogueError, writeCatalogueFile } from '@errcat/schema';
import { parse } from '@errcat/parser';
import { currentCorpusPages } from '../../testing/corpus.js';
import { mergeDocuments, publicCatalogue } from '../src/index.js';

// catalogue.json written piece by piece must be byte for byte the JSON of the whole encoded
// catalogue, and replacing some modules' pieces must give what writing the new whole gives.

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const slice = (bytes: Uint8Array, span: readonly number[]) => text(bytes.subarray(span[0], span[1]));

const corpusDocuments = (): ErrorDocument[] => currentCorpusPages().map((page) => parse(page.source, { path: page.path }).document);
const borrowed = { filemanagement: [2300007] };

/** A page of `module` in English documenting `codes`, with a sentence to tell versions apart. */
const page = (module: string, codes: number[], note = '') =>
  parse(
    [`# ${module} Error Codes`, '', ...codes.flatMap((code) => [`## ${code} Failure ${code}`, '', '**Error Message**', '', `Failure ${code}.${note}`, ''])].join('\n'),
    { path: `en/apis-${module}-kit/errorcode-${module}.md` },
  ).document;

function expectSpansFit(catalogue: Catalogue): void {
  const { bytes, spans } = writeCatalogueFile(catalogue);
  expect(text(bytes)).toBe(JSON.stringify(encodeCatalogue(catalogue)));
  expect(JSON.parse(slice(bytes, spans.modules))).toEqual(catalogue.modules);
  expect(Object.keys(spans.parts).sort()).toEqual(Object.keys(catalogue.modules).sort());
  for (const [name, module] of Object.entries(catalogue.modules)) {
    expect(JSON.parse(slice(bytes, spans.parts[name]!.record!))).toEqual(module);
    const own = Object.values(catalogue.errors).filter((entry) => entry.module === name);
    expect(spans.parts[name]!.entries.map(([code]) => code).sort((a, b) => a - b)).toEqual(own.map((entry) => entry.code));
    for (const [code, start, end] of spans.parts[name]!.entries) {
      expect(slice(bytes, [start, end])).toBe(JSON.stringify(encodeEntry(catalogue.errors[String(code)]!, module)));
    }
  }
}

describe('catalogue.json written in pieces', () => {
  it('is the JSON of the whole encoded catalogue, each module record and entry where its span says', () => {
    const catalogue = mergeDocuments(corpusDocuments(), { borrowed }).catalogue;
    expect(Object.keys(catalogue.modules).length).toBeGreaterThan(30);
    expectSpansFit(catalogue);
    expectSpansFit(publicCatalogue(catalogue));
  });

  it('replaces a changed module of the corpus as writing the whole new catalogue does', () => {
    const documents = corpusDocuments();
    const before = mergeDocuments(documents, { borrowed }).catalogue;
    // A module in the middle of the order, its English page edited (an entry gone, a text reworded).
    const name = Object.keys(before.modules)[Math.floor(Object.keys(before.modules).length / 2)]!;
    const edited = documents.map((document) =>
      document.module === name && document.locale === 'en'
        ? { ...document, errors: document.errors.slice(1).map((entry, index) => (index === 0 ? { ...entry, message: `${entry.message} Reworded.` } : entry)) }
        : document,
    );
    const after = mergeDocuments(edited, { borrowed }).catalogue;
    const alone = mergeDocuments(edited.filter((document) => document.module === name), { borrowed }).catalogue;
    const replaced = replaceCatalogueModules(writeCatalogueFile(before), alone, new Set([name]));
    expect(text(replaced.bytes)).toBe(text(writeCatalogueFile(after).bytes));
    expect(replaced.spans).toEqual(writeCatalogueFile(after).spans);
  });

  it('puts entries in the order a merge of everything gives, negative and very large codes included', () => {
    const before = [page('alpha', [-5, 3, 4294967296]), page('beta', [-7, 2, 9007199254740991]), page('gamma', [1, 7])];
    const after = [page('alpha', [-5, 4294967296, -1, 5], ' Again.'), before[1]!, page('gamma', [1, 8])];
    const last = writeCatalogueFile(mergeDocuments(before).catalogue);
    const alone = mergeDocuments([after[0]!, after[2]!]).catalogue;
    const replaced = replaceCatalogueModules(last, alone, new Set(['alpha', 'gamma']));
    expect(text(replaced.bytes)).toBe(JSON.stringify(encodeCatalogue(mergeDocuments(after).catalogue)));
    expect(replaced.spans).toEqual(writeCatalogueFile(mergeDocuments(after).catalogue).spans);
    expect(Object.keys(JSON.parse(text(replaced.bytes)).errors)).toEqual(['1', '2', '5', '8', '-7', '-5', '-1', '4294967296', '9007199254740991']);
    // Replacing nothing gives the bytes back.
    expect(replaceCatalogueModules(last, mergeDocuments([]).catalogue, new Set()).bytes).toEqual(last.bytes);
  });

  it('reads the outline (top-level fields and module records, no entries) without the entries', () => {
    const catalogue = mergeDocuments([page('alpha', [3, 4]), page('beta', [2])]).catalogue;
    const outline = catalogueOutline(writeCatalogueFile(catalogue));
    expect(outline).toEqual({ ...catalogue, errors: {} });
    expect(Object.keys(outline)).toEqual(Object.keys(catalogue));
    expect(Object.keys(outline.modules)).toEqual(Object.keys(catalogue.modules));
  });

  it('refuses spans that do not fit the bytes', () => {
    const file = writeCatalogueFile(mergeDocuments([page('alpha', [3, 4]), page('beta', [2])]).catalogue);
    const shifted = { ...file, bytes: Buffer.concat([Buffer.from(' '), file.bytes]) };
    expect(() => replaceCatalogueModules(shifted, mergeDocuments([]).catalogue, new Set())).toThrow(StoredCatalogueError);
    expect(() => catalogueOutline(shifted)).toThrow(StoredCatalogueError);
    const older = { ...file, bytes: Buffer.from(text(file.bytes).replace('"schemaVersion":3', '"schemaVersion":2')) };
    expect(() => catalogueOutline(older)).toThrow('schemaVersion 3');
  });
});
