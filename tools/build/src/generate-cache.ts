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
 * @param store Stores one module's entry (default: here and now); a build with workers hands
 *   them the encoding, hashing and writing, so generating goes on meanwhile.
 */
export function diskGenerateCache(cacheDir: string, store: (entry: GenerateCacheEntry) => void = storeNow): GenerateCache {
  const dir = generateCacheFolder(cacheDir);
  // In a cache no earlier build of this generator made, only what is stored here can be found:
  // a first build tries no read per module (each failed one waits on the workers' cache writes).
  const stored = existsSync(dir) ? undefined : new Set<string>();
  return {
    get: (key) => {
      if (stored && !stored.has(key)) return undefined;
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
      stored?.add(key);
      store({ dir, key, paths: files.map((file) => file.path), contents: files.map((file) => file.content) });
    },
    get empty() {
      return stored !== undefined && stored.size === 0;
    },
  };
}

/**
 * The folder {@link diskGenerateCache} keeps this generator's entries in.
 * @param cacheDir The build's cache folder.
 */
export function generateCacheFolder(cacheDir: string): string {
  return join(cacheDir, 'generate', codeFingerprint('@errcat/generate'));
}

/** Text as a build writes it (LF line endings), which the hash is of. */
export function normalized(content: string): string {
  return content.replace(/\r\n?/g, '\n');
}

/** One module's files for the generate cache, as {@link diskGenerateCache} stores them. */
export interface GenerateCacheEntry {
  /** The cache's folder for this generator. */
  dir: string;
  key: string;
  paths: string[];
  contents: string[];
  /** hashContent of each normalized content, when known already. */
  hashes?: string[];
}

/**
 * The cache files of an entry, in the order to write them: the texts first, as a list is only
 * ever read with its texts in place.
 * @param entry One module's files.
 */
export function generateCacheWrites({ dir, key, paths, contents, hashes }: GenerateCacheEntry): CacheWrite[] {
  return [
    { file: join(dir, `${key}.texts.json`), text: JSON.stringify(contents) },
    { file: join(dir, `${key}.files.json`), text: JSON.stringify(paths.map((path, index) => ({ path, hash: hashes?.[index] ?? hashContent(normalized(contents[index]!)) }))) },
  ];
}

function storeNow(entry: GenerateCacheEntry): void {
  for (const { file, text } of generateCacheWrites(entry)) writeCacheText(file, text);
}
