import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { avsessionPage, parseReport, removeTempDirs, run, tempDir, writeFile } from './helpers.js';

afterAll(removeTempDirs);

describe('errcat redact', () => {
  const cwd = tempDir({ 'errorcode-avsession.md': avsessionPage });

  it('prints the page without its Del blocks and nothing else changed', async () => {
    const result = await run(['redact', 'errorcode-avsession.md'], cwd);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('<!--Del-->');
    expect(result.stdout).not.toMatch(/^## 6600104 /m);
    expect(result.stdout).not.toMatch(/^## 6600108 /m);
    expect(result.stdout.match(/^## \d+ /gm)).toHaveLength(62);
    // Every line kept is kept byte for byte, in order.
    const kept = result.stdout.split('\n');
    const original = avsessionPage.split('\n');
    let at = 0;
    for (const line of kept) {
      while (at < original.length && original[at] !== line) at++;
      expect(at).toBeLessThan(original.length);
      at++;
    }
  });

  it('keeps a byte-order mark and CRLF line endings as they are', async () => {
    writeFile(join(cwd, 'crlf.md'), `\uFEFF${avsessionPage.replace(/\n/g, '\r\n')}`);
    const result = await run(['redact', 'crlf.md'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('\uFEFF# AVSession')).toBe(true);
    expect(result.stdout.replace(/\r\n/g, '')).not.toContain('\n');
    expect(result.stdout.match(/^## \d+ /gm)).toHaveLength(62);
  });

  it('writes to -o FILE (creating its folder), and leaves it untouched when already equal', async () => {
    const result = await run(['redact', 'errorcode-avsession.md', '-o', 'out/public.md'], cwd);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const expected = (await run(['redact', 'errorcode-avsession.md'], cwd)).stdout;
    expect(readFileSync(join(cwd, 'out/public.md'), 'utf8')).toBe(expected);
    const before = statSync(join(cwd, 'out/public.md')).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await run(['redact', 'errorcode-avsession.md', '--output', 'out/public.md'], cwd)).code).toBe(0);
    expect(statSync(join(cwd, 'out/public.md')).mtimeMs).toBe(before);
  });

  it('refuses to overwrite the page it reads', async () => {
    const result = await run(['redact', 'errorcode-avsession.md', '-o', './errorcode-avsession.md'], cwd);
    expect(result.code).toBe(2);
    expect(readFileSync(join(cwd, 'errorcode-avsession.md'), 'utf8')).toBe(avsessionPage);
  });

  it('writes nothing and exits 1 when a Del block is never closed', async () => {
    writeFile(join(cwd, 'open.md'), '# Page\n\n<!--Del-->\n## 100 Hidden\n\nText.\n');
    const result = await run(['redact', 'open.md', '-o', 'open-public.md'], cwd);
    expect(result.code).toBe(1);
    expect(parseReport(result.stderr).diagnostics).toEqual([expect.objectContaining({ file: 'open.md', line: 3, column: 1, severity: 'error', ruleId: 'unbalanced-del' })]);
    expect(() => statSync(join(cwd, 'open-public.md'))).toThrow();
  });

  it('rejects missing, empty and non-UTF-8 pages in one line', async () => {
    writeFile(join(cwd, 'empty.md'), '');
    writeFile(join(cwd, 'bad.md'), Buffer.from([0x23, 0x20, 0xff, 0x0a]));
    expect((await run(['redact', 'nope.md'], cwd)).stderr).toBe('errcat redact: nope.md: no such file\n');
    expect((await run(['redact', 'empty.md'], cwd)).stderr).toBe('errcat redact: empty.md: file is empty\n');
    expect(await run(['redact', 'bad.md'], cwd)).toEqual({ code: 2, stdout: '', stderr: 'errcat redact: bad.md:1:3: not valid UTF-8\n' });
  });
});
