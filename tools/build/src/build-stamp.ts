import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '@errcat/schema';
import type { CatalogueSummary } from './build.js';
import { readCacheJson, writeCacheJson } from './cache-files.js';
import { codeFingerprint, folderFingerprint } from './fingerprint.js';

/** What a successful build leaves in the cache so that an identical rebuild can stop early. */
interface BuildStamp {
  /** Hash of every input: pages, config, name map, output folder and the code of every step. */
  inputs: string;
  /** Every file the build owns, as it left it. */
  outputs: Array<{ target: string; size: number; mtimeMs: number }>;
  /** What the build found, to report again. */
  diagnostics: Diagnostic[];
  summary: CatalogueSummary;
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
 * The stamp of the last build, when its inputs are these and every output is still as it left it.
 * @param cacheDir Cache folder.
 * @param outDir Output folder.
 * @param inputs Hash from {@link buildInputsHash}.
 */
export function freshStamp(cacheDir: string, outDir: string, inputs: string): BuildStamp | undefined {
  const stamp = readCacheJson<BuildStamp>(stampFile(cacheDir, outDir));
  if (stamp?.inputs !== inputs) return undefined;
  for (const output of stamp.outputs) {
    try {
      const stat = statSync(output.target);
      if (stat.size !== output.size || stat.mtimeMs !== output.mtimeMs) return undefined;
    } catch {
      return undefined;
    }
  }
  return stamp;
}

/**
 * Record a successful build.
 * @param cacheDir Cache folder.
 * @param outDir Output folder.
 * @param inputs Hash from {@link buildInputsHash}.
 * @param targets Every file the build owns.
 * @param diagnostics What the build found.
 * @param summary Counts of the catalogue it built.
 */
export function writeStamp(
  cacheDir: string,
  outDir: string,
  inputs: string,
  targets: readonly string[],
  diagnostics: readonly Diagnostic[],
  summary: CatalogueSummary,
): void {
  const stamp: BuildStamp = {
    inputs,
    outputs: targets.map((target) => {
      const stat = statSync(target);
      return { target, size: stat.size, mtimeMs: stat.mtimeMs };
    }),
    diagnostics: [...diagnostics],
    summary,
  };
  writeCacheJson(stampFile(cacheDir, outDir), stamp);
}
