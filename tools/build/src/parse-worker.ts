// Worker thread: parses the batches of pages the main thread sends and answers each with one JSON
// text; keeps the texts to cache until the main thread has every result and asks for them to be
// written, so the writes do not slow the parse.
import { parentPort } from 'node:worker_threads';
import { parse } from '@errcat/parser';
import { writeCacheText } from './cache-files.js';
import { generateCacheWrites } from './generate-cache.js';
import type { CacheWrite, WorkerAnswer, WorkerRequest } from './parse-pool.js';

let unwritten: CacheWrite[] = [];
// ignoreBOM: a text that starts with U+FEFF keeps it, as it was given.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

parentPort?.on('message', (request: WorkerRequest) => {
  parentPort!.postMessage(answer(request));
});

function answer(request: WorkerRequest): WorkerAnswer {
  if (request.kind === 'write' || request.kind === 'generated') {
    const files: Array<{ file: string; content: string | Uint8Array }> =
      request.kind === 'generated'
        ? request.entries.flatMap((entry) =>
            generateCacheWrites({ ...entry, contents: entry.contents.map((bytes) => utf8.decode(bytes)) }).map(({ file, text }) => ({ file, content: text })),
          )
        : [...unwritten.map(({ file, text }) => ({ file, content: text })), ...request.files.map(({ file, bytes }) => ({ file, content: bytes }))];
    if (request.kind === 'write') unwritten = [];
    for (const { file, content } of files) {
      try {
        writeCacheText(file, content);
      } catch (error) {
        return { id: request.id, error: `cannot write the cache: ${error instanceof Error ? error.message : String(error)}`, path: '' };
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
