import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, check, ErrcatError } from '../src/index.js';
import { removeTempDirs, repoRoot, tempDir } from '../../testing/files.js';

afterAll(removeTempDirs);

const avsessionPage = readFileSync(join(repoRoot, 'docs-source/en/apis-avsession-kit/errorcode-avsession.md'), 'utf8');

function project(): string {
  return tempDir({ 'docs/en/apis-avsession-kit/errorcode-avsession.md': avsessionPage });
}

describe('build', () => {
  it('returns what it wrote, then from its cache that nothing changed, as data', async () => {
    const cwd = project();
    const options = { docsDir: join(cwd, 'docs'), outDir: join(cwd, 'packages'), cacheDir: join(cwd, 'cache'), cwd, jobs: 1 };
    const first = await build(options);
    expect(first.outcome).toBe('written');
    if (first.outcome !== 'written') return;
    expect(first.summary).toEqual({ modules: 1, codes: 64, publicCodes: 62, systemCodes: 2, locales: ['en'] });
    expect(first.unchanged).toEqual([]);
    expect(first.written.map((file) => file.shown)).toContain('packages/error-catalogue/catalogue.json');
    expect(first.written.map((file) => file.shown)).toContain('docs/errcat.names.json');
    expect(first.written.at(-1)!.shown).toBe('packages/.errcat-manifest.json');

    const second = await build(options);
    expect(second).toEqual({ outcome: 'up-to-date', diagnostics: first.diagnostics, summary: first.summary, files: first.plan.length });

    const checked = await build({ ...options, check: true });
    expect(checked.outcome).toBe('checked');
    if (checked.outcome !== 'checked') return;
    expect(checked.plan.every((file) => file.state === 'unchanged')).toBe(true);
    expect(checked.orphans).toEqual([]);
  });

  it('fails with its diagnostics and writes nothing when a page has an error', async () => {
    const cwd = tempDir({ 'docs/en/apis-x-kit/errorcode-x.md': `${avsessionPage}\n<!--Del-->\n` });
    const result = await build({ docsDir: join(cwd, 'docs'), outDir: join(cwd, 'packages'), cwd });
    expect(result.outcome).toBe('failed');
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => diagnostic.ruleId)).toContain('unbalanced-del');
    expect(existsSync(join(cwd, 'packages'))).toBe(false);
  });

  it('throws a one-line ErrcatError for a docs folder that is not there', async () => {
    const cwd = tempDir();
    await expect(build({ docsDir: join(cwd, 'nowhere'), outDir: join(cwd, 'packages'), cwd })).rejects.toThrow(
      new ErrcatError('nowhere: docs folder does not exist', 2),
    );
  });
});

describe('check', () => {
  it('reads, parses and merges pages and folders, each page once', async () => {
    const cwd = project();
    const page = join(cwd, 'docs/en/apis-avsession-kit/errorcode-avsession.md');
    const result = await check({ paths: [join(cwd, 'docs'), page], cwd });
    expect(result.pages.map((found) => found.shown)).toEqual(['docs/en/apis-avsession-kit/errorcode-avsession.md']);
    expect(Object.keys(result.catalogue.errors)).toHaveLength(64);
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  });

  it('keeps parse results in the cache folder it is given, and gives the same from them', async () => {
    const cwd = project();
    const cacheDir = join(cwd, 'cache');
    const first = await check({ paths: [join(cwd, 'docs')], cwd, cacheDir });
    expect(readdirSync(join(cacheDir, 'parse')).length).toBeGreaterThan(0);
    expect(await check({ paths: [join(cwd, 'docs')], cwd, cacheDir })).toEqual(first);
  });
});
