import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GenerateCache, GeneratedFile } from '@errcat/generate';
import { readCacheJson, writeCacheText } from './cache-files.js';
import { codeFingerprint } from './fingerprint.js';
import { hashContent } from './output-index.js';
import type { CacheWrite } from './parse-pool.js';

/** A generated file as the cache gives it back: its hash at hand, its text read only when asked for. */
export type CachedFile = GeneratedFile & { hash: string };

/**
 * Files of each module kept on disk between builds, under a folder named after the generator's
 * code, so a new generator never reuses an old one's output. Each module has a small list of its
 * files with their hashes and a separate file of their texts, which is read only when a text is
 * asked for: a rebuild compares an unchanged module's files by hash and never loads them.
 * @param cacheDir The build's cache folder.
 * @param write Writes files of the cache in their order (default: here and now); a build with
 *   workers hands them the writing, so generating goes on meanwhile.
 */
export function diskGenerateCache(cacheDir: string, write: (files: CacheWrite[]) => void = writeNow): GenerateCache {
  const dir = join(cacheDir, 'generate', codeFingerprint('@errcat/generate'));
  return {
    get: (key) => {
      const listed = readCacheJson<Array<{ path: string; hash: string }>>(join(dir, `${key}.files.json`));
      if (!Array.isArray(listed) || !existsSync(join(dir, `${key}.texts.json`))) return undefined;
      let texts: string[] | undefined;
      const text = (index: number): string => {
        texts ??= readCacheJson<string[]>(join(dir, `${key}.texts.json`));
        const found = texts?.[index];
        if (typeof found !== 'string') throw new Error(`the generate cache lost a text of ${listed[index]!.path}; delete ${dir}`);
        return found;
      };
      return listed.map(({ path, hash }, index): CachedFile => ({
        path,
        hash,
        get content() {
          return text(index);
        },
      }));
    },
    set: (key, files) => {
      // The texts first: a list is only ever read with its texts in place.
      write([
        { file: join(dir, `${key}.texts.json`), text: JSON.stringify(files.map((file) => file.content)) },
        { file: join(dir, `${key}.files.json`), text: JSON.stringify(files.map((file) => ({ path: file.path, hash: hashContent(normalized(file.content)) }))) },
      ]);
    },
  };
}

/** Text as a build writes it (LF line endings), which the hash is of. */
export function normalized(content: string): string {
  return content.replace(/\r\n?/g, '\n');
}

function writeNow(files: CacheWrite[]): void {
  for (const { file, text } of files) writeCacheText(file, text);
}
