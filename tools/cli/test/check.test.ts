import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '@errcat/schema';
import { formatDiagnostic, formatDiagnostics } from '../src/report.js';
import { avsessionPage, page, parseReport, removeTempDirs, run, tempDir, writeFile } from './helpers.js';

afterAll(removeTempDirs);

const sample = page({
  kit: 'Sample Kit',
  codes: [
    { code: 900001, title: 'First Failure', message: 'First failure.' },
    { code: 900002, title: 'Second Failure', message: 'Second failure.' },
  ],
});

describe('errcat check', () => {
  it('checks docs-source/ by default and prints a summary line', async () => {
    const cwd = tempDir({
      'docs-source/en/apis-avsession-kit/errorcode-avsession.md': avsessionPage,
      'docs-source/en/apis-sample-kit/errorcode-sample.md': sample,
    });
    const result = await run(['check'], cwd);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('2 pages, 2 modules, 66 codes checked: no problems\n');
    expect(result.code).toBe(0);
  });

  it('groups diagnostics by file, sorted by line and column, counts them per rule and exits 1 on errors', async () => {
    const cwd = tempDir({
      // An unclosed Del block is an error; a page without codes is a warning.
      'docs/en/apis-b-kit/errorcode-broken.md': `${page({ codes: [{ code: 900010, title: 'Kept', message: 'Kept.' }] })}\n<!--Del-->\n\n## 900011 Lost\n\nText.\n`,
      'docs/en/apis-a-kit/errorcode-empty.md': '# Empty Error Codes\n\nNothing yet.\n',
      'docs/en/apis-c-kit/errorcode-sample.md': sample,
    });
    const result = await run(['check', 'docs'], cwd);
    expect(result.code).toBe(1);
    const report = parseReport(result.stdout);
    expect(report.rest).toEqual(['3 pages, 3 modules, 4 codes checked']);
    const parsed = report.diagnostics;
    expect(parsed).toContainEqual(expect.objectContaining({ file: 'docs/en/apis-a-kit/errorcode-empty.md', line: 1, column: 1, severity: 'warning', ruleId: 'no-codes' }));
    expect(parsed).toContainEqual(expect.objectContaining({ file: 'docs/en/apis-b-kit/errorcode-broken.md', severity: 'error', ruleId: 'unbalanced-del' }));
    // Each file is one group: its header once, then its rows.
    const headers = result.stdout.split('\n').filter((text) => text.startsWith('docs/'));
    expect(headers).toEqual([...new Set(parsed.map((entry) => entry.file))]);
    const keys = parsed.map((entry) => [entry.file, entry.line, entry.column] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
    expect(keys).toEqual(sorted);
    // The byline counts errors and warnings as vfile-reporter does; one line per rule follows.
    const errors = parsed.filter((entry) => entry.severity === 'error').length;
    const warnings = parsed.filter((entry) => entry.severity === 'warning').length;
    expect(report.byline).toBe(`${parsed.length} messages (✖ ${errors} error${errors === 1 ? '' : 's'}, ⚠ ${warnings} warning${warnings === 1 ? '' : 's'})`);
    expect(report.rules.reduce((sum, rule) => sum + rule.count, 0)).toBe(parsed.length);
    expect(report.rules[0]).toMatchObject({ severity: 'error' });
    for (const rule of report.rules) {
      expect(parsed.filter((entry) => entry.ruleId === rule.ruleId && entry.severity === rule.severity)).toHaveLength(rule.count);
    }
  });

  it('reports a code claimed by two modules, with the config naming borrowed codes', async () => {
    const other = page({ codes: [{ code: 900001, title: 'First Failure', message: 'First failure.' }] });
    const files = {
      'docs/en/apis-c-kit/errorcode-sample.md': sample,
      'docs/en/apis-d-kit/errorcode-other.md': other,
    };
    const clash = await run(['check', 'docs'], tempDir(files));
    expect(clash.code).toBe(1);
    expect(parseReport(clash.stdout).diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', ruleId: 'code-claimed-twice', message: expect.stringContaining('900001') }));
    const declared = await run(['check', 'docs'], tempDir({ ...files, 'docs/errcat.config.json': '{ "borrowed": { "other": [900001] } }\n' }));
    expect(declared.stdout).not.toContain('code-claimed-twice');
    expect(declared.code).toBe(0);
  });

  it('accepts single pages and several paths', async () => {
    const cwd = tempDir({ 'a/en/errorcode-sample.md': sample, 'b/en/errorcode-avsession.md': avsessionPage });
    const result = await run(['check', 'a/en/errorcode-sample.md', 'b'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('2 pages, 2 modules, 66 codes checked: no problems\n');
  });

  it('rejects missing paths, non-pages, folders without pages and unreadable pages in one line', async () => {
    const cwd = tempDir({ 'notes.md': '# Notes\n', 'empty/readme.txt': 'x', 'bad/en/errorcode-bad.md': Buffer.from([0x23, 0x0a, 0xfe]) });
    expect(await run(['check', 'nope'], cwd)).toEqual({ code: 2, stdout: '', stderr: 'errcat check: nope: no such file or folder\n' });
    expect(await run(['check'], cwd)).toEqual({ code: 2, stdout: '', stderr: 'errcat check: docs-source: no such file or folder\n' });
    expect((await run(['check', 'notes.md'], cwd)).stderr).toBe('errcat check: notes.md is not an errorcode-*.md page\n');
    expect((await run(['check', 'empty'], cwd)).stderr).toBe('errcat check: empty: holds no errorcode-*.md page\n');
    expect(await run(['check', 'bad'], cwd)).toEqual({ code: 2, stdout: '', stderr: 'errcat check: bad/en/errorcode-bad.md:2:1: not valid UTF-8\n' });
  });

  it('rejects a bad --jobs value', async () => {
    const result = await run(['check', '--jobs', '0'], tempDir());
    expect(result).toEqual({ code: 2, stdout: '', stderr: "errcat check: --jobs must be a positive integer (got '0')\n" });
  });
});

describe('one-line diagnostic format', () => {
  const at = (file: string, line: number, column: number, severity: Diagnostic['severity'], ruleId: string): Diagnostic => ({
    severity,
    ruleId,
    message: `problem\nover two lines`,
    position: { file, line, column },
  });

  it('is path:line:col, two spaces, severity, message on one line, rule id', () => {
    expect(formatDiagnostic(at('docs/en/errorcode-x.md', 12, 3, 'warning', 'missing-in-locale'))).toBe(
      'docs/en/errorcode-x.md:12:3  warning  problem over two lines  missing-in-locale',
    );
  });

  it('sorts by path, then line, then column', () => {
    const text = formatDiagnostics([
      at('b.md', 1, 1, 'info', 'r1'),
      at('a.md', 10, 1, 'error', 'r2'),
      at('a.md', 2, 5, 'warning', 'r3'),
      at('a.md', 2, 1, 'warning', 'r4'),
    ]);
    expect(text.split('\n').map((entry) => entry.split('  ')[0])).toEqual(['a.md:2:1', 'a.md:2:5', 'a.md:10:1', 'b.md:1:1', '']);
  });
});

