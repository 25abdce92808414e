import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../../testing/files.js';
import { readSdk, SdkReadError } from '../src/index.js';

const formsDir = fileURLToPath(new URL('./fixtures/forms/', import.meta.url));

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

  it('ignores a cache written by other code', async () => {
    const dir = checkout('enums');
    const cacheDir = join(tempDir(), 'cache');
    await readSdk(dir, { jobs: 1, cacheDir });
    const cacheFile = join(cacheDir, 'sdk-index.json');
    const data = JSON.parse(readFileSync(cacheFile, 'utf8')) as { code: string };
    writeFileSync(cacheFile, JSON.stringify({ ...data, code: 'other' }));
    expect((await readSdk(dir, { jobs: 1, cacheDir })).stats.fromCache).toBe(0);
    writeFileSync(cacheFile, '{ not json');
    expect((await readSdk(dir, { jobs: 1, cacheDir })).stats.fromCache).toBe(0);
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
