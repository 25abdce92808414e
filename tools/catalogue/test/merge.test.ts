import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, ErrorDocument } from '@errcat/schema';
import { validateCatalogue } from '@errcat/schema';
import { mergeDocuments, type MergeOptions, type MergeResult } from '../src/index.js';
import { deepFreeze, entry, page, pagePath } from './build.js';

/** Merge frozen inputs and check the catalogue against its schema before any other assertion. */
function merge(documents: ErrorDocument[], options?: MergeOptions): MergeResult {
  const result = mergeDocuments(deepFreeze(documents), options);
  expect(validateCatalogue(result.catalogue)).toEqual([]);
  return result;
}

function withRule(diagnostics: Diagnostic[], ruleId: string): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.ruleId === ruleId);
}

const at = (module: string, locale: string, line: number) => ({ file: pagePath(module, locale), line, column: 1 });

describe('mergeDocuments: modules and entries', () => {
  const documents = [
    page('beta', 'zh-CN', [entry(200002, 9), entry(200001, 3)], { metadata: { kit: 'Beta 套件' } }),
    page('alpha', 'en', [entry(100002, 20, { visibility: 'system' }), entry(100001, 3)], { metadata: { kit: 'Alpha Kit', owner: ['@a'] } }),
    page('beta', 'en', [entry(200001, 3), entry(200002, 12)], { metadata: { kit: 'Beta Kit' } }),
    page('alpha', 'zh-CN', [entry(100001, 3), entry(100002, 14, { visibility: 'system' })], { metadata: { kit: 'Alpha 套件' } }),
  ];
  const { catalogue, diagnostics } = merge(documents);

  it('keys modules by name, with titles and sources per locale and the default locale’s metadata', () => {
    expect(Object.keys(catalogue.modules)).toEqual(['alpha', 'beta']);
    expect(catalogue.modules.alpha).toEqual({
      name: 'alpha',
      kitFolder: 'apis-alpha-kit',
      metadata: { kit: 'Alpha Kit', owner: ['@a'] },
      titles: { en: 'alpha Error Codes', 'zh-CN': 'alpha 错误码' },
      sources: { en: pagePath('alpha', 'en'), 'zh-CN': pagePath('alpha', 'zh-CN') },
      codes: [100001, 100002],
      borrowedCodes: [],
      counts: { total: 2, public: 1, system: 1 },
    });
    expect(catalogue.modules.beta!.metadata).toEqual({ kit: 'Beta Kit' });
    expect(catalogue.modules.beta!.codes).toEqual([200001, 200002]);
  });

  it('lists the locales and the default locale', () => {
    expect(catalogue.defaultLocale).toBe('en');
    expect(catalogue.locales).toEqual(['en', 'zh-CN']);
  });

  it('keys entries by decimal code, ascending, with each locale’s texts', () => {
    expect(Object.keys(catalogue.errors)).toEqual(['100001', '100002', '200001', '200002']);
    const entry200002 = catalogue.errors['200002']!;
    expect(entry200002.code).toBe(200002);
    expect(entry200002.module).toBe('beta');
    expect(entry200002.visibility).toBe('public');
    expect(entry200002.borrowed).toBeUndefined();
    expect(Object.keys(entry200002.locales)).toEqual(['en', 'zh-CN']);
    // The message's Markdown and the section's are the plain message, and the section is on the entry's page: all left out.
    expect(entry200002.locales['zh-CN']).toEqual({
      title: 'Failure 200002',
      message: 'Failure 200002.',
      description: 'Code 200002 is returned when something fails.',
      causes: ['Cause of 200002.'],
      solutions: ['Fix for 200002.'],
      sections: [{ kind: 'message', label: 'Error Message', position: { line: 11, column: 1 } }],
      position: { ...at('beta', 'zh-CN', 9), endLine: 19 },
    });
    expect(catalogue.errors['100002']!.visibility).toBe('system');
  });

  it('reports nothing when the pages agree', () => {
    expect(diagnostics).toEqual([]);
  });

  it('keeps the optional texts of an entry and leaves parser-only fields out', () => {
    const variant = {
      title: 'When offline',
      visibility: 'public' as const,
      intro: 'Only offline.',
      message: 'Offline.',
      messageMarkdown: 'Offline.',
      description: '',
      causes: [],
      solutions: [],
      sections: [],
      position: { file: pagePath('gamma', 'en'), line: 8, column: 1 },
    };
    const publicTexts = { message: 'Shown.', messageMarkdown: '*Shown.*', description: '', causes: [], solutions: [], sections: [] };
    const rich = entry(300001, 3, {
      group: 'Storage Errors',
      intro: 'Read this first.',
      stub: true,
      variants: [variant],
      fromTable: true,
      markers: ['RP1'],
      publicTexts,
    });
    const localized = merge([page('gamma', 'en', [rich])]).catalogue.errors['300001']!.locales.en!;
    expect(localized.group).toBe('Storage Errors');
    expect(localized.intro).toBe('Read this first.');
    expect(localized.stub).toBe(true);
    const { messageMarkdown: _same, position: _position, ...variantTexts } = variant;
    expect(localized.variants).toEqual([{ ...variantTexts, position: { line: 8, column: 1 } }]);
    expect(localized.publicTexts).toEqual(publicTexts);
    expect(Object.keys(localized).sort()).toEqual(['causes', 'description', 'group', 'intro', 'message', 'position', 'publicTexts', 'sections', 'solutions', 'stub', 'title', 'variants']);
  });

  it('keeps where each metadata comment is, without the file the module names as its metadata page', () => {
    const metadataPositions = { kit: { ...at('theta', 'en', 2), column: 2 }, 'extra.SE': at('theta', 'en', 3) };
    const { catalogue: merged } = merge([page('theta', 'en', [entry(7, 5)], { metadataPositions }), page('theta', 'zh-CN', [entry(7, 5)], { metadataPositions: { kit: at('theta', 'zh-CN', 9) } })]);
    expect(merged.modules.theta!.metadataPositions).toEqual({ kit: { line: 2, column: 2 }, 'extra.SE': { line: 3, column: 1 } });
  });

  it('takes metadata and kit folder from the first locale when the default locale has no page', () => {
    const { catalogue: merged } = merge([
      page('delta', 'zh-CN', [entry(1, 3)], { metadata: { kit: 'zh' }, kitFolder: 'apis-zh-kit' }),
      page('delta', 'de', [entry(1, 3)], { metadata: { kit: 'de' }, kitFolder: undefined }),
    ]);
    expect(merged.modules.delta!.metadata).toEqual({ kit: 'de' });
    expect(merged.modules.delta!.kitFolder).toBe('apis-zh-kit');
    expect(merged.locales).toEqual(['de', 'zh-CN']);
  });

  it('honours another default locale, given in any alias', () => {
    const { catalogue: merged, diagnostics: found } = merge(documents, { defaultLocale: 'zh_cn' });
    expect(merged.defaultLocale).toBe('zh-CN');
    expect(merged.modules.alpha!.metadata).toEqual({ kit: 'Alpha 套件' });
    expect(found).toEqual([]);
  });

  it('normalises the locale of each page', () => {
    const { catalogue: merged } = merge([page('eta', 'zh-cn', [entry(5, 3)]), page('eta', 'en', [entry(5, 3)])]);
    expect(merged.locales).toEqual(['en', 'zh-CN']);
    expect(Object.keys(merged.errors['5']!.locales)).toEqual(['en', 'zh-CN']);
  });

  it('makes an empty catalogue of no pages', () => {
    expect(merge([])).toEqual({
      catalogue: { schemaVersion: 2, defaultLocale: 'en', locales: [], modules: {}, errors: {} },
      diagnostics: [],
    });
  });
});

describe('mergeDocuments: visibility', () => {
  it('makes a code system-only when any locale marks it so, and warns that the locales disagree', () => {
    const { catalogue, diagnostics } = merge([
      page('avs', 'en', [entry(6600104, 72, { visibility: 'system' }), entry(6600105, 90)]),
      page('avs', 'zh-CN', [entry(6600104, 40), entry(6600105, 60)]),
    ]);
    expect(catalogue.errors['6600104']!.visibility).toBe('system');
    expect(catalogue.modules.avs!.counts).toEqual({ total: 2, public: 1, system: 1 });
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        ruleId: 'visibility-differs-between-locales',
        message: 'code 6600104 is system-only in en but public in zh-CN; it is treated as system-only',
        position: { ...at('avs', 'en', 72), endLine: 82 },
        related: { ...at('avs', 'zh-CN', 40), endLine: 50 },
      },
    ]);
  });
});

describe('mergeDocuments: codes defined more than once', () => {
  it('reports a code defined twice on one page and keeps the first definition', () => {
    const { catalogue, diagnostics } = merge([
      page('wifi', 'en', [entry(2401000, 3, { title: 'First' }), entry(2401001, 20), entry(2401000, 40, { title: 'Second' })]),
    ]);
    expect(catalogue.errors['2401000']!.locales.en!.title).toBe('First');
    expect(catalogue.modules.wifi!.codes).toEqual([2401000, 2401001]);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        ruleId: 'duplicate-code',
        message: 'code 2401000 is defined twice on this page; the first definition is used',
        position: { ...at('wifi', 'en', 40), endLine: 50 },
        related: { ...at('wifi', 'en', 3), endLine: 13 },
      },
    ]);
  });

  it('reports a code claimed by two modules; the first module by name keeps it', () => {
    const { catalogue, diagnostics } = merge([
      page('zeta', 'en', [entry(401, 30), entry(700001, 3)]),
      page('alpha', 'en', [entry(401, 5), entry(100001, 12)]),
    ]);
    expect(catalogue.errors['401']!.module).toBe('alpha');
    expect(catalogue.modules.alpha!.codes).toEqual([401, 100001]);
    expect(catalogue.modules.zeta!.codes).toEqual([700001]);
    expect(catalogue.modules.zeta!.counts.total).toBe(1);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      severity: 'error',
      ruleId: 'code-claimed-twice',
      position: at('zeta', 'en', 30),
      related: at('alpha', 'en', 5),
    });
    expect(diagnostics[0]!.message).toContain('code 401 is claimed by modules "alpha" and "zeta"');
  });

  it('accepts a code documented by a module that declares it borrowed in the options', () => {
    const { catalogue, diagnostics } = merge(
      [page('files', 'en', [entry(13900043, 3), entry(2300007, 20, { title: 'Borrowed copy' })]), page('http', 'en', [entry(2300007, 3)])],
      { borrowed: { files: [2300007] } },
    );
    expect(diagnostics).toEqual([]);
    expect(catalogue.errors['2300007']).toMatchObject({ module: 'http', locales: { en: { title: 'Failure 2300007' } } });
    expect(catalogue.errors['2300007']!.borrowed).toBeUndefined();
    expect(catalogue.modules.files).toMatchObject({ codes: [13900043], borrowedCodes: [2300007], counts: { total: 1, public: 1, system: 0 } });
    expect(catalogue.modules.http).toMatchObject({ codes: [2300007], borrowedCodes: [] });
  });

  it('accepts a code whose entry is marked borrowed by the parser', () => {
    const { catalogue, diagnostics } = merge([
      page('files', 'en', [entry(2300007, 20, { borrowed: true })]),
      page('http', 'en', [entry(2300007, 3)]),
    ]);
    expect(diagnostics).toEqual([]);
    expect(catalogue.errors['2300007']!.module).toBe('http');
    expect(catalogue.modules.files!.borrowedCodes).toEqual([2300007]);
  });

  it('keeps a borrowed code whose owner is not merged, marked borrowed and not counted', () => {
    const { catalogue, diagnostics } = merge([page('files', 'en', [entry(2300007, 20), entry(13900001, 3)])], { borrowed: { files: [2300007, 999] } });
    expect(diagnostics).toEqual([]);
    expect(catalogue.errors['2300007']).toMatchObject({ module: 'files', borrowed: true });
    expect(catalogue.modules.files).toMatchObject({ codes: [13900001], borrowedCodes: [2300007], counts: { total: 1, public: 1, system: 0 } });
  });

  it('reports the same module given twice for one locale and uses the page that sorts first by path', () => {
    const { catalogue, diagnostics } = merge([
      page('avs', 'en', [entry(2, 3)], { file: 'en/b/errorcode-avs.md', title: 'Second' }),
      page('avs', 'en', [entry(1, 3)], { file: 'en/a/errorcode-avs.md', title: 'First' }),
    ]);
    expect(catalogue.modules.avs!.titles).toEqual({ en: 'First' });
    expect(catalogue.modules.avs!.codes).toEqual([1]);
    expect(Object.keys(catalogue.errors)).toEqual(['1']);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        ruleId: 'duplicate-page',
        message: 'module "avs" has a second en page; en/a/errorcode-avs.md is used and this page is ignored',
        position: { file: 'en/b/errorcode-avs.md', line: 1, column: 1 },
        related: { file: 'en/a/errorcode-avs.md', line: 1, column: 1 },
      },
    ]);
  });
});

describe('mergeDocuments: locales that disagree', () => {
  it('warns about a code one locale documents and another lacks, pointing at both pages', () => {
    const { catalogue, diagnostics } = merge([
      page('mdns', 'en', [entry(2204001, 3), entry(2204007, 30)]),
      page('mdns', 'zh-CN', [entry(2204001, 3), entry(2204011, 50)]),
    ]);
    expect(catalogue.modules.mdns!.codes).toEqual([2204001, 2204007, 2204011]);
    expect(Object.keys(catalogue.errors['2204011']!.locales)).toEqual(['zh-CN']);
    expect(withRule(diagnostics, 'missing-in-locale')).toEqual([
      {
        severity: 'warning',
        ruleId: 'missing-in-locale',
        message: 'code 2204007 of module "mdns" is documented in en but missing from the zh-CN page',
        position: { ...at('mdns', 'en', 30), endLine: 40 },
        related: { file: pagePath('mdns', 'zh-CN'), line: 1, column: 1 },
      },
      {
        severity: 'warning',
        ruleId: 'missing-in-locale',
        message: 'code 2204011 of module "mdns" is documented in zh-CN but missing from the en page',
        position: { ...at('mdns', 'zh-CN', 50), endLine: 60 },
        related: { file: pagePath('mdns', 'en'), line: 1, column: 1 },
      },
    ]);
  });

  it('warns about a runtime message that differs between locales', () => {
    const { diagnostics } = merge([
      page('mdns', 'en', [entry(2204008, 80, { message: 'Failed to delete the service instance.' })]),
      page('mdns', 'zh-CN', [entry(2204008, 83, { message: 'Service instance duplicated.' })]),
    ]);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        ruleId: 'message-differs-between-locales',
        message: 'code 2204008 has the runtime message "Service instance duplicated." in zh-CN but "Failed to delete the service instance." in en',
        position: { ...at('mdns', 'zh-CN', 83), endLine: 93 },
        related: { ...at('mdns', 'en', 80), endLine: 90 },
      },
    ]);
  });

  it('shows where long messages start to differ', () => {
    const common = 'Input method engine error. Possible causes: 1. input method panel not created. 2. ';
    const { diagnostics } = merge([
      page('ime', 'en', [entry(12800002, 3, { message: `${common}the application does not subscribe.` })]),
      page('ime', 'zh-CN', [entry(12800002, 3, { message: `${common}application does not subscribe.` })]),
    ]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.message).toContain('"...nel not created. 2. application does not subscribe." in zh-CN');
    expect(diagnostics[0]!.message).toContain('"...nel not created. 2. the application does not subscribe." in en');
  });

  it('takes messages that differ only in spacing, or that one locale leaves out, as the same', () => {
    const { diagnostics } = merge([
      page('m', 'en', [entry(1, 3, { message: 'Service  exception.\n' }), entry(2, 9, { message: 'Given.' })]),
      page('m', 'zh-CN', [entry(1, 3, { message: 'Service exception.' }), entry(2, 9, { message: '' })]),
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('compares against the first locale when the default locale lacks the code', () => {
    const { diagnostics } = merge([
      page('m', 'de', [entry(1, 3, { message: 'A.' })]),
      page('m', 'fr', [entry(1, 3, { message: 'B.' })]),
    ]);
    expect(diagnostics).toMatchObject([{ ruleId: 'message-differs-between-locales', position: at('m', 'fr', 3), related: at('m', 'de', 3) }]);
  });

  it('notes a module that has no page in a locale the catalogue has', () => {
    const { diagnostics } = merge([page('a', 'en', [entry(1, 3)]), page('a', 'zh-CN', [entry(1, 3)]), page('b', 'en', [entry(2, 3)])]);
    expect(diagnostics).toEqual([
      { severity: 'info', ruleId: 'page-missing-in-locale', message: 'module "b" has no zh-CN page', position: { file: pagePath('b', 'en'), line: 1, column: 1 } },
    ]);
  });
});

describe('mergeDocuments: determinism', () => {
  const documents = [
    page('zeta', 'en', [entry(700002, 9, { visibility: 'system' }), entry(700001, 3), entry(401, 30)]),
    page('zeta', 'zh-CN', [entry(700001, 3, { message: 'Other.' }), entry(700003, 12)]),
    page('alpha', 'en', [entry(401, 5), entry(100001, 12), entry(100001, 20)]),
    page('alpha', 'zh-CN', [entry(100001, 12), entry(2300007, 30, { borrowed: true })]),
    page('alpha', 'zh-CN', [entry(100009, 3)], { file: 'zh-cn/other/errorcode-alpha.md' }),
    page('mid', 'fr', [entry(500001, 3)], { metadata: { kit: 'fr' } }),
    page('mid', 'de', [entry(500001, 3), entry(500002, 9)], { metadata: { kit: 'de' } }),
  ];
  const expected = JSON.stringify(merge(documents));

  it('gives the same catalogue and diagnostics, byte for byte, whatever the order of the pages', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(documents, { minLength: documents.length, maxLength: documents.length }), (shuffled) => {
        expect(JSON.stringify(mergeDocuments(shuffled))).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('sorts modules, codes, locales and diagnostics', () => {
    const { catalogue, diagnostics } = merge([...documents].reverse());
    expect(Object.keys(catalogue.modules)).toEqual(['alpha', 'mid', 'zeta']);
    const codes = Object.keys(catalogue.errors).map(Number);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    expect(catalogue.locales).toEqual(['de', 'en', 'fr', 'zh-CN']);
    for (const entryOfCode of Object.values(catalogue.errors)) {
      const locales = Object.keys(entryOfCode.locales);
      expect(locales).toEqual([...locales].sort());
    }
    const order = diagnostics.map((diagnostic) => `${diagnostic.position.file}\u0000${String(diagnostic.position.line).padStart(8, '0')}`);
    expect(order).toEqual([...order].sort());
    expect(new Set(diagnostics.map((diagnostic) => diagnostic.ruleId))).toEqual(
      new Set(['code-claimed-twice', 'duplicate-code', 'duplicate-page', 'missing-in-locale', 'message-differs-between-locales', 'page-missing-in-locale']),
    );
  });
});
