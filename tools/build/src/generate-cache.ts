import { join } from 'node:path';
import type { GenerateCache, GeneratedFile } from '@errcat/generate';
import { readCacheJson, writeCacheJson } from './cache-files.js';
import { codeFingerprint } from './fingerprint.js';

/**
 * Emitted files of each module kept on disk between builds, under a folder named after the
 * generator's code, so a new generator never reuses an old one's output.
 * @param cacheDir The build's cache folder.
 */
export function diskGenerateCache(cacheDir: string): GenerateCache {
  const dir = join(cacheDir, 'generate', codeFingerprint('@errcat/generate'));
  return {
    get: (key) => readCacheJson<GeneratedFile[]>(join(dir, `${key}.json`)),
    set: (key, files) => writeCacheJson(join(dir, `${key}.json`), files),
  };
}
