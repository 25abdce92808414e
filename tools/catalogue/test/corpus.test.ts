import { describe, expect, it } from 'vitest';
import type { ErrorDocument, ErrorEntry, LocalizedEntry } from '@errcat/schema';
import { documentPublicTextsOf, documentTextsOf, documentVariantOf, metadataPosition, validateCatalogue, validateDocument } from '@errcat/schema';
import { parse } from '@errcat/parser';
import { currentCorpusPages } from '../../testing/corpus.js';
import { mergeDocuments, publicCatalogue } from '../src/index.js';

// The current en and zh-cn pages of the reference corpus (older revisions under errorcodes/ and
// versions/ left out), parsed and merged once.
const pages = currentCorpusPages();
const documents: ErrorDocument[] = pages.map((page) => parse(page.source, { path: page.path }).document);
const borrowed = { filemanagement: [2300007] };
const { catalogue, diagnostics } = mergeDocuments(documents, { borrowed });

function count(ruleId: string): number {
  return diagnostics.filter((diagnostic) => diagnostic.ruleId === ruleId).length;
}

describe('merging the real corpus', () => {
  it('reads the en and zh-cn pages only', () => {
    expect(pages.length).toBeGreaterThanOrEqual(60);
    expect(new Set(documents.map((document) => document.locale))).toEqual(new Set(['en', 'zh-CN']));
    for (const document of documents) expect(validateDocument(document)).toEqual([]);
  });

  it('yields a catalogue valid against the schema, and so does its public edition', () => {
    expect(validateCatalogue(catalogue)).toEqual([]);
    expect(validateCatalogue(publicCatalogue(catalogue))).toEqual([]);
  });

  it('has one module per page name and every code of every page', () => {
    expect(Object.keys(catalogue.modules).sort()).toEqual([...new Set(documents.map((document) => document.module))].sort());
    for (const document of documents) {
      const module = catalogue.modules[document.module]!;
      expect(module.sources[document.locale]).toBe(document.file);
      for (const entry of document.errors) {
        const merged = catalogue.errors[String(entry.code)];
        expect(merged, `${document.file}: code ${entry.code}`).toBeDefined();
        expect(merged!.locales[document.locale]!.position).toEqual(entry.position);
      }
    }
  });

  it('loses nothing: every text, section, variant and position of every page comes back from the catalogue', () => {
    let omittedMarkdown = 0;
    for (const document of documents) {
      const owner = catalogue.modules[document.module]!;
      for (const entry of document.errors) {
        const merged = catalogue.errors[String(entry.code)]!;
        if (merged.module !== document.module) continue;
        const texts: LocalizedEntry = merged.locales[document.locale]!;
        if (texts.position.line !== entry.position.line) continue; // a code repeated on the page: the first one is kept
        const file = texts.position.file;
        const back: Partial<ErrorEntry> = { ...documentTextsOf(texts, file) };
        if (texts.variants) back.variants = texts.variants.map((variant) => documentVariantOf(variant, file));
        if (texts.publicTexts) back.publicTexts = documentPublicTextsOf(texts.publicTexts, file);
        const { code: _code, visibility: _visibility, borrowed: _borrowed, fromTable: _fromTable, markers: _markers, title, position, intro, stub, group, ...parsed } = entry;
        expect(back, `${document.file}: ${entry.code}`).toEqual(parsed);
        expect({ title: texts.title, position: texts.position, intro: texts.intro, stub: texts.stub, group: texts.group }).toEqual({ title, position, intro, stub, group });
        omittedMarkdown += texts.sections.filter((section) => section.markdown === undefined).length;
      }
      if (document.file === owner.sources.en) {
        for (const [key, position] of Object.entries(document.metadataPositions ?? {})) expect(metadataPosition(owner, key, catalogue.defaultLocale)).toEqual(position);
      }
    }
    // The catalogue really leaves out what it can: most sections of the corpus repeat a plain field.
    expect(omittedMarkdown).toBeGreaterThan(1000);
  });

  it('keeps each module’s codes and counts consistent with the entries', () => {
    for (const module of Object.values(catalogue.modules)) {
      for (const code of module.codes) expect(catalogue.errors[String(code)]!.module).toBe(module.name);
      const visibilities = module.codes.map((code) => catalogue.errors[String(code)]!.visibility);
      expect(module.counts).toEqual({
        total: module.codes.length,
        public: visibilities.filter((visibility) => visibility === 'public').length,
        system: visibilities.filter((visibility) => visibility === 'system').length,
      });
    }
    const owned = Object.values(catalogue.modules).reduce((sum, module) => sum + module.codes.length, 0);
    const borrowedEntries = Object.values(catalogue.errors).filter((entry) => entry.borrowed).length;
    expect(owned + borrowedEntries).toBe(Object.keys(catalogue.errors).length);
  });

  it('reports no errors: no code defined twice, claimed twice or on a repeated page', () => {
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  });

  it('takes the code the file management page borrows as borrowed', () => {
    expect(catalogue.modules.filemanagement!.borrowedCodes).toEqual([2300007]);
    expect(catalogue.modules.filemanagement!.codes).not.toContain(2300007);
    expect(catalogue.errors['2300007']).toMatchObject({ module: 'filemanagement', borrowed: true });
  });

  it('finds the disagreements between locales that the corpus notes describe', () => {
    const texts = diagnostics.map((diagnostic) => `${diagnostic.ruleId} ${diagnostic.position.file} ${diagnostic.message}`);
    // net-mdns: 2204008 says "Service instance duplicated." in zh-cn, "Failed to delete the service instance." in en.
    expect(texts).toContainEqual(expect.stringMatching(/^message-differs-between-locales zh-cn\/apis-network-kit\/errorcode-net-mdns\.md code 2204008 /));
    // avsession: 6600104 sits in a Del block in en only.
    expect(texts).toContainEqual(expect.stringMatching(/^visibility-differs-between-locales en\/apis-avsession-kit\/errorcode-avsession\.md code 6600104 /));
    expect(catalogue.errors['6600104']!.visibility).toBe('system');
    // calendarManager: the en page documents no code, the zh-cn page four.
    const calendar = diagnostics.filter((diagnostic) => diagnostic.ruleId === 'missing-in-locale' && diagnostic.message.includes('"calendarManager"'));
    expect(calendar.map((diagnostic) => diagnostic.message.match(/^code (\d+)/)![1])).toEqual(['23900001', '23900003', '23900004', '23900005']);
    expect(count('missing-in-locale')).toBeGreaterThan(50);
  });

  it('finds an en and a zh-cn page for every module', () => {
    for (const module of Object.values(catalogue.modules)) {
      expect(Object.keys(module.sources)).toEqual(['en', 'zh-CN']);
    }
    expect(count('page-missing-in-locale')).toBe(0);
  });
});
