import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '@errcat/schema';
import type { CatalogueSummary } from './build.js';
import type { BuildState, ModuleState } from './incremental.js';
import { readCacheJson, writeCacheText } from './cache-files.js';
import { codeFingerprint, folderFingerprint } from './fingerprint.js';
import { indexStillHolds, latestChange, type FileRecord, type OutputIndex } from './output-index.js';

/** What a successful build leaves in the cache: what it wrote, and enough to skip an identical rebuild. */
export interface BuildStamp {
  /** Hash of every input: pages, config, name map, output folder and the code of every step. */
  inputs: string;
  /** Every file the build owns, as it left it. */
  outputs: Record<string, FileRecord>;
  /** What the build found, to report again. */
  diagnostics: Diagnostic[];
  summary: CatalogueSummary;
  /** What it knew of each module, so the next build can redo only the changed ones. */
  state?: BuildState;
}

/**
 * Hash of some files' paths and contents; a missing file counts as absent.
 * @param files Absolute paths.
 */
export function digestFiles(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update('\0').update(file).update('\0');
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

/**
 * Hash of everything a build's output depends on: its inputs' digest, the output folder and the
 * code of every step.
 * @param inputsDigest {@link digestFiles} of the pages, config and name map.
 * @param outDir Output folder.
 */
export function buildInputsHash(inputsDigest: string, outDir: string): string {
  const distDir = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256').update(folderFingerprint([distDir])).update(outDir);
  for (const tool of ['@errcat/schema', '@errcat/parser', '@errcat/catalogue', '@errcat/generate']) hash.update(codeFingerprint(tool));
  return hash.update(inputsDigest).digest('hex');
}

function stampFile(cacheDir: string, outDir: string): string {
  return join(cacheDir, `build-${createHash('sha256').update(outDir).digest('hex').slice(0, 16)}.json`);
}

/**
 * When the last build for an output folder wrote its stamp (its mtime), if it left one.
 * @param cacheDir Cache folder.
 * @param outDir Output folder.
 */
export function stampTime(cacheDir: string, outDir: string): number | undefined {
  try {
    return statSync(stampFile(cacheDir, outDir)).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * The stamp of the last build for an output folder, with the index of what it wrote.
 * @param cacheDir Cache folder.
 * @param outDir Output folder.
 */
export function readStamp(cacheDir: string, outDir: string): { stamp: BuildStamp; index: OutputIndex } | undefined {
  const file = stampFile(cacheDir, outDir);
  const stored = readCacheJson<StoredStamp>(file);
  if (!stored || typeof stored.outputs !== 'object' || stored.outputs === null || Array.isArray(stored.outputs) || !Array.isArray(stored.diagnostics)) return undefined;
  try {
    return { stamp: fromStored(stored), index: { files: stored.outputs, recordedAt: statSync(file).mtimeMs } };
  } catch {
    return undefined;
  }
}

/**
 * A stamp as its file holds it: each module's diagnostics as indexes into the stamp's own list
 * (they are the same objects), so the file holds each diagnostic once.
 */
type StoredStamp = Omit<BuildStamp, 'state'> & {
  state?: Omit<BuildState, 'modules'> & { modules: Record<string, Omit<ModuleState, 'diagnostics'> & { diagnostics: Array<number | Diagnostic> }> };
};

function toStored(stamp: BuildStamp): StoredStamp {
  if (!stamp.state) return stamp as StoredStamp;
  const indexOf = new Map(stamp.diagnostics.map((diagnostic, index) => [diagnostic, index]));
  const modules: NonNullable<StoredStamp['state']>['modules'] = {};
  for (const [name, module] of Object.entries(stamp.state.modules)) {
    modules[name] = { ...module, diagnostics: module.diagnostics.map((diagnostic) => indexOf.get(diagnostic) ?? diagnostic) };
  }
  return { ...stamp, state: { ...stamp.state, modules } };
}

function fromStored(stored: StoredStamp): BuildStamp {
  if (!stored.state) return stored as BuildStamp;
  const modules: Record<string, ModuleState> = {};
  for (const [name, module] of Object.entries(stored.state.modules)) {
    const diagnostics = module.diagnostics.map((item) => (typeof item === 'number' ? stored.diagnostics[item] : item));
    if (diagnostics.some((diagnostic) => diagnostic === undefined)) throw new Error(`the stamp's module ${name} names a diagnostic it lacks`);
    modules[name] = { ...module, diagnostics: diagnostics as Diagnostic[] };
  }
  return { ...stored, state: { ...stored.state, modules } };
}

/**
 * Whether the last build had these inputs and left every output as it still is.
 * @param last What {@link readStamp} gave.
 * @param inputs Hash from {@link buildInputsHash}.
 */
export function stampIsFresh(last: { stamp: BuildStamp; index: OutputIndex }, inputs: string): boolean {
  return last.stamp.inputs === inputs && indexStillHolds(last.index);
}

/**
 * Record a successful build. The stamp file's mtime is the time the index vouches from, so it is
 * written again until it is later than every recorded change (a clock tick at most).
 * @param cacheDir Cache folder.
 * @param outDir Output folder.
 * @param stamp Inputs hash, output records, diagnostics and summary.
 */
export function writeStamp(cacheDir: string, outDir: string, stamp: BuildStamp): void {
  const file = stampFile(cacheDir, outDir);
  const latest = latestChange(stamp.outputs);
  const text = JSON.stringify(toStored(stamp));
  for (let attempt = 0; attempt < 50; attempt++) {
    writeCacheText(file, text);
    if (statSync(file).mtimeMs > latest) return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
  }
}
