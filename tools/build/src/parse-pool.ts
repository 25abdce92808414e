import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParseOptions, ParseResult } from '@errcat/parser';
import { readCacheJson, writeCacheJson } from './cache-files.js';
import { outputError } from './errors.js';
import { codeFingerprint } from './fingerprint.js';
import type { GenerateCacheEntry } from './generate-cache.js';
import { refreshStatBuffer } from './lazy-import.js';

/** One page to parse. */
export interface PageInput {
  source: string;
  options: ParseOptions;
}

/** Options for {@link parsePages}. */
export interface ParsePagesOptions {
  /** Folder for per-page results keyed by content hash; no caching when absent. */
  cacheDir?: string;
  /** Most worker threads to start (default: the machine's parallelism). */
  maxWorkers?: number;
  /** Least Markdown (in UTF-16 code units) worth starting workers for (default 512 Ki). */
  parallelThreshold?: number;
  /** Workers started earlier ({@link startParsePool}), used for whatever is to be parsed, however little. */
  pool?: ParsePool;
  /** Parse in workers however little there is: the calling thread has other work meanwhile. */
  inWorkers?: boolean;
  /** Told how many pages are done (parsed or from the cache) each time some are. */
  onParsed?: (done: number, total: number) => void;
}

/** Statistics of one {@link parsePages} call. */
export interface ParseStats {
  parsed: number;
  fromCache: number;
  workers: number;
}

/** Below this much Markdown to parse, starting workers costs more than it saves. */
const PARALLEL_THRESHOLD_BYTES = 512 * 1024;

/**
 * Young generation of each worker's heap. Parsing allocates heavily and briefly; with V8's default
 * the scavenges of two workers, each run in parallel on the same two cores, cost 2.5× what one
 * thread's do (16× bench corpus: 370 scavenges, 4.3 s, against 199 and 1.6 s at 64 MB). With the
 * pages in their given order, two workers parsed that corpus in 15.0–15.8 s at 16 MB, 12.3–13.1 s
 * at 32, 12.0–12.5 s at 64, 10.4–11.0 s at 128, 11.3–11.6 s at 192 and 11.1–13.0 s at 256 or
 * 384 (peak RSS 0.52 GB up to 192 MB, 0.73 GB above).
 */
export const WORKER_YOUNG_GENERATION_MB = 128;

/** Generate-cache entries sent to a worker in one message. */
const GENERATED_PER_MESSAGE = 32;

/** Smallest batch worth a message (UTF-16 code units), so the tail of a run is not one page a message. */
const MIN_BATCH_CHARS = 16 * 1024;

function cacheKey(page: PageInput): string {
  return createHash('sha256')
    .update(codeFingerprint('@errcat/parser'))
    .update('\0')
    .update(JSON.stringify(page.options))
    .update('\0')
    .update(page.source)
    .digest('hex');
}

function cacheFile(cacheDir: string, key: string): string {
  return join(cacheDir, key.slice(0, 2), `${key}.json`);
}

/**
 * Least Markdown worth starting workers for: ERRCAT_PARALLEL_MIN_BYTES overrides the default
 * (tests use 0 to force workers on small inputs).
 */
export function parallelThreshold(): number {
  const value = Number(process.env['ERRCAT_PARALLEL_MIN_BYTES']);
  return process.env['ERRCAT_PARALLEL_MIN_BYTES'] !== undefined && Number.isFinite(value) ? value : PARALLEL_THRESHOLD_BYTES;
}

const here = new URL('./parse-worker.js', import.meta.url);
// Under the tests this module runs from src/; the worker runs compiled.
const workerUrl = existsSync(fileURLToPath(here)) ? here : new URL('../dist/parse-worker.js', import.meta.url);
const utf8 = new TextEncoder();

/** A file of the cache to write: its path and its JSON text. */
export interface CacheWrite {
  file: string;
  text: string;
}

/** Worker threads that parse pages, started before there is work so their start-up overlaps it. */
export interface ParsePool {
  /** How many workers. */
  readonly size: number;
  /**
   * Parse pages across the workers, in batches.
   * @param pages Pages to parse.
   * @param cacheFiles Where each result is to be cached, if anywhere: the workers write these
   *   once every batch is parsed, while this thread goes on (see {@link ParsePool.settle}).
   * @param onBatch Told how many pages each finished batch held.
   * @param busyCaller This thread has other work meanwhile and will not answer the workers
   *   soon: every batch is handed out at once (in turn) and each worker writes a batch's cache
   *   files as soon as it is parsed.
   */
  parse(pages: readonly PageInput[], cacheFiles?: readonly string[], onBatch?: (pages: number) => void, busyCaller?: boolean): Promise<ParseResult[]>;
  /** Have a worker write files of the cache while this thread goes on (see {@link ParsePool.settle}). */
  write(files: readonly CacheWrite[]): void;
  /** Have a worker encode, hash and write one module's generate-cache entry, sent with others or at the latest by {@link ParsePool.settle}. */
  storeGenerated(entry: GenerateCacheEntry): void;
  /**
   * Have a worker write one module's printed files into a staging area (see `stagedPath`) and
   * store them in the generate cache, as {@link ParsePool.storeGenerated} sends them.
   */
  storePrinted(module: PrintedModule): void;
  /** Wait until every cache file asked for is written; rejects with the first write that failed. */
  settle(): Promise<void>;
  /** Let the writes finish, then stop the workers (idempotent; a failed write is the caller's of settle, not close's). */
  close(): Promise<void>;
}

/** One module's printed files, for a worker to write into a staging area, the generate cache, or both. */
export interface PrintedModule {
  paths: string[];
  /** The files' texts, with LF line endings. */
  contents: string[];
  /** hashContent of each text, when known. */
  hashes?: string[];
  /** The staging area (its folder) to write the files into, when their package folder is written ahead. */
  stageDir?: string;
  /** The generate-cache entry to store them as. */
  cache?: { dir: string; key: string };
}

/** A module's files with their texts as UTF-8, as they go to a worker. */
export type EncodedModule = Omit<PrintedModule, 'contents'> & { contents: Uint8Array[] };

/** What the main thread asks a worker: parse a batch, or write files of the cache. */
export type WorkerRequest =
  | {
      kind: 'parse';
      id: number;
      pages: Array<{ source: string; options: ParseOptions }>;
      /** The cache file of each page (or none); the worker keeps the texts until asked to write. */
      cacheFiles?: string[];
    }
  | {
      kind: 'generated';
      id: number;
      /** Modules with their texts as UTF-8 (moved to the worker, not copied). */
      entries: EncodedModule[];
    }
  | {
      kind: 'write';
      id: number;
      /** Files to write (UTF-8, moved to the worker, not copied), after the parse results the worker still holds. */
      files: Array<{ file: string; bytes: Uint8Array }>;
    };

/** A worker's answer: a batch's results as one JSON array, the writes done, or what went wrong and where. */
export type WorkerAnswer =
  | { id: number; json: string }
  | { id: number; written: number }
  /** `unwritable`: a file could not be written (the disk's doing, not errcat's): an output error. */
  | { id: number; error: string; path: string; unwritable?: true };

/** A worker and the answers it still owes, in the order it was asked. */
interface PoolWorker {
  worker: Worker;
  waiting: Array<{ resolve: (answer: WorkerAnswer) => void; reject: (error: Error) => void }>;
}

/**
 * Start worker threads that load the parser at once, so that by the time pages are read and
 * hashed they are ready.
 * @param size How many workers (at least 1).
 */
export function startParsePool(size: number): ParsePool {
  const members: PoolWorker[] = Array.from({ length: size }, () => {
    const member: PoolWorker = {
      worker: new Worker(workerUrl, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }),
      waiting: [],
    };
    // A worker answers in the order it is asked.
    member.worker.on('message', (answer: WorkerAnswer) => {
      member.waiting.shift()?.resolve(answer);
      if (member.waiting.length === 0) member.worker.unref();
    });
    // A pool that is never used must not keep the process alive, nor fail it.
    member.worker.on('error', (error) => {
      for (const waiter of member.waiting.splice(0)) waiter.reject(error);
    });
    member.worker.unref();
    return member;
  });
  let nextId = 0;
  const ask = (
    member: PoolWorker,
    request: WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never,
    transfer: ArrayBuffer[] = [],
  ): Promise<WorkerAnswer> =>
    new Promise((resolve, reject) => {
      member.worker.ref();
      member.waiting.push({ resolve, reject });
      member.worker.postMessage({ ...request, id: nextId++ }, transfer);
    });
  const failure = (answer: WorkerAnswer) => {
    if (!('error' in answer)) return undefined;
    const message = answer.path ? `${answer.path}: ${answer.error}` : answer.error;
    return answer.unwritable ? outputError(message) : new Error(message);
  };
  // Writes under way; the first failure is kept for settle.
  const writes = new Set<Promise<void>>();
  let writeError: Error | undefined;
  const track = (answer: Promise<WorkerAnswer>) => {
    const done: Promise<void> = answer
      .then((result) => {
        writeError ??= failure(result);
      })
      .catch((error: Error) => {
        writeError ??= error;
      })
      .finally(() => writes.delete(done));
    writes.add(done);
  };
  let turn = 0;
  let closed = false;
  const settle = async () => {
    while (writes.size > 0) await Promise.all(writes);
    if (writeError) throw writeError;
  };
  // Modules' files (generate-cache entries, staged folders) not yet sent to a worker.
  let generated: EncodedModule[] = [];
  const sendGenerated = () => {
    if (generated.length === 0) return;
    const entries = generated;
    generated = [];
    const buffers = entries.flatMap((entry) => entry.contents.map((bytes) => bytes.buffer as ArrayBuffer));
    track(ask(members[turn++ % members.length]!, { kind: 'generated', entries }, buffers));
  };
  const storePrinted = ({ contents, ...module }: PrintedModule) => {
    // As in write: encoded and moved, not cloned; and sent a few dozen at a time, as one message
    // per module cost the main thread 0.21 s at 16× (483 messages).
    generated.push({ ...module, contents: contents.map((content) => utf8.encode(content)) });
    if (generated.length >= GENERATED_PER_MESSAGE) sendGenerated();
  };
  return {
    size,
    async parse(pages, cacheFiles, onBatch, busyCaller) {
      const results: ParseResult[] = new Array(pages.length);
      const batches = makeBatches(pages, size);
      let next = 0;
      const used = new Set<PoolWorker>();
      const request = (batch: number[]) => ({
        kind: 'parse' as const,
        pages: batch.map((index) => pages[index]!),
        ...(cacheFiles && { cacheFiles: batch.map((index) => cacheFiles[index]!) }),
      });
      const take = (batch: number[], answer: WorkerAnswer) => {
        const error = failure(answer);
        if (error) throw error;
        // One JSON text per batch: cheaper to move between threads than a structured clone of every document.
        const parsed = JSON.parse((answer as { json: string }).json) as ParseResult[];
        batch.forEach((index, position) => (results[index] = parsed[position]!));
        onBatch?.(parsed.length);
      };
      if (busyCaller) {
        // Every batch asked now, each followed by its writes: the workers need nothing more from this thread.
        const answers = batches.map((batch, at) => {
          const member = members[at % members.length]!;
          const answer = ask(member, request(batch));
          if (cacheFiles) track(ask(member, { kind: 'write', files: [] }));
          return answer.then((result) => take(batch, result));
        });
        await Promise.all(answers);
        return results;
      }
      await Promise.all(
        members.map(async (member) => {
          for (let batch = batches[next++]; batch !== undefined; batch = batches[next++]) {
            used.add(member);
            take(batch, await ask(member, request(batch)));
          }
        }),
      );
      // The results are in: the workers now write what they cached, on cores this thread leaves idle.
      if (cacheFiles) for (const member of used) track(ask(member, { kind: 'write', files: [] }));
      return results;
    },
    write(files) {
      if (files.length === 0) return;
      // Encoded here and moved: cheaper than a structured clone of the texts (half, on the 16× bench corpus).
      const encoded = files.map(({ file, text }) => ({ file, bytes: utf8.encode(text) }));
      track(ask(members[turn++ % members.length]!, { kind: 'write', files: encoded }, encoded.map(({ bytes }) => bytes.buffer as ArrayBuffer)));
    },
    storeGenerated: ({ dir, key, paths, contents, hashes }) => storePrinted({ paths, contents, ...(hashes && { hashes }), cache: { dir, key } }),
    storePrinted,
    settle: async () => {
      sendGenerated();
      await settle();
    },
    async close() {
      if (closed) return;
      closed = true;
      sendGenerated();
      await settle().catch(() => {});
      await Promise.all(members.map((member) => member.worker.terminate()));
    },
  };
}

/**
 * Split pages into batches in the order given, each batch half of what is left divided among
 * the workers: the first batches are large (few messages), the last small, so the workers end
 * together. The pages are not sorted by size: parsing pages of like size one after another
 * makes V8 tenure the parser's allocation sites, and two workers then took 15.0–16.4 s instead
 * of 10.5–11.9 s on the 16× bench corpus (11.4–12.4 s with `--no-allocation-site-pretenuring`).
 * @param workers How many workers share them.
 */
export function makeBatches(pages: readonly PageInput[], workers: number): number[][] {
  let left = pages.reduce((sum, page) => sum + page.source.length, 0);
  const share = () => Math.max(MIN_BATCH_CHARS, left / (2 * Math.max(1, workers)));
  const batches: number[][] = [];
  let current: number[] = [];
  let chars = 0;
  let target = share();
  for (let index = 0; index < pages.length; index++) {
    current.push(index);
    chars += pages[index]!.source.length;
    if (chars >= target) {
      batches.push(current);
      left -= chars;
      current = [];
      chars = 0;
      target = share();
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Parse many pages: results from the cache where the page, its options and the parser are
 * unchanged, the rest across worker threads when there is enough work.
 * @param pages Pages to parse.
 * @param options Cache folder, worker limit, a pool already started (optional).
 * @returns Results in the order of `pages`, and what it took.
 */
export async function parsePages(
  pages: readonly PageInput[],
  options: ParsePagesOptions = {},
): Promise<{ results: ParseResult[]; stats: ParseStats }> {
  const results: Array<ParseResult | undefined> = new Array(pages.length);
  const files = options.cacheDir ? pages.map((page) => cacheFile(options.cacheDir!, cacheKey(page))) : [];
  const pending: number[] = [];
  pages.forEach((_page, index) => {
    const cached = options.cacheDir ? readCacheJson<ParseResult>(files[index]!) : undefined;
    if (cached) results[index] = cached;
    else pending.push(index);
  });
  let done = pages.length - pending.length;
  options.onParsed?.(done, pages.length);
  const parsedSome = (count: number) => options.onParsed?.((done += count), pages.length);
  const pendingBytes = pending.reduce((sum, index) => sum + pages[index]!.source.length, 0);
  const enough = pendingBytes >= (options.parallelThreshold ?? parallelThreshold());
  const workerCount = Math.min(options.pool?.size ?? options.maxWorkers ?? availableParallelism(), pending.length);
  let used = 0;
  // A pool given is used for any work: its workers are loading the parser already.
  if (pending.length > 0 && (options.pool !== undefined || (options.inWorkers ? workerCount >= 1 : workerCount > 1 && enough))) {
    const pool = options.pool ?? startParsePool(workerCount);
    used = pool.size;
    try {
      const parsed = await pool.parse(
        pending.map((index) => pages[index]!),
        options.cacheDir ? pending.map((index) => files[index]!) : undefined,
        parsedSome,
        options.inWorkers,
      );
      pending.forEach((index, position) => (results[index] = parsed[position]));
      // A pool of this call's own is gone when it returns: its cache must be written by then.
      if (!options.pool) await pool.settle();
    } finally {
      if (!options.pool) await pool.close();
    }
  } else if (pending.length > 0) {
    // Loaded only when a page is parsed here: a run whose pages all come from the cache skips it.
    refreshStatBuffer();
    const { parse } = await import('@errcat/parser');
    for (const index of pending) {
      results[index] = parse(pages[index]!.source, pages[index]!.options);
      if (options.cacheDir) writeCacheJson(files[index]!, results[index]);
      parsedSome(1);
    }
  }
  return {
    results: results as ParseResult[],
    stats: { parsed: pending.length, fromCache: pages.length - pending.length, workers: used },
  };
}
