import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parse, type ParseOptions, type ParseResult } from '@errcat/parser';
import { readCacheJson, writeCacheJson } from './cache-files.js';
import { codeFingerprint } from './fingerprint.js';

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
  /** Told how many pages are done (parsed or from the cache) each time one is. */
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

/** ERRCAT_PARALLEL_MIN_BYTES overrides the threshold (tests use 0 to force workers on small inputs). */
function thresholdFromEnvironment(): number {
  const value = Number(process.env['ERRCAT_PARALLEL_MIN_BYTES']);
  return process.env['ERRCAT_PARALLEL_MIN_BYTES'] !== undefined && Number.isFinite(value) ? value : PARALLEL_THRESHOLD_BYTES;
}

const workerUrl = new URL('./parse-worker.js', import.meta.url);

async function parseInWorkers(pages: readonly PageInput[], workerCount: number, onResult: () => void): Promise<ParseResult[]> {
  const results: ParseResult[] = new Array(pages.length);
  // Largest first, so one big page does not finish last on its own.
  const order = pages.map((_, index) => index).sort((a, b) => pages[b]!.source.length - pages[a]!.source.length);
  let next = 0;
  const workers = Array.from({ length: workerCount }, () => new Worker(workerUrl));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= order.length) {
                resolve();
                return;
              }
              const id = order[next++]!;
              worker.postMessage({ id, source: pages[id]!.source, options: pages[id]!.options });
            };
            worker.on('message', (message: { id: number; result?: ParseResult; error?: string }) => {
              if (message.error !== undefined) {
                reject(new Error(`${pages[message.id]!.options.path}: ${message.error}`));
                return;
              }
              results[message.id] = message.result!;
              onResult();
              send();
            });
            worker.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

/**
 * Parse many pages: results from the cache where the page, its options and the parser are
 * unchanged, the rest across worker threads when there is enough work.
 * @param pages Pages to parse.
 * @param options Cache folder and worker limit (optional).
 * @returns Results in the order of `pages`, and what it took.
 */
export async function parsePages(
  pages: readonly PageInput[],
  options: ParsePagesOptions = {},
): Promise<{ results: ParseResult[]; stats: ParseStats }> {
  const results: Array<ParseResult | undefined> = new Array(pages.length);
  const keys = options.cacheDir ? pages.map(cacheKey) : [];
  const pending: number[] = [];
  pages.forEach((page, index) => {
    const cached = options.cacheDir ? readCacheJson<ParseResult>(cacheFile(options.cacheDir, keys[index]!)) : undefined;
    if (cached) results[index] = cached;
    else pending.push(index);
  });
  let done = pages.length - pending.length;
  const parsedOne = () => options.onParsed?.(++done, pages.length);
  options.onParsed?.(done, pages.length);
  const pendingBytes = pending.reduce((sum, index) => sum + pages[index]!.source.length, 0);
  const workerCount = Math.min(options.maxWorkers ?? availableParallelism(), pending.length);
  let used = 0;
  if (workerCount > 1 && pendingBytes >= (options.parallelThreshold ?? thresholdFromEnvironment())) {
    used = workerCount;
    const parsed = await parseInWorkers(
      pending.map((index) => pages[index]!),
      workerCount,
      parsedOne,
    );
    pending.forEach((index, position) => (results[index] = parsed[position]));
  } else {
    for (const index of pending) {
      results[index] = parse(pages[index]!.source, pages[index]!.options);
      parsedOne();
    }
  }
  if (options.cacheDir) for (const index of pending) writeCacheJson(cacheFile(options.cacheDir, keys[index]!), results[index]!);
  return {
    results: results as ParseResult[],
    stats: { parsed: pending.length, fromCache: pages.length - pending.length, workers: used },
  };
}
