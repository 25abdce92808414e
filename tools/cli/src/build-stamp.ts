import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeFingerprint } from './fingerprint.js';

/** What a successful build leaves in the cache so that an identical rebuild can stop early. */
interface BuildStamp {
  /** Hash of every input: pages, config, name map, output folder and the code of every step. */
  inputs: string;
  /** Every file the build owns, as it left it. */
  outputs: Array<{ target: string; size: number; mtimeMs: number }>;
  /** What the build printed, to print again. */
  stderr: string;
  summary: string;
}

let cliFingerprint: string | undefined;

/** A hash of the CLI's own compiled code. */
function ownFingerprint(): string {
  if (cliFingerprint) return cliFingerprint;
  const hash = createHash('sha256');
  const distDir = dirname(fileURLToPath(import.meta.url));
  for (const dir of [distDir, join(distDir, 'commands')]) {
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.js')).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  }
  cliFingerprint = hash.digest('hex');
  return cliFingerprint;
}

/**
 * Hash of everything a build's output depends on.
 * @param files Input files (pages, config, name map) with their paths; a missing one counts as absent.
 * @param outDir Output folder.
 */
export function buildInputsHash(files: readonly string[], outDir: string): string {
  const hash = createHash('sha256').update(ownFingerprint()).update(outDir);
  for (const tool of ['@errcat/schema', '@errcat/parser', '@errcat/catalogue', '@errcat/generate']) hash.update(codeFingerprint(tool));
  for (const file of files) {
    hash.update('\0').update(file).update('\0');
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  return hash.digest('hex');
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
  let stamp: BuildStamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile(cacheDir, outDir), 'utf8')) as BuildStamp;
  } catch {
    return undefined;
  }
  if (stamp.inputs !== inputs) return undefined;
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
 * @param stderr What the build printed on stderr.
 * @param summary The catalogue summary it printed.
 */
export function writeStamp(cacheDir: string, outDir: string, inputs: string, targets: readonly string[], stderr: string, summary: string): void {
  const stamp: BuildStamp = {
    inputs,
    outputs: targets.map((target) => {
      const stat = statSync(target);
      return { target, size: stat.size, mtimeMs: stat.mtimeMs };
    }),
    stderr,
    summary,
  };
  const file = stampFile(cacheDir, outDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(stamp));
  renameSync(`${file}.${process.pid}.tmp`, file);
}
