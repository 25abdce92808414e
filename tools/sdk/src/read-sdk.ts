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
/** Files enough to start the workers before reading, when nothing can come from the cache. */
const earlyStartFiles = 64;

interface CacheEntry {
  hash: string;
  /** Size and modification time when hashed: an unchanged file is not read again. */
  size: number;
  mtimeMs: number;
  index: SdkFileIndex;
}

interface CacheData {
  code: string;
  /** When the cache was written (ms): a file modified that close to it is hashed again, as git does. */
  written: number;
  files: Record<string, CacheEntry>;
}

/** How close to the cache's writing a file's mtime makes its stat untrustworthy. */
const racyMs = 2000;

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
    return data.code === codeFingerprint() && typeof data.files === 'object' && typeof data.written === 'number' ? data : undefined;
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

/**
 * Worker threads that index files, each with two files in flight so it never waits for the
 * next. Started before the files are read when a cold run is certain, so loading TypeScript in
 * the workers overlaps the reading.
 */
class IndexPool {
  private readonly workers: Worker[];
  private readonly alive = new Set<Worker>();
  private readonly waiting: Array<{ job: Job; resolve: (index: SdkFileIndex) => void }> = [];
  private readonly inFlight = new Map<Worker, Map<number, { job: Job; resolve: (index: SdkFileIndex) => void }>>();
  private nextId = 0;

  constructor(count: number) {
    const url = workerUrl();
    // A larger young generation: the parser's short-lived nodes are collected less often.
    this.workers = Array.from({ length: count }, () => new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 64 } }));
    for (const worker of this.workers) {
      const pending = new Map<number, { job: Job; resolve: (index: SdkFileIndex) => void }>();
      this.inFlight.set(worker, pending);
      this.alive.add(worker);
      worker.on('message', (message: { id: number; index: SdkFileIndex }) => {
        pending.get(message.id)?.resolve(message.index);
        pending.delete(message.id);
        this.feed(worker);
      });
      worker.on('error', (error) => this.lose(worker, error));
      worker.on('exit', () => this.lose(worker, new Error('the worker thread stopped')));
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Index many files, largest first so one big file does not finish last on its own. */
  indexAll(jobs: readonly Job[]): Promise<SdkFileIndex[]> {
    const order = jobs.map((_, id) => id).sort((a, b) => jobs[b]!.bytes.length - jobs[a]!.bytes.length);
    const results = order.map(
      (id) =>
        new Promise<[number, SdkFileIndex]>((resolve) => {
          this.waiting.push({ job: jobs[id]!, resolve: (index) => resolve([id, index]) });
        }),
    );
    for (const worker of this.alive) {
      this.feed(worker);
      this.feed(worker);
    }
    return Promise.all(results).then((done) => {
      const indexes: SdkFileIndex[] = new Array(jobs.length);
      for (const [id, index] of done) indexes[id] = index;
      return indexes;
    });
  }

  async close(): Promise<void> {
    this.alive.clear();
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private feed(worker: Worker): void {
    const pending = this.inFlight.get(worker)!;
    if (!this.alive.has(worker) || pending.size >= 2) return;
    const next = this.waiting.shift();
    if (!next) return;
    const id = this.nextId++;
    pending.set(id, next);
    worker.postMessage({ id, file: next.job.file, bytes: next.job.bytes }, [next.job.bytes.buffer as ArrayBuffer]);
  }

  /** A worker that failed: its files and, when no worker is left, every waiting file get an error. */
  private lose(worker: Worker, error: unknown): void {
    if (!this.alive.delete(worker)) return;
    const pending = this.inFlight.get(worker)!;
    for (const { job, resolve } of pending.values()) resolve(failedIndex(job.file, error));
    pending.clear();
    if (this.alive.size === 0) for (const { job, resolve } of this.waiting.splice(0)) resolve(failedIndex(job.file, error));
  }
}

function failedIndex(file: string, error: unknown): SdkFileIndex {
  return {
    file,
    throws: [],
    enums: [],
    uncoded: 0,
    diagnostics: [
      {
        severity: 'error',
        ruleId: 'sdk-unreadable',
        message: `errcat could not index this file: ${error instanceof Error ? error.message : String(error)}`,
        position: { file, line: 1, column: 1 },
      },
    ],
  };
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
  const maxWorkers = Math.min(options.jobs ?? availableParallelism(), files.length);
  const threshold = options.parallelThreshold ?? defaultParallelThreshold;
  // With no cache every file is indexed: start the workers now, while the files are read.
  let pool = !cache && maxWorkers > 1 && files.length >= earlyStartFiles && threshold <= defaultParallelThreshold ? new IndexPool(maxWorkers) : undefined;
  try {
    const indexes: Array<SdkFileIndex | undefined> = new Array(files.length);
    const hashes: Array<string | undefined> = new Array(files.length);
    const pending: Array<Job & { slot: number }> = [];
    let bytes = 0;
    let pendingBytes = 0;
    let fromCache = 0;
    const sizes: number[] = new Array(files.length);
    const mtimes: number[] = new Array(files.length);
    let statsChanged = false;
    files.forEach((file, slot) => {
      const path = join(root, file);
      const entry = cache?.files[file];
      if (options.cacheDir) {
        const stat = statSync(path, { throwIfNoEntry: false });
        if (stat) {
          sizes[slot] = stat.size;
          mtimes[slot] = stat.mtimeMs;
          // Same size and time as when hashed, and not written just before the cache: the same content.
          if (entry && entry.size === stat.size && entry.mtimeMs === stat.mtimeMs && stat.mtimeMs < cache!.written - racyMs) {
            hashes[slot] = entry.hash;
            indexes[slot] = entry.index;
            bytes += stat.size;
            fromCache++;
            return;
          }
        }
      }
      let content: Buffer;
      try {
        content = readFileSync(path);
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
        statsChanged = true;
        if (entry && entry.hash === hashes[slot]) {
          indexes[slot] = entry.index;
          fromCache++;
          return;
        }
      }
      pending.push({ slot, file, bytes: content });
      pendingBytes += content.length;
    });

    const parallel = Math.min(maxWorkers, pending.length) > 1 && pendingBytes >= threshold;
    if (parallel) pool ??= new IndexPool(Math.min(maxWorkers, pending.length));
    let fresh: SdkFileIndex[];
    if (parallel && pool) {
      fresh = await pool.indexAll(pending.map((job) => ({ file: job.file, bytes: ownBuffer(job.bytes as Buffer) })));
    } else {
      // TypeScript is loaded only when something is indexed in this thread.
      const { indexBytes } = await import('./index-bytes.js');
      fresh = pending.map((job) => indexBytes(job.bytes, job.file));
    }
    pending.forEach((job, position) => (indexes[job.slot] = fresh[position]!));

    if (options.cacheDir && (statsChanged || pending.length > 0 || !cache || Object.keys(cache.files).length !== files.length)) {
      const entries: Record<string, CacheEntry> = {};
      files.forEach((file, slot) => {
        // An unreadable file is tried again next time.
        if (hashes[slot] !== undefined && sizes[slot] !== undefined) {
          entries[file] = { hash: hashes[slot], size: sizes[slot], mtimeMs: mtimes[slot]!, index: indexes[slot]! };
        }
      });
      writeCache(options.cacheDir, { code: codeFingerprint(), written: Date.now(), files: entries });
    }
    const all = indexes as SdkFileIndex[];
    return {
      index: combineSdkIndex(all, bytes),
      stats: { files: files.length, bytes, fromCache, indexed: pending.length, workers: parallel && pool ? pool.size : 0 },
    };
  } finally {
    await pool?.close();
  }
}
