import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import parseChangeset from '@changesets/parse';
import { describe, expect, it } from 'vitest';
import { diffCatalogues, formatReport, renderChangeset, ruleIds, type DiffReport } from '@errcat/diff';
import { catalogue } from './build-catalogue.js';

const schema = JSON.parse(readFileSync(new URL('../schemas/diff-report.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** A report with one change of most kinds, including texts with Markdown and HTML in them. */
function sampleReport(): DiffReport {
  const before = catalogue(
    [{ name: 'demo', locales: ['en', 'zh-CN'], metadata: { kit: 'Demo Kit' } }],
    [
      { code: 100, texts: { en: { title: 'Busy', message: 'Service busy. Retry later.', solutions: ['Wait | retry <later>.'] }, 'zh-CN': { title: '忙', message: 'Service busy. Retry later.' } } },
      { code: 101, texts: { en: { title: 'Gone' }, 'zh-CN': {} } },
      { code: 102, visibility: 'public', texts: { en: {}, 'zh-CN': {} } },
    ],
  );
  const after = catalogue(
    [{ name: 'demo', locales: ['en', 'zh-CN'], metadata: { kit: 'Demo Kit', subsystem: 'Demo' } }],
    [
      { code: 100, texts: { en: { title: 'Busy', message: 'Service is busy. Retry in 3 seconds.', solutions: ['Wait | retry <later>.', 'Restart.'] }, 'zh-CN': { title: '忙', message: 'Service busy. Retry later.' } } },
      { code: 102, visibility: 'system', texts: { en: {}, 'zh-CN': {} } },
      { code: 103, texts: { en: { title: 'New, with "quotes"' } } },
    ],
  );
  return diffCatalogues(before, after, { labels: { old: 'v1', new: 'v2' } });
}

describe('report formats', () => {
  const report = sampleReport();

  it('builds the sample report the format tests rely on', () => {
    expect(report.findings.map((finding) => `${finding.ruleId} ${finding.code ?? ''} ${finding.locale ?? ''}`.trim())).toEqual([
      'metadata-added  en',
      'message-changed 100 en',
      'solutions-changed 100 en',
      'code-removed 101',
      'visibility-narrowed 102',
      'code-added 103',
      'locale-code-missing 103 zh-CN',
    ]);
  });

  it('text: one line per finding, word diffs marked without colour, releases last', () => {
    const text = formatReport(report, 'text');
    expect(text).toMatchSnapshot();
    expect(text).not.toMatch(/\u001b\[/);
    expect(text).toContain('errcat diff: v1 (3 codes in 1 module) → v2 (3 codes in 1 module)');
    expect(text).toContain('2 breaking, 3 non-breaking, 2 info');
    expect(text).toMatch(/breaking\s+code-removed\s+101\s+Code 101 "Gone" removed \(was public\)\./);
    expect(text).toContain('Service {+is +}busy. Retry [-later-]{+in 3 seconds+}.');
    expect(text).toMatch(/@errcat\/demo\s+public\s+major\s+\(code-removed, visibility-narrowed\)/);
  });

  it('text: colours only when asked', () => {
    const text = formatReport(report, 'text', { color: true });
    expect(text).toContain('\u001b[31mbreaking');
    expect(text).toContain('\u001b[32min 3 seconds\u001b[0m');
    expect(text.replace(/\u001b\[\d+m/g, '')).toContain('code-removed');
  });

  it('markdown: summary table first, then a section per module with word-level diffs', () => {
    const markdown = formatReport(report, 'markdown');
    expect(markdown).toMatchSnapshot();
    const summaryAt = markdown.indexOf('| Package | Build | Bump | Because of |');
    const moduleAt = markdown.indexOf('### demo');
    expect(summaryAt).toBeGreaterThan(0);
    expect(moduleAt).toBeGreaterThan(summaryAt);
    expect(markdown).toContain('| `@errcat/demo` | public | **major** | `code-removed`, `visibility-narrowed` |');
    expect(markdown).toContain('| `@errcat/demo/system` | full | **major** | `code-removed` |');
    expect(markdown).toContain('Service <ins>is </ins>busy. Retry <del>later</del><ins>in 3 seconds</ins>.');
    // Pipes and tags of the documented text must not break the comment.
    expect(markdown).toContain('Wait &#124; retry &lt;later&gt;.<br><ins>Restart.</ins>');
    expect(markdown).toContain('#### Breaking (2)');
  });

  it('markdown: folds long runs of one rule', () => {
    const many = diffCatalogues(
      catalogue([{ name: 'demo' }], []),
      catalogue([{ name: 'demo' }], Array.from({ length: 12 }, (_, index) => ({ code: 500 + index }))),
    );
    const markdown = formatReport(many, 'markdown');
    expect(markdown).toContain('<details><summary>12 codes added (code-added)</summary>');
    expect(formatReport(many, 'markdown', { foldAfter: 20 })).not.toContain('<details>');
  });

  it('markdown: says so when nothing changed', () => {
    const same = catalogue([{ name: 'demo' }], [{ code: 1 }]);
    const markdown = formatReport(diffCatalogues(same, same), 'markdown');
    expect(markdown).toContain('**no changes**');
    expect(markdown).not.toContain('| Package |');
  });

  it('json: matches its schema and round-trips', () => {
    const json = formatReport(report, 'json');
    expect(json).toMatchSnapshot();
    const data = JSON.parse(json) as unknown;
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    expect(data).toEqual(report);
  });

  it('json: the schema rejects what the type forbids', () => {
    const broken = structuredClone(report) as unknown as { findings: Array<Record<string, unknown>> };
    broken.findings[0]!.ruleId = 'no-such-rule';
    expect(validate(broken)).toBe(false);
    const badBump = structuredClone(report) as unknown as { releases: Array<Record<string, unknown>> };
    badBump.releases[0]!.bump = 'huge';
    expect(validate(badBump)).toBe(false);
  });

  it('json: the schema lists exactly the rule ids of the code', () => {
    const defs = schema.$defs as { ruleId: { enum: string[] } };
    expect(defs.ruleId.enum).toEqual(ruleIds);
  });

  it('github: one annotation per finding at its place, errors for breaking ones', () => {
    const github = formatReport(report, 'github');
    expect(github).toMatchSnapshot();
    const lines = github.trimEnd().split('\n');
    expect(lines).toHaveLength(report.findings.length + 1);
    expect(lines).toContain('::error file=docs-source/en/kit/errorcode-demo.md,line=1,col=1,title=errcat code-removed::Code 101 "Gone" removed (was public).');
    expect(lines.filter((line) => line.startsWith('::error '))).toHaveLength(report.summary.breaking);
    expect(lines.filter((line) => line.startsWith('::warning '))).toHaveLength(report.summary.nonBreaking);
    // Commas and colons in properties are escaped, newlines in messages too.
    expect(github).not.toMatch(/title=[^:]*,[^:]*::/);
    expect(lines.at(-1)).toMatch(/^::notice title=errcat diff::2 breaking, 3 non-breaking, 2 info\. .*releases: @errcat\/demo: major; @errcat\/demo\/system: major$/);
  });
});

describe('changesets', () => {
  it('declares one bump per npm package, readable by @changesets/parse', () => {
    const changeset = renderChangeset(sampleReport());
    expect(changeset).toBeDefined();
    expect(changeset!.fileName).toMatch(/^errcat-[0-9a-f]{8}\.md$/);
    const parsed = parseChangeset(changeset!.content);
    expect(parsed.releases).toEqual([{ name: '@errcat/demo', type: 'major' }]);
    expect(parsed.summary).toContain('Error-code documentation changed: 1 code added, 1 code removed, 1 code made system-only');
    expect(parsed.summary).toContain('`@errcat/demo/system` (every code): major (code-removed)');
  });

  it('writes nothing when no package needs a release', () => {
    const report = diffCatalogues(
      catalogue([{ name: 'demo' }], [{ code: 1 }]),
      catalogue([{ name: 'demo', metadata: { kit: 'Demo Kit' } }], [{ code: 1 }]),
    );
    expect(report.findings).toHaveLength(1);
    expect(renderChangeset(report)).toBeUndefined();
  });
});
