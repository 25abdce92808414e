// The edge of @errcat/sdk: finds the declaration files of an SDK checkout, reads them, takes
// unchanged files from the cache and indexes the rest, across worker threads when it pays; keeps
// the last cross-check's report, so a rerun with nothing changed reads neither index nor files.
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
import type { Catalogue } from '@errcat/schema';
import { checkSdk, type CheckSdkOptions } from './check.js';
import type { SdkCheckReport } from './check-types.js';
import type { SdkFileIndex, SdkIndex } from './types.js';

/** Options of {@link readSdk}. */
export interface ReadSdkOptions {
  /**
   * Folder for the cache: the files' stats and hashes (`manifest.json`), their index entries
   * (`entries.json`) and the last cross-check (`check.json`); no cache when absent.
   */
  cacheDir?: string;
  /**
   * Most worker threads (1: the calling thread, no workers). Default: the cores the machine's
   * load leaves free when that is two or more, else the calling thread alone: each worker starts
   * the compiler and its JIT anew and sends its results over, which a busy machine pays for
   * without gaining a core.
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
 * Worker threads worth starting when not told: the cores the last minute's load leaves free, as
 * `make --load-average` judges it, when two or more are; else none. Measured on a busy 2-core
 * machine, one worker indexing while this thread parses the pages costs a third more processor
 * time than this thread doing both, for no steady gain in wall time.
 */
function defaultWorkers(): number {
  const cores = availableParallelism();
  const idle = Math.min(cores, Math.round(cores - (loadavg()[0] ?? 0)));
  return idle >= 2 ? idle : 0;
}

/** The folders of an SDK checkout that hold declarations. */
const declarationFolders = ['api', 'kits'];
const declarationFile = /\.d\.e?ts$/;
const manifestFileName = 'manifest.json';
const entriesFileName = 'entries.json';
const reportFileName = 'check.json';
const defaultParallelThreshold = 2_000_000;

/** A file as last hashed: size and modification time, then the hash of its content. */
type ManifestEntry = [size: number, mtimeMs: number, hash: string];

/**
 * What the cache knows of the files, small enough to read on every run: a file whose stat is
 * unchanged is not read again, and when no file changed the index's digest is known unread.
 */
interface Manifest {
  code: string;
  /** When the cache was written (ms): a file modified that close to it is hashed again, as git does. */
  written: number;
  /** Digest of the index (see {@link indexDigest}). */
  digest: string;
  files: Record<string, ManifestEntry>;
}

/** Each file's index, packed; written with the manifest of the same digest. */
interface Entries {
  code: string;
  digest: string;
  entries: Record<string, PackedFileIndex>;
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

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function readManifest(cacheDir: string): Manifest | undefined {
  const data = readJson<Manifest>(join(cacheDir, manifestFileName));
  return data?.code === codeFingerprint() && typeof data.files === 'object' && typeof data.written === 'number' && typeof data.digest === 'string' ? data : undefined;
}

/** The packed entries the manifest describes, or undefined when the file is another run's. */
function readEntries(cacheDir: string, manifest: Manifest): Record<string, PackedFileIndex> | undefined {
  const data = readJson<Entries>(join(cacheDir, entriesFileName));
  return data?.code === manifest.code && data.digest === manifest.digest && typeof data.entries === 'object' ? data.entries : undefined;
}

/** Write a file whole or not at all. A cache that cannot be written costs the next run time, not this run its result. */
function writeQuietly(cacheDir: string, name: string, text: string): boolean {
  const target = join(cacheDir, name);
  const staged = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(staged, text);
    renameSync(staged, target);
    return true;
  } catch {
    rmSync(staged, { force: true });
    return false;
  }
}

/**
 * Digest of an SDK index: the code that indexes and every file's path and content hash — all
 * the index is made of. `complete` is false when a file has no hash (it could not be read): the
 * digest then names only what the cache holds.
 */
function indexDigest(files: readonly string[], hashes: ReadonlyArray<string | undefined>): { digest: string; complete: boolean } {
  const hash = createHash('sha256').update(codeFingerprint());
  let complete = true;
  for (let slot = 0; slot < files.length; slot++) {
    const fileHash = hashes[slot];
    if (fileHash === undefined) complete = false;
    else hash.update(`\n${files[slot]!}\0${fileHash}`);
  }
  return { digest: hash.digest('hex'), complete };
}

function workerUrl(): URL {
  const here = new URL('./worker.js', import.meta.url);
  // Under the tests this module runs from src/; the worker runs compiled.
  return existsSync(fileURLToPath(here)) ? here : new URL('../dist/worker.js', import.meta.url);
}

/** What reading one file gave, with its index packed as JSON when a worker read it (that text goes into the cache as it is). */
type ReadResult = PathResult & { packed?: string };

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
 * Worker threads that read and index files. Each is given the whole list at once and takes the
 * next file from a counter the threads share, so no worker waits for the calling thread (busy
 * parsing pages) to hand it work; results come back one message per file.
 */
class IndexPool {
  private readonly workers: Worker[];

  constructor(count: number) {
    const url = workerUrl();
    // A larger young generation: short-lived objects are collected less often.
    this.workers = Array.from({ length: count }, () => new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 64 } }));
  }

  get size(): number {
    return this.workers.length;
  }

  /** Index many files, largest first so one big file does not finish last on its own. */
  run(jobs: readonly Job[]): Promise<ReadResult[]> {
    const order = jobs.map((_, id) => id).sort((a, b) => jobs[b]!.size - jobs[a]!.size);
    const list = order.map((id) => {
      const { path, file, hash, knownHash } = jobs[id]!;
      return { path, file, hash, ...(knownHash !== undefined && { knownHash }) };
    });
    const next = new Int32Array(new SharedArrayBuffer(4));
    const results: Array<ReadResult | undefined> = new Array(jobs.length);
    /** Workers still taking files: neither through the list nor lost. */
    let working = this.workers.length;
    let lostReason: string | undefined;
    return new Promise((resolve) => {
      const stopped = () => {
        if (--working > 0) return;
        // Files a lost worker took and never finished get an error each.
        for (let position = 0; position < list.length; position++) {
          results[order[position]!] ??= { index: failedIndex(list[position]!.file, `errcat could not index this file: ${lostReason ?? 'its worker thread stopped'}`) };
        }
        resolve(results as ReadResult[]);
      };
      for (const worker of this.workers) {
        let stoppedOnce = false;
        const stop = (error?: unknown) => {
          if (stoppedOnce) return;
          stoppedOnce = true;
          if (error !== undefined) lostReason ??= error instanceof Error ? error.message : String(error);
          stopped();
        };
        worker.on('message', (message: { position?: number; packed?: string; hash?: string }) => {
          const { position, packed, hash } = message;
          // A message without a file: the worker is through the list.
          if (position === undefined) return stop();
          results[order[position]!] = { ...(packed !== undefined && { index: unpackFileIndex(JSON.parse(packed) as PackedFileIndex), packed }), ...(hash !== undefined && { hash }) };
        });
        worker.on('error', stop);
        worker.on('exit', () => stop(new Error('the worker thread stopped')));
        worker.postMessage({ jobs: list, next });
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** What reading an SDK gave. */
export interface SdkReading {
  index: SdkIndex;
  stats: ReadSdkStats;
  /** Digest of the index (the code that made it, every file's path and content hash): with a cache, when every file could be read. */
  digest?: string;
}

/** An SDK checkout listed, its files' stats compared with the cache; read when asked. */
export interface OpenedSdk {
  /** The index's digest when every file is as the cache last saw it: known without reading the index. */
  readonly unchangedDigest: string | undefined;
  /** Read the index, taking unchanged files from the cache (once; later calls give the same reading). */
  read(): Promise<SdkReading>;
  /**
   * Cross-check a catalogue with the SDK ({@link checkSdk}). With a cache, the last report is
   * given again when the index and everything the check reads are the same, and then the index
   * is not read at all.
   */
  check(catalogue: Catalogue, options?: CheckSdkOptions): Promise<SdkCheckReport>;
}

/**
 * Read and index an SDK checkout.
 * @param root The checkout (the folder holding `api/` and `kits/`).
 * @param options Cache folder, worker threads.
 * @throws SdkReadError when the root is not an SDK checkout.
 */
export async function readSdk(root: string, options: ReadSdkOptions = {}): Promise<SdkReading> {
  return openSdk(root, options).read();
}

/**
 * List an SDK checkout's declaration files and compare their stats with the cache's; nothing is
 * read yet.
 * @param root The checkout (the folder holding `api/` and `kits/`).
 * @param options Cache folder, worker threads.
 * @throws SdkReadError when the root is not an SDK checkout.
 */
export function openSdk(root: string, options: ReadSdkOptions = {}): OpenedSdk {
  const files = findSdkFiles(root);
  const { cacheDir } = options;
  const manifest = cacheDir ? readManifest(cacheDir) : undefined;
  const sizes: number[] = new Array(files.length);
  const mtimes: number[] = new Array(files.length);
  /** The hash of each file whose stat is as when it was hashed. */
  const trusted: Array<string | undefined> = new Array(files.length);
  let bytes = 0;
  let changed = 0;
  files.forEach((file, slot) => {
    const stat = statSync(join(root, file), { throwIfNoEntry: false });
    const size = stat?.size ?? 0;
    sizes[slot] = size;
    mtimes[slot] = stat?.mtimeMs ?? 0;
    bytes += size;
    const entry = manifest?.files[file];
    // Same size and time as when hashed, and not written just before the cache: the same content.
    if (stat && entry && entry[0] === size && entry[1] === stat.mtimeMs && stat.mtimeMs < manifest!.written - racyMs) trusted[slot] = entry[2];
    else changed++;
  });
  const unchangedDigest = manifest && changed === 0 && Object.keys(manifest.files).length === files.length ? manifest.digest : undefined;

  let reading: Promise<SdkReading> | undefined;
  const read = (): Promise<SdkReading> => (reading ??= readFiles({ root, files, sizes, mtimes, trusted, bytes, manifest }, options));
  return {
    unchangedDigest,
    read,
    async check(catalogue, checkOptions = {}) {
      const key = (digest: string): string =>
        createHash('sha256')
          .update(JSON.stringify([digest, checkOptions.sdkRoot ?? null, checkOptions.universal ?? null, checkOptions.diagnostics ?? [], catalogue]))
          .digest('hex');
      if (cacheDir && unchangedDigest !== undefined) {
        const cached = readJson<{ key: string; report: SdkCheckReport }>(join(cacheDir, reportFileName));
        if (cached?.key === key(unchangedDigest) && cached.report?.schemaVersion === 1) return cached.report;
      }
      const { index, digest } = await read();
      const report = checkSdk(catalogue, index, checkOptions);
      if (cacheDir && digest !== undefined) writeQuietly(cacheDir, reportFileName, JSON.stringify({ key: key(digest), report }));
      return report;
    },
  };
}

/** A checkout listed and compared with the cache by {@link openSdk}. */
interface Listing {
  root: string;
  files: readonly string[];
  sizes: readonly number[];
  mtimes: readonly number[];
  trusted: ReadonlyArray<string | undefined>;
  bytes: number;
  manifest: Manifest | undefined;
}

/** Read what the listing says changed, take the rest from the cache, write the cache. */
async function readFiles(listing: Listing, options: ReadSdkOptions): Promise<SdkReading> {
  const { root, files, sizes, mtimes, trusted, bytes, manifest } = listing;
  const { cacheDir } = options;
  const cached = cacheDir && manifest ? readEntries(cacheDir, manifest) : undefined;
  const indexes: Array<SdkFileIndex | undefined> = new Array(files.length);
  const hashes: Array<string | undefined> = new Array(files.length);
  /** Each file's packed index as JSON, for the cache. */
  const packedTexts: Array<string | undefined> = new Array(files.length);
  /** Files whose index is the cached entry. */
  const reused: boolean[] = new Array(files.length).fill(false);
  const pending: Array<Job & { slot: number }> = [];
  let pendingBytes = 0;
  let fromCache = 0;
  files.forEach((file, slot) => {
    const entry = cached?.[file];
    const hash = trusted[slot];
    if (entry && hash !== undefined) {
      hashes[slot] = hash;
      indexes[slot] = unpackFileIndex(entry);
      reused[slot] = true;
      fromCache++;
      return;
    }
    const knownHash = entry ? manifest!.files[file]?.[2] : undefined;
    pending.push({ slot, path: join(root, file), file, size: sizes[slot]!, hash: cacheDir !== undefined, ...(knownHash !== undefined && { knownHash }) });
    pendingBytes += sizes[slot]!;
  });

  // Workers, so the calling thread stays free (to parse pages meanwhile); none for one job.
  const workers = options.jobs === undefined ? defaultWorkers() : options.jobs === 1 ? 0 : options.jobs;
  const maxWorkers = Math.min(workers, pending.length);
  const threshold = options.parallelThreshold ?? defaultParallelThreshold;
  const parallel = maxWorkers >= 2 && pendingBytes >= threshold;
  const pool = parallel ? new IndexPool(maxWorkers) : undefined;
  try {
    let results: ReadResult[];
    if (pool) {
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
        if (result.packed !== undefined) packedTexts[job.slot] = result.packed;
        indexed++;
      } else {
        // Touched but not changed: the cached index stands.
        indexes[job.slot] = unpackFileIndex(cached![job.file]!);
        reused[job.slot] = true;
        fromCache++;
      }
    });

    const { digest, complete } = indexDigest(files, hashes);
    if (cacheDir && (pending.length > 0 || !manifest || !cached || Object.keys(manifest.files).length !== files.length)) {
      const manifestFiles: Record<string, ManifestEntry> = {};
      const entryTexts: string[] = [];
      files.forEach((file, slot) => {
        // An unreadable file is tried again next time.
        const hash = hashes[slot];
        if (hash === undefined) return;
        manifestFiles[file] = [sizes[slot]!, mtimes[slot]!, hash];
        const packed = packedTexts[slot] ?? JSON.stringify(reused[slot] ? cached![file] : packFileIndex(indexes[slot]!));
        entryTexts.push(`${JSON.stringify(file)}:${packed}`);
      });
      const code = codeFingerprint();
      // The entries first: a manifest always describes entries of its digest, else both are ignored.
      const entriesText = `{"code":${JSON.stringify(code)},"digest":${JSON.stringify(digest)},"entries":{${entryTexts.join(',')}}}`;
      if (writeQuietly(cacheDir, entriesFileName, entriesText)) {
        writeQuietly(cacheDir, manifestFileName, JSON.stringify({ code, written: Date.now(), digest, files: manifestFiles } satisfies Manifest));
      }
    }
    return {
      index: combineSdkIndex(indexes as SdkFileIndex[], bytes),
      stats: { files: files.length, bytes, fromCache, indexed, workers: pool ? pool.size : 0 },
      ...(cacheDir && complete && { digest }),
    };
  } finally {
    await pool?.close();
  }
}
