import { describe, expect, it } from 'vitest';
import type { EntryTexts, ErrorVariant, PublicEntryTexts, Section } from '../src/index.js';
import {
  catalogueTextsOf,
  cataloguePublicTextsOf,
  catalogueVariantOf,
  documentPublicTextsOf,
  documentTextsOf,
  documentVariantOf,
  isReadableCatalogueVersion,
  messageMarkdownOf,
  metadataFileOf,
  metadataPosition,
  positionInEntry,
  sectionMarkdown,
} from '../src/index.js';

const file = 'en/apis-demo-kit/errorcode-demo.md';
const section = (kind: Section['kind'], label: string, markdown: string, line: number): Section => ({ kind, label, markdown, position: { file, line, column: 1, endLine: line + 2 } });

function texts(overrides: Partial<EntryTexts> = {}): EntryTexts {
  return {
    message: 'The session does not exist.',
    messageMarkdown: 'The session does not exist.',
    description: 'The session is **gone**.',
    causes: ['The session was destroyed.'],
    solutions: ['Create the session again.', 'Restart the app.'],
    sections: [
      section('message', 'Error Message', 'The session does not exist.', 5),
      section('description', 'Description', 'The session is **gone**.', 9),
      section('causes', 'Possible Causes', 'The session was destroyed.', 13),
      section('solutions', 'Solution', '1. Create the session again.\n2. Restart the app.', 17),
      section('extra', 'Notes', 'The session does not exist.', 21),
    ],
    ...overrides,
  };
}

describe('catalogue texts', () => {
  it('leave out a Markdown that repeats a plain field, and every file inside the entry', () => {
    const kept = catalogueTextsOf(texts(), file);
    expect(kept).not.toHaveProperty('messageMarkdown');
    expect(kept.sections).toEqual([
      { kind: 'message', label: 'Error Message', position: { line: 5, column: 1, endLine: 7 } },
      { kind: 'description', label: 'Description', position: { line: 9, column: 1, endLine: 11 } },
      { kind: 'causes', label: 'Possible Causes', position: { line: 13, column: 1, endLine: 15 } },
      // A list keeps its Markdown (markers, numbering); an extra section always does.
      { kind: 'solutions', label: 'Solution', markdown: '1. Create the session again.\n2. Restart the app.', position: { line: 17, column: 1, endLine: 19 } },
      { kind: 'extra', label: 'Notes', markdown: 'The session does not exist.', position: { line: 21, column: 1, endLine: 23 } },
    ]);
    expect(kept.sections.map((part) => sectionMarkdown(part, kept))).toEqual(texts().sections.map((part) => part.markdown));
  });

  it('keep a Markdown that says more than the plain field', () => {
    const kept = catalogueTextsOf(
      texts({
        message: 'Call connect first.',
        messageMarkdown: 'Call `connect` first.',
        causes: ['Not connected.'],
        sections: [section('message', 'Error Message', 'Call `connect` first.', 5), section('causes', 'Possible Causes', '1. Not connected.', 9)],
      }),
      file,
    );
    expect(kept.messageMarkdown).toBe('Call `connect` first.');
    expect(messageMarkdownOf(kept)).toBe('Call `connect` first.');
    expect(kept.sections.map((part) => part.markdown)).toEqual([undefined, '1. Not connected.']);
    expect(sectionMarkdown(kept.sections[0]!, kept)).toBe('Call `connect` first.');
  });

  const cases: Array<[string, EntryTexts]> = [
    ['the usual entry', texts()],
    ['two message sections', texts({ message: 'A\nB', messageMarkdown: 'A\n\nB', sections: [section('message', 'Error Message', 'A', 5), section('message', 'Error Message', 'B', 9)] })],
    ['an empty section before a full one', texts({ description: 'D', sections: [section('description', 'Description', '', 5), section('description', 'Description', 'D', 9)] })],
    ['two causes sections of one item each', texts({ causes: ['a', 'b'], sections: [section('causes', 'Cause', 'a', 5), section('causes', 'Cause', 'b', 9)] })],
    ['no sections at all', texts({ message: '', messageMarkdown: '', description: '', causes: [], solutions: [], sections: [] })],
    ['an empty message with a Markdown one', texts({ message: '', messageMarkdown: '<!--x-->', sections: [section('message', 'Error Message', '<!--x-->', 5)] })],
  ];
  for (const [what, parsed] of cases) {
    it(`give the parsed texts back: ${what}`, () => {
      expect(documentTextsOf(catalogueTextsOf(parsed, file), file)).toEqual(parsed);
    });
  }

  it('give variants and public texts back', () => {
    const variant: ErrorVariant = { ...texts(), title: 'When offline', visibility: 'system', intro: 'Only offline.', position: { file, line: 30, column: 1 } };
    const shown = catalogueVariantOf(variant, file);
    expect(shown.position).toEqual({ line: 30, column: 1 });
    expect(documentVariantOf(shown, file)).toEqual(variant);
    const publicTexts: PublicEntryTexts = { ...texts(), intro: 'Public intro.', stub: true, variants: [variant] };
    expect(documentPublicTextsOf(cataloguePublicTextsOf(publicTexts, file), file)).toEqual(publicTexts);
  });

  it('refuse a position in another file than the entry', () => {
    expect(() => catalogueTextsOf(texts({ sections: [{ ...section('extra', 'Notes', 'x', 3), position: { file: 'other.md', line: 3, column: 1 } }] }), file)).toThrow(
      'a position in other.md (line 3) sits inside a record of en/apis-demo-kit/errorcode-demo.md',
    );
  });

  it('resolve positions inside an entry, and a version-1 position that still names its file', () => {
    const entry = { position: { file, line: 3, column: 1 } };
    expect(positionInEntry(entry, { line: 5, column: 2 })).toEqual({ file, line: 5, column: 2 });
    expect(positionInEntry(entry, { file, line: 5, column: 2 } as never)).toEqual({ file, line: 5, column: 2 });
  });

  it('place metadata on the default locale’s page, else on the first locale’s', () => {
    const module = { sources: { 'zh-CN': 'zh-cn/x.md', en: 'en/x.md' }, metadataPositions: { kit: { line: 2, column: 2 } } };
    expect(metadataFileOf(module, 'en')).toBe('en/x.md');
    expect(metadataPosition(module, 'kit', 'en')).toEqual({ file: 'en/x.md', line: 2, column: 2 });
    expect(metadataFileOf({ sources: { 'zh-CN': 'zh-cn/x.md', fr: 'fr/x.md' } }, 'en')).toBe('fr/x.md');
    expect(metadataPosition(module, 'owner', 'en')).toBeUndefined();
  });

  it('read versions 1, 2 and 3', () => {
    expect([1, 2, 3, 4, '2', undefined].map(isReadableCatalogueVersion)).toEqual([true, true, true, false, false, false]);
  });
});
