import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from '@errcat/parser';
import { avsessionPage, page, parseReport, removeTempDirs, run, tempDir, writeFile } from './helpers.js';

afterAll(removeTempDirs);

const pagePath = 'en/apis-avsession-kit/errorcode-avsession.md';

describe('errcat parse', () => {
  const cwd = tempDir({ [pagePath]: avsessionPage });

  it('prints the canonical document as 2-space JSON with a trailing newline', async () => {
    const result = await run(['parse', pagePath], cwd);
    expect(result.code).toBe(0);
    const expected = parse(avsessionPage, { path: pagePath }).document;
    expect(result.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    const document = JSON.parse(result.stdout) as typeof expected;
    expect(document.file).toBe(pagePath);
    expect(document.locale).toBe('en');
    expect(document.module).toBe('avsession');
    expect(document.errors).toHaveLength(64);
  });

  it('prints a readable summary with --format text', async () => {
    const result = await run(['parse', pagePath, '--format', 'text'], cwd);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('AVSession Management Error Codes');
    expect(result.stdout).toMatch(/^ {2}kit: +AVSession Kit$/m);
    expect(result.stdout).toMatch(/^ {2}subsystem: +Multimedia$/m);
    expect(result.stdout).toMatch(/^ {2}codes: +64 \(62 public, 2 system\)$/m);
    expect(result.stdout).toMatch(/^6600101 {2}public {2}Session Service Exception$/m);
    expect(result.stdout).toMatch(/^6600104 {2}system {2}/m);
    expect(lines.filter((line) => /^\d{7} {2}(public|system) {2}/.test(line))).toHaveLength(64);
  });

  it('takes the locale and module from flags', async () => {
    const result = await run(['parse', pagePath, '--locale', 'zh_CN', '--module', 'media-session'], cwd);
    const document = JSON.parse(result.stdout) as { locale: string; module: string };
    expect(document.locale).toBe('zh-CN');
    expect(document.module).toBe('media-session');
  });

  it('strips a byte-order mark before parsing', async () => {
    writeFile(join(cwd, 'bom/en/errorcode-avsession.md'), `\uFEFF${avsessionPage}`);
    writeFile(join(cwd, 'plain/en/errorcode-avsession.md'), avsessionPage);
    const withBom = await run(['parse', 'bom/en/errorcode-avsession.md'], cwd);
    const without = await run(['parse', 'plain/en/errorcode-avsession.md'], cwd);
    expect(withBom.code).toBe(0);
    expect(withBom.stdout.replaceAll('bom/en/', 'plain/en/')).toBe(without.stdout);
    expect(JSON.parse(withBom.stdout).title).toBe('AVSession Management Error Codes');
  });

  it('prints diagnostics to stderr in the check format and exits 1 on errors', async () => {
    const broken = page({ codes: [{ code: 100, title: 'Broken', message: 'Broken.' }] }).replace('## 100', '<!--Del-->\n\n## 100');
    writeFile(join(cwd, 'en/errorcode-broken.md'), broken);
    const result = await run(['parse', 'en/errorcode-broken.md'], cwd);
    expect(result.code).toBe(1);
    expect(parseReport(result.stderr).diagnostics).toEqual([expect.objectContaining({ file: 'en/errorcode-broken.md', severity: 'error', ruleId: 'unbalanced-del' })]);
    expect(JSON.parse(result.stdout).errors).toHaveLength(1);
  });

  it('warns about a page with no codes and still exits 0', async () => {
    writeFile(join(cwd, 'en/errorcode-nothing.md'), '# Nothing Here\n\nNo codes yet.\n');
    const result = await run(['parse', 'en/errorcode-nothing.md'], cwd);
    expect(result.code).toBe(0);
    expect(parseReport(result.stderr).diagnostics).toEqual([expect.objectContaining({ line: 1, column: 1, severity: 'warning', ruleId: 'no-codes' })]);
  });

  it('rejects a missing file in one line', async () => {
    const result = await run(['parse', 'missing.md'], cwd);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'errcat parse: missing.md: no such file\n' });
  });

  it('rejects a folder in one line', async () => {
    const result = await run(['parse', 'en'], cwd);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'errcat parse: en: is a folder, not a file\n' });
  });

  it('rejects invalid UTF-8 naming the line and column of the first bad byte', async () => {
    const bytes = Buffer.concat([Buffer.from('# Title\n\n## 100 Caf'), Buffer.from([0xc3, 0x28]), Buffer.from(' bad\n')]);
    writeFile(join(cwd, 'latin1.md'), bytes);
    const result = await run(['parse', 'latin1.md'], cwd);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'errcat parse: latin1.md:3:11: not valid UTF-8\n' });
  });

  it('rejects an empty file and one holding only white space', async () => {
    writeFile(join(cwd, 'empty.md'), '');
    writeFile(join(cwd, 'blank.md'), '\uFEFF \n\n');
    expect(await run(['parse', 'empty.md'], cwd)).toEqual({ code: 2, stdout: '', stderr: 'errcat parse: empty.md: file is empty\n' });
    expect((await run(['parse', 'blank.md'], cwd)).stderr).toBe('errcat parse: blank.md: file holds only white space\n');
  });

  it('rejects a bad --format and a wrong number of pages', async () => {
    expect(await run(['parse', pagePath, '--format', 'yaml'], cwd)).toEqual({
      code: 2,
      stdout: '',
      stderr: "errcat parse: --format must be one of json, text (got 'yaml')\n",
    });
    expect((await run(['parse'], cwd)).stderr).toBe("errcat parse: expected one page, got 0 (see 'errcat parse --help')\n");
    expect((await run(['parse', pagePath, pagePath], cwd)).code).toBe(2);
  });
});
