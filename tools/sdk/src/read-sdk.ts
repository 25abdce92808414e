// The edge of @errcat/sdk: finds the declaration files of an SDK checkout, reads them, takes
// unchanged files from the cache and indexes the rest, across worker threads when it pays.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '@errcat/schema';
import { combineSdkIndex } from './combine.js';
import { indexBytes } from './index-bytes.js';
import type { SdkFileIndex, SdkIndex } from './types.js';

/** Options of {@link readSdk}. */
export interface ReadSdkOptions {
  /** Folder for the index cache (one file, entries keyed by path and content hash); no cache when absent. */
  cacheDir?: string;
  /** Most worker threads (default: the machine's parallelism; 1 indexes in the calling thread). */
  jobs?: number;
  /** Least bytes to index that are worth starting workers for (default 2 MB). */
  parallelThreshold?: number;
}

/** What a {@link readSdk} call did. */
export interface ReadSdkStats {
  files: number;
  bytes: number;
  fromCache: number;
  indexed: number;
  workers: number;
}

/** The folder is not an SDK checkout, or cannot be listed. */
export class SdkReadError extends Error {}

/** The folders of an SDK checkout that hold declarations. */
const declarationFolders = ['api', 'kits'];
const declarationFile = /\.d\.e?ts$/;
const cacheFileName = 'sdk-index.json';
const defaultParallelThreshold = 2_000_000;

interface CacheEntry {
  hash: string;
  index: SdkFileIndex;
}

interface CacheData {
  code: string;
  files: Record<string, CacheEntry>;
}

/**
 * Every declaration file under `api/` and `kits/`, as paths relative to the root, sorted.
 * @throws SdkReadError when the root has neither folder.
 */
export function findSdkFiles(root: string): string[] {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new SdkReadError(`${root}: no such folder`);
  const folders = declarationFolders.filter((folder) => existsSync(join(root, folder)));
  if (folders.length === 0) throw new SdkReadError(`${root}: not an SDK checkout (it has no api/ or kits/ folder)`);
  const files: string[] = [];
  const walk = (relative: string): void => {
    let entries;
    try {
      entries = readdirSync(join(root, relative), { withFileTypes: true });
    } catch (error) {
      throw new SdkReadError(`${join(root, relative)}: cannot list: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    for (const entry of entries) {
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (declarationFile.test(entry.name)) files.push(path);
    }
  };
  for (const folder of folders) walk(folder);
  return files.sort();
}

let fingerprint: string | undefined;

/** A hash of this package's code and of the TypeScript it parses with: cached results of other code are not used. */
function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const here = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  for (const name of readdirSync(here).filter((file) => /\.(js|ts)$/.test(file)).sort()) hash.update(name).update(readFileSync(join(here, name)));
  const typescriptManifest = createRequire(import.meta.url).resolve('typescript/package.json');
  const typescriptVersion = (JSON.parse(readFileSync(typescriptManifest, 'utf8')) as { version: string }).version;
  fingerprint = hash.update(typescriptVersion).digest('hex').slice(0, 16);
  return fingerprint;
}

function readCache(cacheDir: string): CacheData | undefined {
  try {
    const data = JSON.parse(readFileSync(join(cacheDir, cacheFileName), 'utf8')) as CacheData;
    return data.code === codeFingerprint() && typeof data.files === 'object' ? data : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(cacheDir: string, data: CacheData): void {
  // A cache that cannot be written costs the next run time, not this run its result.
  const target = join(cacheDir, cacheFileName);
  const staged = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(staged, JSON.stringify(data));
    renameSync(staged, target);
  } catch {
    rmSync(staged, { force: true });
  }
}

function workerUrl(): URL {
  const here = new URL('./worker.js', import.meta.url);
  // Under the tests this module runs from src/; the worker runs compiled.
  return existsSync(fileURLToPath(here)) ? here : new URL('../dist/worker.js', import.meta.url);
}

interface Job {
  file: string;
  bytes: Uint8Array;
}

async function indexInWorkers(jobs: readonly Job[], count: number): Promise<SdkFileIndex[]> {
  const results: SdkFileIndex[] = new Array(jobs.length);
  // Largest first, so one big file does not finish last on its own.
  const order = jobs.map((_, id) => id).sort((a, b) => jobs[b]!.bytes.length - jobs[a]!.bytes.length);
  let next = 0;
  const url = workerUrl();
  const workers = Array.from({ length: count }, () => new Worker(url));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let inFlight = 0;
            const send = (): void => {
              if (next >= order.length) {
                if (inFlight === 0) resolve();
                return;
              }
              const id = order[next++]!;
              const { file, bytes } = jobs[id]!;
              inFlight++;
              worker.postMessage({ id, file, bytes }, [bytes.buffer as ArrayBuffer]);
            };
            worker.on('message', (message: { id: number; index: SdkFileIndex }) => {
              results[message.id] = message.index;
              inFlight--;
              send();
            });
            worker.on('error', reject);
            // Two files in flight, so a worker never waits for its next one.
            send();
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

/** The bytes of a file in a buffer of their own, so they can be handed to a worker. */
function ownBuffer(bytes: Buffer): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength) return bytes;
  return new Uint8Array(bytes);
}

/**
 * Read and index an SDK checkout.
 * @param root The checkout (the folder holding `api/` and `kits/`).
 * @param options Cache folder, worker threads.
 * @throws SdkReadError when the root is not an SDK checkout.
 */
export async function readSdk(root: string, options: ReadSdkOptions = {}): Promise<{ index: SdkIndex; stats: ReadSdkStats }> {
  const files = findSdkFiles(root);
  const cache = options.cacheDir ? readCache(options.cacheDir) : undefined;
  const indexes: Array<SdkFileIndex | undefined> = new Array(files.length);
  const hashes: string[] = new Array(files.length);
  const pending: Array<Job & { slot: number }> = [];
  let bytes = 0;
  let pendingBytes = 0;
  let fromCache = 0;
  files.forEach((file, slot) => {
    let content: Buffer;
    try {
      content = readFileSync(join(root, file));
    } catch (error) {
      const diagnostic: Diagnostic = {
        severity: 'error',
        ruleId: 'sdk-unreadable',
        message: `cannot read this file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        position: { file, line: 1, column: 1 },
      };
      indexes[slot] = { file, throws: [], enums: [], uncoded: 0, diagnostics: [diagnostic] };
      return;
    }
    bytes += content.length;
    if (options.cacheDir) {
      hashes[slot] = createHash('sha1').update(content).digest('hex');
      const entry = cache?.files[file];
      if (entry && entry.hash === hashes[slot]) {
        indexes[slot] = entry.index;
        fromCache++;
        return;
      }
    }
    pending.push({ slot, file, bytes: content });
    pendingBytes += content.length;
  });

  const workerCount = Math.min(options.jobs ?? availableParallelism(), pending.length);
  const parallel = workerCount > 1 && pendingBytes >= (options.parallelThreshold ?? defaultParallelThreshold);
  const fresh = parallel
    ? await indexInWorkers(
        pending.map((job) => ({ file: job.file, bytes: ownBuffer(job.bytes as Buffer) })),
        workerCount,
      )
    : pending.map((job) => indexBytes(job.bytes, job.file));
  pending.forEach((job, position) => (indexes[job.slot] = fresh[position]!));

  if (options.cacheDir && (pending.length > 0 || !cache || Object.keys(cache.files).length !== files.length)) {
    const entries: Record<string, CacheEntry> = {};
    files.forEach((file, slot) => {
      const index = indexes[slot]!;
      // An unreadable file is tried again next time.
      if (hashes[slot] !== undefined) entries[file] = { hash: hashes[slot], index };
    });
    writeCache(options.cacheDir, { code: codeFingerprint(), files: entries });
  }
  const all = indexes as SdkFileIndex[];
  return {
    index: combineSdkIndex(all, bytes),
    stats: { files: files.length, bytes, fromCache, indexed: pending.length, workers: parallel ? workerCount : 0 },
  };
}
