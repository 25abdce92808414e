// Worker thread: parses the batches of pages the main thread sends and answers each with one JSON
// text; keeps the texts to cache until the main thread has every result and asks for them to be
// written, so the writes do not slow the parse. After the parse it writes what the main thread
// prints: package folders into the commit's staging area, and the generate cache.
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { parse } from '@errcat/parser';
import { writeCacheText } from './cache-files.js';
import { generateCacheWrites } from './generate-cache.js';
import type { CacheWrite, EncodedModule, WorkerAnswer, WorkerRequest } from './parse-pool.js';
import { failureReason, folderMaker, stagedPath } from './write.js';

let unwritten: CacheWrite[] = [];
// ignoreBOM: a text that starts with U+FEFF keeps it, as it was given.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

parentPort?.on('message', (request: WorkerRequest) => {
  parentPort!.postMessage(answer(request));
});

/**
 * Write modules' files into the staging areas they name (this build's own: plain writes).
 * @returns What went wrong, if anything.
 */
function writeStaged(modules: readonly EncodedModule[]): string | undefined {
  const makeFolder = folderMaker();
  for (const { stageDir, paths, contents } of modules) {
    if (stageDir === undefined) continue;
    for (const [index, path] of paths.entries()) {
      const file = stagedPath({ dir: stageDir }, path);
      try {
        makeFolder(dirname(file));
        writeFileSync(file, contents[index]!);
      } catch (error) {
        return `cannot write ${file}: ${failureReason(error)}`;
      }
    }
  }
  return undefined;
}

function answer(request: WorkerRequest): WorkerAnswer {
  if (request.kind === 'generated') {
    const failed = writeStaged(request.entries);
    if (failed) return { id: request.id, error: failed, path: '', unwritable: true };
  }
  if (request.kind === 'write' || request.kind === 'generated') {
    const files: Array<{ file: string; content: string | Uint8Array }> =
      request.kind === 'generated'
        ? request.entries.flatMap(({ cache, paths, contents, hashes }) =>
            cache
              ? generateCacheWrites({ ...cache, paths, contents: contents.map((bytes) => utf8.decode(bytes)), ...(hashes && { hashes }) }).map(({ file, text }) => ({ file, content: text }))
              : [],
          )
        : [...unwritten.map(({ file, text }) => ({ file, content: text })), ...request.files.map(({ file, bytes }) => ({ file, content: bytes }))];
    if (request.kind === 'write') unwritten = [];
    for (const { file, content } of files) {
      try {
        writeCacheText(file, content);
      } catch (error) {
        return { id: request.id, error: `cannot write the cache (${file}): ${failureReason(error)}`, path: '', unwritable: true };
      }
    }
    return { id: request.id, written: files.length };
  }
  const texts: string[] = [];
  for (const [index, page] of request.pages.entries()) {
    try {
      const text = JSON.stringify(parse(page.source, page.options));
      const cacheFile = request.cacheFiles?.[index];
      if (cacheFile !== undefined) unwritten.push({ file: cacheFile, text });
      texts.push(text);
    } catch (error) {
      return { id: request.id, error: error instanceof Error ? error.message : String(error), path: page.options.path ?? '' };
    }
  }
  return { id: request.id, json: `[${texts.join(',')}]` };
}
