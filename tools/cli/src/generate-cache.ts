import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GenerateCache, GeneratedFile } from '@errcat/generate';
import { codeFingerprint } from './fingerprint.js';

/**
 * Emitted files of each module kept on disk between builds, under a folder named after the
 * generator's code, so a new generator never reuses an old one's output.
 * @param cacheDir The build's cache folder.
 */
export function diskGenerateCache(cacheDir: string): GenerateCache {
  const dir = join(cacheDir, 'generate', codeFingerprint('@errcat/generate'));
  return {
    get(key) {
      try {
        return JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8')) as GeneratedFile[];
      } catch {
        return undefined;
      }
    },
    set(key, files) {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${key}.json`);
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(files));
      renameSync(temporary, file);
    },
  };
}
