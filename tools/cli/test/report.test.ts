import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '@errcat/schema';
import { checkReport } from '../src/commands/check.js';
import { countRules, formatGithubAnnotations, formatReport, rebaseDiagnostics } from '../src/report.js';
import { page, parseReport, removeTempDirs, repoRoot, run, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const schema = JSON.parse(readFileSync(join(repoRoot, 'tools/cli/schemas/check-report.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

const at = (file: string, line: number, severity: Diagnostic['severity'], ruleId: string, message = `${ruleId} here`): Diagnostic => ({
  severity,
  ruleId,
  message,
  position: { file, line, column: 1 },
});

/** Two locales of one module, the Chinese page missing a code, an unclosed Del block in a second module. */
function project(): string {
  const codes = [
    { code: 900001, title: 'First Failure', message: 'First failure.' },
    { code: 900002, title: 'Second Failure', message: 'Second failure.' },
  ];
  return tempDir({
    'docs/en/apis-sample-kit/errorcode-sample.md': page({ kit: 'Sample Kit', codes }),
    'docs/zh-cn/apis-sample-kit/errorcode-sample.md': page({ kit: 'Sample Kit', codes: codes.slice(0, 1) }),
    'docs/en/apis-other-kit/errorcode-other.md': `${page({ codes: [{ code: 910001, title: 'Other Failure', message: 'Other.' }] })}\n<!--Del-->\n`,
  });
}

describe('grouped report', () => {
  const diagnostics = [
    at('b.md', 3, 'warning', 'missing-in-locale'),
    at('a.md', 10, 'error', 'unbalanced-del'),
    at('a.md', 2, 'warning', 'missing-in-locale'),
    at('a.md', 2, 'info', 'unknown-label'),
  ];

  it('prints each file once, its rows by line, then the byline and one line per rule', () => {
    const text = formatReport(diagnostics, { color: false });
    expect(text).not.toMatch(/\u001b\[/);
    const report = parseReport(text);
    expect(report.diagnostics.map((entry) => `${entry.file}:${entry.line} ${entry.ruleId}`)).toEqual([
      'a.md:2 missing-in-locale',
      'a.md:2 unknown-label',
      'a.md:10 unbalanced-del',
      'b.md:3 missing-in-locale',
    ]);
    expect(text.split('\n').filter((line) => line === 'a.md' || line === 'b.md')).toEqual(['a.md', 'b.md']);
    expect(report.byline).toBe('4 messages (✖ 1 error, ⚠ 2 warnings)');
    expect(report.rules).toEqual([
      { count: 1, severity: 'error', ruleId: 'unbalanced-del' },
      { count: 2, severity: 'warning', ruleId: 'missing-in-locale' },
      { count: 1, severity: 'info', ruleId: 'unknown-label' },
    ]);
  });

  it('says the info when there is nothing else, and nothing at all for no diagnostics', () => {
    expect(parseReport(formatReport([at('a.md', 1, 'info', 'unknown-label')], { color: false })).byline).toBe('1 message (1 info)');
    expect(formatReport([], { color: false })).toBe('');
  });

  it('colours severities and file names when asked', () => {
    const text = formatReport(diagnostics, { color: true });
    expect(text).toContain('\u001b[31merror\u001b[39m');
    expect(text).toContain('\u001b[33mwarning\u001b[39m');
    expect(text.replace(/\u001b\[\d+m/g, '')).toBe(formatReport(diagnostics, { color: false }));
  });

  it('orders rule counts by severity, then count, then rule id', () => {
    const many = [at('a.md', 1, 'warning', 'b-rule'), at('a.md', 2, 'warning', 'a-rule'), at('a.md', 3, 'warning', 'b-rule'), at('a.md', 4, 'error', 'z-rule')];
    expect(countRules(many).map((rule) => `${rule.severity} ${rule.ruleId} ${rule.count}`)).toEqual(['error z-rule 1', 'warning b-rule 2', 'warning a-rule 1']);
  });

  it('shows build paths from where the command was typed', () => {
    const [moved] = rebaseDiagnostics([{ ...at('docs/en/x.md', 4, 'warning', 'r'), related: { file: 'docs/zh-cn/x.md', line: 1, column: 1 } }], '/work/project', '/work/project/docs');
    expect(moved!.position.file).toBe('en/x.md');
    expect(moved!.related!.file).toBe('zh-cn/x.md');
  });
});

describe('errcat check', () => {
  it('reports a code missing in a locale once, at the code in the locale that has it', async () => {
    const result = await run(['check', 'docs'], project());
    const missing = parseReport(result.stdout).diagnostics.filter((entry) => entry.message.includes('900002'));
    expect(missing).toEqual([
      expect.objectContaining({ file: 'docs/en/apis-sample-kit/errorcode-sample.md', line: 23, severity: 'warning', ruleId: 'missing-in-locale' }),
    ]);
  });

  it('--format json prints the shape of its JSON Schema', async () => {
    const result = await run(['check', 'docs', '--format', 'json'], project());
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.summary).toMatchObject({ pages: 3, modules: 2, codes: 3, errors: 1, warnings: 1, info: 1 });
    // Sorted by file, line and column; the module with no Chinese page is an info at its page.
    expect(report.diagnostics.map((diagnostic: Diagnostic) => `${diagnostic.position.file}:${diagnostic.position.line} ${diagnostic.ruleId}`)).toEqual([
      'docs/en/apis-other-kit/errorcode-other.md:1 page-missing-in-locale',
      'docs/en/apis-other-kit/errorcode-other.md:21 unbalanced-del',
      'docs/en/apis-sample-kit/errorcode-sample.md:23 missing-in-locale',
    ]);
    expect(report.summary.rules).toEqual([
      { ruleId: 'unbalanced-del', severity: 'error', count: 1 },
      { ruleId: 'missing-in-locale', severity: 'warning', count: 1 },
      { ruleId: 'page-missing-in-locale', severity: 'info', count: 1 },
    ]);
  });

  it('the schema allows an integer code and an sdk object per diagnostic, and nothing unknown', () => {
    const sdkFinding = { ...at('en/x.md', 3, 'warning', 'undocumented-code'), code: 6600101, sdk: { kit: 'AVSession Kit', apis: ['avSession.createAVSession'] } };
    expect(validate(checkReport([sdkFinding], { pages: 1, modules: 1, codes: 1 })), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(checkReport([{ ...sdkFinding, code: 1.5 }], { pages: 1, modules: 1, codes: 1 }))).toBe(false);
    expect(validate(checkReport([{ ...sdkFinding, extra: true } as Diagnostic], { pages: 1, modules: 1, codes: 1 }))).toBe(false);
    expect(validate(checkReport([{ ...sdkFinding, severity: 'fatal' } as unknown as Diagnostic], { pages: 1, modules: 1, codes: 1 }))).toBe(false);
  });

  it('--format github annotates each finding at its own file and line, then sums up', async () => {
    const result = await run(['check', 'docs', '--format', 'github'], project());
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      '::notice file=docs/en/apis-other-kit/errorcode-other.md,line=1,col=1,title=errcat page-missing-in-locale::module "other" has no zh-CN page',
      expect.stringMatching(/^::error file=docs\/en\/apis-other-kit\/errorcode-other\.md,line=21,col=1,title=errcat unbalanced-del::/),
      '::warning file=docs/en/apis-sample-kit/errorcode-sample.md,line=23,col=1,title=errcat missing-in-locale::code 900002 of module "sample" is documented in en but missing from the zh-CN page',
      '::notice title=errcat check::3 pages, 2 modules, 3 codes: 1 error, 1 warning, 1 info',
    ]);
    expect(formatGithubAnnotations([at('a,b:c.md', 1, 'info', 'r', '50%\nmore')], 'x')).toBe('::notice file=a%2Cb%3Ac.md,line=1,col=1,title=errcat r::50%25%0Amore\n::notice title=errcat check::x\n');
  });

  it('--quiet reports errors only, and nothing when there is none', async () => {
    const cwd = project();
    const quiet = await run(['check', 'docs', '--quiet'], cwd);
    expect(quiet.code).toBe(1);
    expect(parseReport(quiet.stdout).diagnostics.map((entry) => entry.severity)).toEqual(['error']);
    const clean = await run(['check', 'docs/en/apis-sample-kit', 'docs/zh-cn', '-q'], cwd);
    expect(clean).toEqual({ code: 0, stdout: '', stderr: '' });
    const json = JSON.parse((await run(['check', 'docs', '--quiet', '--format', 'json'], cwd)).stdout);
    expect(json.diagnostics.map((diagnostic: Diagnostic) => diagnostic.severity)).toEqual(['error']);
  });

  it('--max-warnings N exits 1 above N warnings, counting them under --quiet too', async () => {
    const cwd = project();
    const warningsOnly = ['check', 'docs/en/apis-sample-kit', 'docs/zh-cn'];
    expect((await run([...warningsOnly, '--max-warnings', '1'], cwd)).code).toBe(0);
    const over = await run([...warningsOnly, '--max-warnings', '0'], cwd);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('errcat check: too many warnings: 1 (--max-warnings 0)\n');
    const quiet = await run([...warningsOnly, '--max-warnings', '0', '--quiet'], cwd);
    expect(quiet).toEqual({ code: 1, stdout: '', stderr: 'errcat check: too many warnings: 1 (--max-warnings 0)\n' });
    for (const bad of ['-1', 'many', '1.5', ' ']) {
      const result = await run([...warningsOnly, `--max-warnings=${bad}`], cwd);
      expect(result.code, bad).toBe(2);
      expect(result.stderr).toBe(`errcat check: --max-warnings must be a whole number of warnings, 0 or more (got '${bad}')\n`);
    }
  });
});

describe('errcat build', () => {
  const build = (cwd: string, ...extra: string[]) => run(['build', '--docs', 'docs', '--out', 'packages', '--cache', 'cache', ...extra], cwd);

  it('--quiet prints nothing on success; --max-warnings fails a build, also an unchanged one', async () => {
    const cwd = tempDir({
      'docs/en/apis-sample-kit/errorcode-sample.md': page({ kit: 'Sample Kit', codes: [{ code: 900001, title: 'First', message: 'First.' }, { code: 900002, title: 'Second', message: 'Second.' }] }),
      'docs/zh-cn/apis-sample-kit/errorcode-sample.md': page({ kit: 'Sample Kit', codes: [{ code: 900001, title: '第一', message: 'First.' }] }),
    });
    const first = await build(cwd, '--quiet');
    expect(first).toEqual({ code: 0, stdout: '', stderr: '' });
    const limited = await build(cwd, '--max-warnings', '0');
    expect(limited.code).toBe(1);
    expect(limited.stdout).toMatch(/nothing changed since the last build/);
    expect(limited.stderr).toBe("errcat build: the pages have 1 warning; run 'errcat check' to see them\nerrcat build: too many warnings: 1 (--max-warnings 0)\n");
    expect((await build(cwd, '--max-warnings', '1')).code).toBe(0);
  });
});
