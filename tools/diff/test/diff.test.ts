import { describe, expect, it } from 'vitest';
import { declaredReleases, diffCatalogues, failingFindings, fingerprint, rules, ruleIds, type DiffReport, type RuleId } from '@errcat/diff';
import { catalogue } from './build-catalogue.js';

const mod = [{ name: 'demo' }];

function only(report: DiffReport, ruleId: RuleId) {
  return report.findings.filter((finding) => finding.ruleId === ruleId);
}

function release(report: DiffReport, build: 'public' | 'full') {
  return report.releases.find((decision) => decision.module === 'demo' && decision.build === build)!;
}

describe('diffCatalogues on hand-built catalogues', () => {
  it('reports nothing and asks no release for identical catalogues', () => {
    const side = catalogue(mod, [{ code: 100 }, { code: 101, visibility: 'system' }]);
    const report = diffCatalogues(side, structuredClone(side));
    expect(report.findings).toEqual([]);
    expect(report.summary).toEqual({ breaking: 0, nonBreaking: 0, info: 0, rules: {} });
    expect(report.releases.map((decision) => decision.bump)).toEqual(['none', 'none']);
  });

  it('adds a public code as a minor change for both builds, a system code only for the full build', () => {
    const report = diffCatalogues(catalogue(mod, [{ code: 100 }]), catalogue(mod, [{ code: 100 }, { code: 101 }, { code: 102, visibility: 'system' }]));
    const added = only(report, 'code-added');
    expect(added.map((finding) => [finding.code, finding.level, finding.impact])).toEqual([
      [101, 'non-breaking', { public: 'minor', full: 'minor' }],
      [102, 'non-breaking', { public: 'none', full: 'minor' }],
    ]);
    expect(added[0]!.title).toBe('Title of 101');
    expect(release(report, 'public')).toMatchObject({ target: '@errcat/demo', bump: 'minor', reasons: ['code-added'] });
    expect(release(report, 'full')).toMatchObject({ target: '@errcat/demo/system', bump: 'minor' });
  });

  it('removes a system-only code as major for the full build and nothing for the public one', () => {
    const report = diffCatalogues(catalogue(mod, [{ code: 100 }, { code: 101, visibility: 'system' }]), catalogue(mod, [{ code: 100 }]));
    expect(only(report, 'code-removed')).toMatchObject([{ code: 101, level: 'breaking', impact: { public: 'none', full: 'major' } }]);
    expect(only(report, 'code-removed')[0]!.oldPosition?.file).toBe('docs-source/en/kit/errorcode-demo.md');
    expect(release(report, 'public').bump).toBe('none');
    expect(release(report, 'full').bump).toBe('major');
  });

  it('pairs a removed and an added code with the same title and message as a renumbering', () => {
    const texts = { title: 'Session Lost', message: 'The session was lost.' };
    const report = diffCatalogues(catalogue(mod, [{ code: 100, texts }, { code: 101 }]), catalogue(mod, [{ code: 200, texts }, { code: 101 }]));
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(['code-renumbered']);
    expect(report.findings[0]).toMatchObject({ code: 200, oldValue: 100, newValue: 200, level: 'breaking', impact: { public: 'major', full: 'major' } });
  });

  it('does not pair codes whose titles match but messages differ, nor ambiguous candidates', () => {
    const before = catalogue(mod, [
      { code: 100, texts: { title: 'Same', message: 'One.' } },
      { code: 110, texts: { title: 'Twin', message: 'Twin.' } },
      { code: 111, texts: { title: 'Twin', message: 'Twin.' } },
    ]);
    const after = catalogue(mod, [
      { code: 200, texts: { title: 'Same', message: 'Two.' } },
      { code: 210, texts: { title: 'Twin', message: 'Twin.' } },
    ]);
    const report = diffCatalogues(before, after);
    expect(only(report, 'code-renumbered')).toEqual([]);
    expect(only(report, 'code-removed').map((finding) => finding.code)).toEqual([100, 110, 111]);
    expect(only(report, 'code-added').map((finding) => finding.code)).toEqual([200, 210]);
  });

  it('treats public → system as a removal for the public build and the reverse as an addition', () => {
    const publicSide = catalogue(mod, [{ code: 100 }]);
    const systemSide = catalogue(mod, [{ code: 100, visibility: 'system' }]);
    const narrowed = diffCatalogues(publicSide, systemSide);
    expect(narrowed.findings).toMatchObject([
      { ruleId: 'visibility-narrowed', level: 'breaking', oldValue: 'public', newValue: 'system', impact: { public: 'major', full: 'patch' } },
    ]);
    const widened = diffCatalogues(systemSide, publicSide);
    expect(widened.findings).toMatchObject([{ ruleId: 'visibility-widened', level: 'non-breaking', impact: { public: 'minor', full: 'patch' } }]);
  });

  it('names the rule, locale and field of every text change', () => {
    const before = catalogue([{ name: 'demo', locales: ['en', 'zh-CN'] }], [
      {
        code: 100,
        texts: {
          en: { title: 'Old Title', message: 'Old message.', description: 'Old description.', causes: ['Cause one.'], solutions: ['Step one.'], intro: 'Old intro.' },
          'zh-CN': { title: '旧标题', message: 'Old message.' },
        },
      },
    ]);
    const after = catalogue([{ name: 'demo', locales: ['en', 'zh-CN'] }], [
      {
        code: 100,
        texts: {
          en: { title: 'New Title', message: 'New message.', description: 'New description.', causes: ['Cause one.', 'Cause two.'], solutions: ['Step two.'], intro: 'New intro.' },
          'zh-CN': { title: '旧标题', message: 'New message.' },
        },
      },
    ]);
    const report = diffCatalogues(before, after);
    expect(report.findings.map((finding) => [finding.ruleId, finding.locale, finding.field])).toEqual([
      ['message-changed', 'en', 'message'],
      ['message-changed', 'zh-CN', 'message'],
      ['title-changed', 'en', 'title'],
      ['description-changed', 'en', 'description'],
      ['causes-changed', 'en', 'causes'],
      ['solutions-changed', 'en', 'solutions'],
      ['other-text-changed', 'en', 'intro'],
    ]);
    const causes = only(report, 'causes-changed')[0]!;
    expect(causes.oldValue).toEqual(['Cause one.']);
    expect(causes.newValue).toEqual(['Cause one.', 'Cause two.']);
    expect(release(report, 'public')).toMatchObject({ bump: 'patch' });
  });

  it('compares the texts of variants under their titles', () => {
    const variant = (message: string) => ({
      title: 'Scan failed',
      visibility: 'public' as const,
      message,
      description: '',
      causes: [],
      solutions: [],
      sections: [{ kind: 'message' as const, label: 'Error Message', position: { line: 31, column: 1 } }],
      position: { line: 30, column: 1 },
    });
    const report = diffCatalogues(catalogue(mod, [{ code: 100, texts: { variants: [variant('Old.')] } }]), catalogue(mod, [{ code: 100, texts: { variants: [variant('New.')] } }]));
    expect(report.findings).toMatchObject([{ ruleId: 'message-changed', field: 'variants[Scan failed].message', message: 'Runtime message of variant "Scan failed" of 100 (en) changed.' }]);
    // At the variant's message section, in the file of the entry it belongs to.
    expect(report.findings[0]!.position).toEqual({ file: 'docs-source/en/kit/errorcode-demo.md', line: 31, column: 1 });
  });

  it('compares an extra section by its Markdown, and places a text change at its section in the entry’s file', () => {
    const texts = (description: string, notes: string) => ({
      description,
      sections: [
        { kind: 'description' as const, label: 'Description', position: { line: 7, column: 1, endLine: 9 } },
        { kind: 'extra' as const, label: 'Notes', markdown: notes, position: { line: 11, column: 1 } },
      ],
    });
    const report = diffCatalogues(catalogue(mod, [{ code: 100, texts: texts('Old.', 'Keep **this**.') }]), catalogue(mod, [{ code: 100, texts: texts('New.', 'Keep *this*.') }]));
    expect(report.findings.map((finding) => [finding.ruleId, finding.field, finding.newValue, finding.position])).toEqual([
      ['description-changed', 'description', 'New.', { file: 'docs-source/en/kit/errorcode-demo.md', line: 7, column: 1, endLine: 9 }],
      ['other-text-changed', 'sections[Notes]', 'Keep *this*.', { file: 'docs-source/en/kit/errorcode-demo.md', line: 11, column: 1 }],
    ]);
  });

  it('reads a version-1 catalogue (every Markdown and file written out) as the same catalogue', () => {
    const file = 'docs-source/en/kit/errorcode-demo.md';
    const now = catalogue(mod, [
      {
        code: 100,
        texts: {
          causes: ['One.'],
          sections: [
            { kind: 'message', label: 'Error Message', position: { line: 3, column: 1 } },
            { kind: 'causes', label: 'Possible Causes', position: { line: 5, column: 1 } },
            { kind: 'extra', label: 'Notes', markdown: 'More.', position: { line: 7, column: 1 } },
          ],
        },
      },
    ]);
    now.modules.demo!.metadataPositions = { kit: { line: 2, column: 2 } };
    const before = structuredClone(now) as unknown as Record<string, any>;
    before.schemaVersion = 1;
    const english = before.errors['100'].locales.en;
    english.messageMarkdown = english.message;
    english.sections = [
      { kind: 'message', label: 'Error Message', markdown: english.message, position: { file, line: 3, column: 1 } },
      { kind: 'causes', label: 'Possible Causes', markdown: 'One.', position: { file, line: 5, column: 1 } },
      { kind: 'extra', label: 'Notes', markdown: 'More.', position: { file, line: 7, column: 1 } },
    ];
    before.modules.demo.metadataPositions = { kit: { file, line: 2, column: 2 } };
    expect(diffCatalogues(before as never, now).findings).toEqual([]);
    now.modules.demo!.metadata = { kit: 'Demo Kit' };
    expect(diffCatalogues(before as never, now).findings).toMatchObject([{ ruleId: 'metadata-added', position: { file, line: 2, column: 2 }, oldPosition: { file, line: 2, column: 2 } }]);
  });

  it('reports locale pages and the codes one locale lacks', () => {
    const before = catalogue([{ name: 'demo', locales: ['en'] }], [{ code: 100 }, { code: 101 }]);
    const after = catalogue([{ name: 'demo', locales: ['en', 'zh-CN'] }], [{ code: 100, texts: { en: {}, 'zh-CN': {} } }, { code: 101 }]);
    const report = diffCatalogues(before, after);
    expect(report.findings.map((finding) => [finding.ruleId, finding.code, finding.locale])).toEqual([
      ['locale-page-added', undefined, 'zh-CN'],
      ['locale-code-missing', 101, 'zh-CN'],
    ]);
    const back = diffCatalogues(after, before);
    expect(back.findings.map((finding) => [finding.ruleId, finding.locale, finding.level])).toEqual([['locale-page-removed', 'zh-CN', 'breaking']]);
    const filled = diffCatalogues(after, catalogue([{ name: 'demo', locales: ['en', 'zh-CN'] }], [{ code: 100, texts: { en: {}, 'zh-CN': {} } }, { code: 101, texts: { en: {}, 'zh-CN': {} } }]));
    expect(filled.findings.map((finding) => [finding.ruleId, finding.code, finding.locale])).toEqual([['locale-code-filled', 101, 'zh-CN']]);
  });

  it('reports metadata and page titles as information that asks no release', () => {
    const before = catalogue([{ name: 'demo', metadata: { kit: 'Demo Kit', owner: ['@a'] } }], [{ code: 100 }]);
    const after = catalogue([{ name: 'demo', metadata: { owner: ['@a', '@b'], subsystem: 'Demo' }, titles: { en: 'Demo Codes' } }], [{ code: 100 }]);
    const report = diffCatalogues(before, after);
    expect(report.findings.map((finding) => [finding.ruleId, finding.field, finding.level])).toEqual([
      ['page-title-changed', 'title', 'info'],
      ['metadata-added', 'metadata.subsystem', 'info'],
      ['metadata-removed', 'metadata.kit', 'info'],
      ['metadata-changed', 'metadata.owner', 'info'],
    ]);
    expect(report.releases.every((decision) => decision.bump === 'none')).toBe(true);
  });

  it('reports whole modules appearing and disappearing with their codes', () => {
    const before = catalogue([{ name: 'demo' }], [{ code: 100 }]);
    const after = catalogue([{ name: 'demo' }, { name: 'extra' }], [{ code: 100 }, { code: 900, module: 'extra' }]);
    const report = diffCatalogues(before, after);
    expect(report.findings.map((finding) => [finding.ruleId, finding.module, finding.code])).toEqual([
      ['module-added', 'extra', undefined],
      ['code-added', 'extra', 900],
    ]);
    const back = diffCatalogues(after, before);
    expect(back.findings.map((finding) => finding.ruleId)).toEqual(['module-removed', 'code-removed']);
    expect(back.releases.find((decision) => decision.module === 'extra' && decision.build === 'public')!.bump).toBe('major');
  });

  it('gives fingerprints that follow the change and not the wording', () => {
    const report = diffCatalogues(catalogue(mod, [{ code: 100 }]), catalogue(mod, [{ code: 100, texts: { message: 'Changed.' } }]));
    const reworded = structuredClone(report);
    reworded.findings[0]!.message = 'Something else entirely.';
    expect(fingerprint(reworded.findings[0]!)).toBe(report.findings[0]!.fingerprint);
    const again = diffCatalogues(catalogue(mod, [{ code: 100 }]), catalogue(mod, [{ code: 100, texts: { message: 'Changed.' } }]));
    expect(again.findings[0]!.fingerprint).toBe(report.findings[0]!.fingerprint);
    expect(report.findings[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    const other = diffCatalogues(catalogue(mod, [{ code: 100 }]), catalogue(mod, [{ code: 100, texts: { message: 'Changed again.' } }]));
    expect(other.findings[0]!.fingerprint).not.toBe(report.findings[0]!.fingerprint);
  });

  it('lets a changeset that declares the bump excuse a failing finding', () => {
    const report = diffCatalogues(catalogue(mod, [{ code: 100 }, { code: 101 }]), catalogue(mod, [{ code: 100 }]));
    expect(failingFindings(report, 'breaking').map((finding) => finding.code)).toEqual([101]);
    expect(failingFindings(report, 'none')).toEqual([]);
    expect(failingFindings(report, 'breaking', declaredReleases([{ releases: [{ name: '@errcat/demo', type: 'minor' }] }]))).toHaveLength(1);
    expect(failingFindings(report, 'breaking', declaredReleases([{ releases: [{ name: '@errcat/demo', type: 'major' }] }]))).toEqual([]);
  });

  it('defines a level and a description for every rule', () => {
    for (const ruleId of ruleIds) {
      expect(['breaking', 'non-breaking', 'info']).toContain(rules[ruleId].level);
      expect(rules[ruleId].description.length).toBeGreaterThan(10);
    }
  });
});
