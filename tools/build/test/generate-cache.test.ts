import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diskGenerateCache } from '../src/generate-cache.js';
import { hashContent } from '../src/output-index.js';
import { removeTempDirs, tempDir } from '../../testing/files.js';

afterAll(removeTempDirs);

describe('diskGenerateCache', () => {
  it('gives back each module’s files with their hashes, and reads their texts only when asked', () => {
    const cacheDir = tempDir();
    const cache = diskGenerateCache(cacheDir);
    const files = [
      { path: 'mod/lib/public/index.mjs', content: 'export const a = 1;\r\n' },
      { path: 'mod/package.json', content: '{}\n' },
    ];
    expect(cache.get('k1')).toBeUndefined();
    cache.set('k1', files);
    const cached = cache.get('k1')!;
    expect(cached.map((file) => [file.path, (file as { hash?: string }).hash])).toEqual([
      ['mod/lib/public/index.mjs', hashContent('export const a = 1;\n')],
      ['mod/package.json', hashContent('{}\n')],
    ]);
    expect(cached.map((file) => file.content)).toEqual(files.map((file) => file.content));
    // A list whose texts are gone is a miss; texts that do not hold the file fail when wanted, not before.
    const [folder] = readdirSync(join(cacheDir, 'generate'));
    const texts = join(cacheDir, 'generate', folder!, 'k1.texts.json');
    rmSync(texts);
    expect(cache.get('k1')).toBeUndefined();
    writeFileSync(texts, '[]');
    const listed = cache.get('k1')!;
    expect(listed.map((file) => file.path)).toEqual(files.map((file) => file.path));
    expect(() => listed[0]!.content).toThrow('the generate cache lost a text of mod/lib/public/index.mjs');
  });
});
