// The edge of @errcat/sdk: finds the declaration files of an SDK checkout, reads them, takes
// unchanged files from the cache and indexes the rest, across worker threads when it pays.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { combineSdkIndex } from './combine.js';
import { failedIndex, type PathResult } from './index-bytes.js';
import { packFileIndex, unpackFileIndex, type PackedFileIndex } from './pack.js';
import type { SdkFileIndex, SdkIndex } from './types.js';

/** Options of {@link readSdk}. */
export interface ReadSdkOptions {
  /** Folder for the index cache (one file, entries keyed by path and content hash); no cache when absent. */
  cacheDir?: string;
  /**
   * Most worker threads (1: the calling thread, no workers). Default: the cores the machine's
   * load leaves free when that is two or more, else the calling thread alone: each worker starts
   * the compiler and its JIT anew, which a busy machine pays for without gaining a core.
   */
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

/**
 * Worker threads worth starting: the cores the last minute's load leaves free, as
 * `make --load-average` judges it. Each worker starts the compiler and its own JIT anew, so
 * with fewer than two cores free one thread doing it all costs less (0: the calling thread).
 */
function idleCores(): number {
  const cores = availableParallelism();
  const idle = Math.min(cores, Math.round(cores - (loadavg()[0] ?? 0)));
  return idle >= 2 ? idle : 1;
}

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
  packed: PackedFileIndex;
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

/** A file to read and index. */
interface Job {
  path: string;
  file: string;
  /** Its size, to hand out the largest first. */
  size: number;
  hash: boolean;
  knownHash?: string;
}

/**
 * Worker threads that read and index files, each with two files in flight so it never waits
 * for the next. Started at once when every file will be indexed, so loading TypeScript in the
 * workers overlaps listing the files.
 */
class IndexPool {
  private readonly workers: Worker[];
  private readonly alive = new Set<Worker>();
  private readonly waiting: Array<{ job: Job; resolve: (result: PathResult) => void }> = [];
  private readonly inFlight = new Map<Worker, Map<number, { job: Job; resolve: (result: PathResult) => void }>>();
  private nextId = 0;

  constructor(count: number) {
    const url = workerUrl();
    // A larger young generation: short-lived objects are collected less often.
    this.workers = Array.from({ length: count }, () => new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 64 } }));
    for (const worker of this.workers) {
      const pending = new Map<number, { job: Job; resolve: (result: PathResult) => void }>();
      this.inFlight.set(worker, pending);
      this.alive.add(worker);
      worker.on('message', (message: { id: number; json: string }) => {
        const { packed, hash } = JSON.parse(message.json) as { packed?: PackedFileIndex; hash?: string };
        pending.get(message.id)?.resolve({ ...(packed && { index: unpackFileIndex(packed) }), ...(hash !== undefined && { hash }) });
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
  run(jobs: readonly Job[]): Promise<PathResult[]> {
    const order = jobs.map((_, id) => id).sort((a, b) => jobs[b]!.size - jobs[a]!.size);
    const results = order.map(
      (id) =>
        new Promise<[number, PathResult]>((resolve) => {
          this.waiting.push({ job: jobs[id]!, resolve: (result) => resolve([id, result]) });
        }),
    );
    for (const worker of this.alive) {
      this.feed(worker);
      this.feed(worker);
    }
    return Promise.all(results).then((done) => {
      const ordered: PathResult[] = new Array(jobs.length);
      for (const [id, result] of done) ordered[id] = result;
      return ordered;
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
    const { path, file, hash, knownHash } = next.job;
    worker.postMessage({ id, path, file, hash, ...(knownHash !== undefined && { knownHash }) });
  }

  /** A worker that failed: its files and, when no worker is left, every waiting file get an error. */
  private lose(worker: Worker, error: unknown): void {
    if (!this.alive.delete(worker)) return;
    const pending = this.inFlight.get(worker)!;
    const message = (file: string) => `errcat could not index this file: ${error instanceof Error ? error.message : String(error)}`;
    for (const { job, resolve } of pending.values()) resolve({ index: failedIndex(job.file, message(job.file)) });
    pending.clear();
    if (this.alive.size === 0) for (const { job, resolve } of this.waiting.splice(0)) resolve({ index: failedIndex(job.file, message(job.file)) });
  }
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
  // Workers, so the calling thread stays free (to parse pages meanwhile); none for one job.
  const jobs = options.jobs ?? idleCores();
  const maxWorkers = jobs === 1 ? 0 : Math.min(jobs, files.length);
  const threshold = options.parallelThreshold ?? defaultParallelThreshold;
  // With no cache every file is indexed: start the workers now, while the files are listed.
  let pool = !cache && maxWorkers >= 2 && files.length >= earlyStartFiles && threshold <= defaultParallelThreshold ? new IndexPool(maxWorkers) : undefined;
  try {
    const indexes: Array<SdkFileIndex | undefined> = new Array(files.length);
    const hashes: Array<string | undefined> = new Array(files.length);
    const sizes: number[] = new Array(files.length);
    const mtimes: number[] = new Array(files.length);
    const pending: Array<Job & { slot: number }> = [];
    let bytes = 0;
    let pendingBytes = 0;
    let fromCache = 0;
    files.forEach((file, slot) => {
      const path = join(root, file);
      const stat = statSync(path, { throwIfNoEntry: false });
      const size = stat?.size ?? 0;
      sizes[slot] = size;
      mtimes[slot] = stat?.mtimeMs ?? 0;
      bytes += size;
      const entry = cache?.files[file];
      // Same size and time as when hashed, and not written just before the cache: the same content.
      if (stat && entry && entry.size === size && entry.mtimeMs === stat.mtimeMs && stat.mtimeMs < cache!.written - racyMs) {
        hashes[slot] = entry.hash;
        indexes[slot] = unpackFileIndex(entry.packed);
        fromCache++;
        return;
      }
      pending.push({ slot, path, file, size, hash: options.cacheDir !== undefined, ...(entry && { knownHash: entry.hash }) });
      pendingBytes += size;
    });

    const parallel = Math.min(maxWorkers, pending.length) >= 2 && pendingBytes >= threshold;
    if (parallel) pool ??= new IndexPool(Math.min(maxWorkers, pending.length));
    let results: PathResult[];
    if (parallel && pool) {
      results = await pool.run(pending);
    } else {
      // TypeScript is loaded only when something is indexed in this thread.
      const { indexPath } = await import('./index-bytes.js');
      results = pending.map((job) => indexPath(job.path, job.file, job.hash, job.knownHash));
    }
    let indexed = 0;
    pending.forEach((job, position) => {
      const result = results[position]!;
      hashes[job.slot] = result.hash;
      if (result.index) {
        indexes[job.slot] = result.index;
        indexed++;
      } else {
        // Touched but not changed: the cached index stands.
        indexes[job.slot] = unpackFileIndex(cache!.files[job.file]!.packed);
        fromCache++;
      }
    });

    if (options.cacheDir && (pending.length > 0 || !cache || Object.keys(cache.files).length !== files.length)) {
      const entries: Record<string, CacheEntry> = {};
      files.forEach((file, slot) => {
        // An unreadable file is tried again next time.
        const hash = hashes[slot];
        if (hash !== undefined) entries[file] = { hash, size: sizes[slot]!, mtimeMs: mtimes[slot]!, packed: packFileIndex(indexes[slot]!) };
      });
      writeCache(options.cacheDir, { code: codeFingerprint(), written: Date.now(), files: entries });
    }
    return {
      index: combineSdkIndex(indexes as SdkFileIndex[], bytes),
      stats: { files: files.length, bytes, fromCache, indexed, workers: parallel && pool ? pool.size : 0 },
    };
  } finally {
    await pool?.close();
  }
}
