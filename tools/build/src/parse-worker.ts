// Worker thread: parses the batches of pages the main thread sends and answers each with one JSON
// text; keeps the texts to cache until the main thread has every result and asks for them to be
// written, so the writes do not slow the parse. After the parse it prints modules' packages.
import { parentPort } from 'node:worker_threads';
import { parse } from '@errcat/parser';
import { writeCacheText } from './cache-files.js';
import { generateCacheWrites, normalized } from './generate-cache.js';
import { refreshStatBuffer } from './lazy-import.js';
import { hashContent } from './output-index.js';
import type { CacheWrite, PrintedFile, WorkerAnswer, WorkerRequest } from './parse-pool.js';

let unwritten: CacheWrite[] = [];
// ignoreBOM: a text that starts with U+FEFF keeps it, as it was given.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const toUtf8 = new TextEncoder();
// The generators load only in a worker that is asked to print.
let generators: Promise<typeof import('@errcat/generate')> | undefined;
// Answers go back in the order asked, printing (which may wait for the generators to load) included.
let answered: Promise<void> = Promise.resolve();

parentPort?.on('message', (request: WorkerRequest) => {
  answered = answered.then(async () => {
    if (request.kind !== 'print') return parentPort!.postMessage(answer(request));
    const { printed, transfer } = await print(request).catch((error: unknown) => ({ printed: errorAnswer(request.id, error), transfer: [] }));
    parentPort!.postMessage(printed, transfer);
  });
});

function errorAnswer(id: number, error: unknown): WorkerAnswer {
  return { id, error: error instanceof Error ? error.message : String(error), path: '' };
}

/** Print each job's files; what is to be cached waits, with the parse's, until asked to write. */
async function print(request: Extract<WorkerRequest, { kind: 'print' }>): Promise<{ printed: WorkerAnswer; transfer: ArrayBuffer[] }> {
  refreshStatBuffer();
  const { printModule, moduleJobKey } = await (generators ??= import('@errcat/generate'));
  const printed = request.jobs.map((job): PrintedFile[] => {
    const files = printModule(job);
    const contents = files.map((file) => normalized(file.content));
    const out = files.map((file, index) => {
      const bytes = toUtf8.encode(contents[index]!);
      return { path: file.path, bytes, hash: hashContent(bytes) };
    });
    if (request.cacheFolder !== undefined) {
      const entry = { dir: request.cacheFolder, key: job.key ?? moduleJobKey(job), paths: out.map((file) => file.path), contents, hashes: out.map((file) => file.hash) };
      unwritten.push(...generateCacheWrites(entry));
    }
    return out;
  });
  return { printed: { id: request.id, printed }, transfer: printed.flatMap((files) => files.map((file) => file.bytes.buffer as ArrayBuffer)) };
}

function answer(request: Exclude<WorkerRequest, { kind: 'print' }>): WorkerAnswer {
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
