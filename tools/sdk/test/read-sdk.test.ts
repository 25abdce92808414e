import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../../testing/files.js';
import type { Catalogue } from '@errcat/schema';
import { checkSdk, openSdk, readSdk, SdkReadError } from '../src/index.js';
import { catalogueOf } from './catalogue-of.js';

const formsDir = fileURLToPath(new URL('./fixtures/forms/', import.meta.url));
const rulesDir = fileURLToPath(new URL('./fixtures/rules/', import.meta.url));

/** A copy of several form fixtures as one checkout. */
function checkout(...forms: string[]): string {
  const dir = tempDir();
  for (const form of forms) cpSync(join(formsDir, form), dir, { recursive: true, filter: (source) => !source.endsWith('index.json') });
  return dir;
}

afterAll(removeTempDirs);

describe('readSdk', () => {
  it('gives the same index from worker threads as from the calling thread', async () => {
    const dir = checkout('throws-normal', 'system-last-block', 'enums', 'kits', 'unbalanced', 'not-utf8');
    const alone = await readSdk(dir, { jobs: 1 });
    const pooled = await readSdk(dir, { jobs: 2, parallelThreshold: 0 });
    expect(pooled.stats.workers).toBe(2);
    expect(alone.stats.workers).toBe(0);
    expect(pooled.index).toEqual(alone.index);
    expect(alone.index.throws.length).toBeGreaterThan(15);
  });

  it('takes unchanged files from the cache and indexes a changed one again', async () => {
    const dir = checkout('throws-normal', 'enums', 'not-utf8');
    const cacheDir = join(tempDir(), 'cache');
    const cold = await readSdk(dir, { jobs: 1, cacheDir });
    expect(cold.stats).toMatchObject({ files: 3, fromCache: 0, indexed: 3 });
    const warm = await readSdk(dir, { jobs: 1, cacheDir });
    expect(warm.stats).toMatchObject({ files: 3, fromCache: 3, indexed: 0 });
    expect(warm.index).toEqual(cold.index);
    // The diagnostics of the edge (not UTF-8) come back from the cache too.
    expect(warm.index.diagnostics.map((d) => d.ruleId)).toEqual(['sdk-not-utf8']);

    const file = join(dir, 'api/@ohos.teapot.d.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('The kettle is empty.', 'The kettle is dry.'));
    const changed = await readSdk(dir, { jobs: 1, cacheDir });
    expect(changed.stats).toMatchObject({ fromCache: 2, indexed: 1 });
    expect(changed.index.throws.find((t) => t.code === 7700101)?.message).toBe('The kettle is dry.');
  });

  it('ignores a cache written by other code, or whose entries are not the manifest\'s', async () => {
    const dir = checkout('enums');
    const cacheDir = join(tempDir(), 'cache');
    await readSdk(dir, { jobs: 1, cacheDir });
    for (const name of ['manifest.json', 'entries.json']) {
      const cacheFile = join(cacheDir, name);
      const data = JSON.parse(readFileSync(cacheFile, 'utf8')) as { code: string };
      writeFileSync(cacheFile, JSON.stringify({ ...data, code: 'other' }));
      expect((await readSdk(dir, { jobs: 1, cacheDir })).stats.fromCache).toBe(0);
      writeFileSync(cacheFile, '{ not json');
      expect((await readSdk(dir, { jobs: 1, cacheDir })).stats.fromCache).toBe(0);
    }
    const entriesFile = join(cacheDir, 'entries.json');
    const entries = JSON.parse(readFileSync(entriesFile, 'utf8')) as { digest: string };
    writeFileSync(entriesFile, JSON.stringify({ ...entries, digest: 'another index' }));
    expect((await readSdk(dir, { jobs: 1, cacheDir })).stats.fromCache).toBe(0);
  });

  it('knows an unchanged SDK without reading its index, and checks again when a declaration or the pages change', async () => {
    const fixture = tempDir();
    cpSync(join(rulesDir, 'message-mismatch'), fixture, { recursive: true, filter: (source) => !source.endsWith('findings.json') });
    const sdk = join(fixture, 'sdk');
    const declarations = join(sdk, 'api/@ohos.teapot.d.ts');
    // Written long before the cache, as a checkout is: its stat can be trusted.
    const longAgo = new Date(Date.now() - 3_600_000);
    utimesSync(declarations, longAgo, longAgo);
    const cacheDir = join(tempDir(), 'cache');
    const catalogue = catalogueOf(fixture);
    const direct = async (pages: Catalogue) => checkSdk(pages, (await readSdk(sdk, { jobs: 1 })).index, { sdkRoot: 'sdk' });

    const cold = openSdk(sdk, { jobs: 1, cacheDir });
    expect(cold.unchangedDigest).toBeUndefined();
    const report = await cold.check(catalogue, { sdkRoot: 'sdk' });
    expect(report).toEqual(await direct(catalogue));
    expect(report.findings.length).toBeGreaterThan(3);

    // Nothing changed: the last report, with the index left unread (its file is gone and stays gone).
    const entriesFile = join(cacheDir, 'entries.json');
    rmSync(entriesFile);
    const unchanged = openSdk(sdk, { jobs: 1, cacheDir });
    expect(unchanged.unchangedDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(await unchanged.check(catalogue, { sdkRoot: 'sdk' })).toEqual(report);
    expect(existsSync(entriesFile)).toBe(false);

    // Other pages (one code fewer) or other options: checked again.
    const fewer = structuredClone(catalogue);
    delete fewer.errors[Object.keys(fewer.errors)[0]!];
    const again = openSdk(sdk, { jobs: 1, cacheDir });
    expect(await again.check(fewer, { sdkRoot: 'sdk' })).toEqual(await direct(fewer));
    expect(existsSync(entriesFile)).toBe(true);
    expect((await openSdk(sdk, { jobs: 1, cacheDir }).check(catalogue, { sdkRoot: 'elsewhere' })).sdkRoot).toBe('elsewhere');

    // A declaration changed: re-read, and the report says what it now says.
    writeFileSync(declarations, readFileSync(declarations, 'utf8').replace('The lid is jammed.', 'The lid is welded shut.'));
    const changed = openSdk(sdk, { jobs: 1, cacheDir });
    expect(changed.unchangedDigest).toBeUndefined();
    const changedReport = await changed.check(catalogue, { sdkRoot: 'sdk' });
    expect((await changed.read()).stats).toMatchObject({ indexed: 1, fromCache: 0 });
    expect(changedReport).toEqual(await direct(catalogue));
    expect(changedReport.findings.some((finding) => finding.details.sdkMessage === 'The lid is welded shut.')).toBe(true);
    expect(changedReport).not.toEqual(report);
  });

  it('reports a file it cannot read and reads the rest', async () => {
    const dir = checkout('throws-normal');
    symlinkSync(join(dir, 'api/missing-target.d.ts'), join(dir, 'api/@ohos.teapot.gone.d.ts'));
    const { index } = await readSdk(dir, { jobs: 1 });
    expect(index.diagnostics).toEqual([
      {
        severity: 'error',
        ruleId: 'sdk-unreadable',
        message: 'cannot read this file: ENOENT',
        position: { file: 'api/@ohos.teapot.gone.d.ts', line: 1, column: 1 },
      },
    ]);
    expect(index.throws.map((t) => t.code)).toContain(7700101);
  });

  it('refuses a folder that is not an SDK checkout', async () => {
    const dir = tempDir({ 'README.md': 'no declarations here' });
    await expect(readSdk(dir)).rejects.toThrow(SdkReadError);
    await expect(readSdk(dir)).rejects.toThrow(/not an SDK checkout \(it has no api\/ or kits\/ folder\)/);
    await expect(readSdk(join(dir, 'nowhere'))).rejects.toThrow(/no such folder/);
  });
});
