import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentCorpusPages } from '../../testing/corpus.js';
import { avsessionPage, parseReport, removeTempDirs, repoRoot, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const bin = join(repoRoot, 'tools/cli/bin/errcat.js');

function errcat(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the compiled errcat bin', () => {
  beforeAll(() => {
    // The bin runs the build output; `tsc -b tools` (pnpm typecheck) makes it.
    if (!existsSync(join(repoRoot, 'tools/cli/dist/bin.js'))) throw new Error('tools/cli/dist/bin.js is missing: run `tsc -b tools` first');
  });

  it('builds a docs folder end to end', () => {
    const cwd = tempDir({ 'docs-source/en/apis-avsession-kit/errorcode-avsession.md': avsessionPage });
    const result = errcat(['build'], cwd);
    expect(result.stderr).not.toMatch(/^\d+:\d+ +error /m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^errcat build: 1 module, 64 codes \(62 public, 2 system\), 1 locale \(en\); \d+ written, 0 unchanged\n$/);
    const catalogue = JSON.parse(readFileSync(join(cwd, 'packages/error-catalogue/catalogue.json'), 'utf8'));
    expect(catalogue.modules.avsession.counts).toEqual({ total: 64, public: 62, system: 2 });
    expect(errcat(['build', '--check'], cwd).code).toBe(0);
  });

  it('keeps parse results in --cache DIR and gives the same output from it', () => {
    const cwd = tempDir({ 'docs-source/en/apis-avsession-kit/errorcode-avsession.md': avsessionPage });
    expect(errcat(['build', '--check', '--cache', '.errcat-cache'], cwd).code).toBe(1);
    expect(existsSync(join(cwd, '.errcat-cache'))).toBe(false);
    const first = errcat(['build', '--cache', '.errcat-cache'], cwd);
    expect(first.code).toBe(0);
    expect(readdirSync(join(cwd, '.errcat-cache')).length).toBeGreaterThan(0);
    const catalogue = readFileSync(join(cwd, 'packages/error-catalogue/catalogue.json'), 'utf8');
    rmSync(join(cwd, 'packages'), { recursive: true });
    const second = errcat(['build', '--cache', '.errcat-cache'], cwd);
    expect(second.code).toBe(0);
    // Everything but the name map (still in place) is written again, from cached parses.
    const written = (stdout: string) => Number(/; (\d+) written/.exec(stdout)![1]);
    expect(written(second.stdout)).toBe(written(first.stdout) - 1);
    expect(readFileSync(join(cwd, 'packages/error-catalogue/catalogue.json'), 'utf8')).toBe(catalogue);
  });

  it('fails on bad input with one line and no stack trace', () => {
    const cwd = tempDir();
    const result = errcat(['parse', 'missing.md'], cwd);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'errcat parse: missing.md: no such file\n' });
    const usage = errcat(['build', '--bogus'], cwd);
    expect(usage.code).toBe(2);
    expect(usage.stderr.split('\n')).toHaveLength(2);
  });

  it('checks every current corpus page with well-formed, sorted output', () => {
    const files = currentCorpusPages().map((page) => page.file);
    const result = errcat(['check', ...files], repoRoot);
    // parseReport fails on any line that is not a file header, a row, the byline or a rule count.
    const report = parseReport(result.stdout);
    expect(report.rest).toHaveLength(1);
    expect(report.rest[0]).toMatch(new RegExp(`^${files.length} pages, \\d+ modules, \\d+ codes checked$`));
    expect(report.diagnostics.length).toBeGreaterThan(100);
    for (const diagnostic of report.diagnostics) expect(files).toContain(resolve(repoRoot, diagnostic.file));
    const errors = report.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
    expect(report.rules.reduce((sum, rule) => sum + rule.count, 0)).toBe(report.diagnostics.length);
    expect(result.code).toBe(errors > 0 ? 1 : 0);
  });
});
