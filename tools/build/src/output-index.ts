import { createHash } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';

/**
 * What an output file was when a build left it: a hash of its bytes and the stats that change
 * whenever anyone writes, replaces or touches it (the same ones git's index keeps).
 */
export interface FileRecord {
  /** SHA-1 of the bytes, hex. */
  hash: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** Every file a build owns, by absolute path, and when their stats were taken. */
export interface OutputIndex {
  files: Record<string, FileRecord>;
  /**
   * The mtime of the file the index was stored in, taken from the same clock as the files'
   * own. A file whose mtime or ctime is not older may have changed again within the same
   * timestamp tick with no stat showing it ("racily clean", as git calls it): its bytes are read.
   */
  recordedAt: number;
}

/**
 * SHA-1 of a text as UTF-8 (or of bytes), hex.
 * @param content Text or bytes.
 */
export function hashContent(content: string | Uint8Array): string {
  return createHash('sha1').update(content).digest('hex');
}

/**
 * What the index says a file holds, when its stats still prove it: the hash of its bytes, or
 * `null` when it is gone. Undefined when the index does not know or cannot vouch for the file.
 * @param index Index of the last build (optional).
 * @param target Absolute path.
 */
export function knownHash(index: OutputIndex | undefined, target: string): string | null | undefined {
  const known = index?.files[target];
  if (!known) return undefined;
  let stat: Stats;
  try {
    stat = statSync(target);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined;
  }
  return sameStats(stat, known) && !racy(known, index!) ? known.hash : undefined;
}

/**
 * Whether every file of an index is still as recorded (so an unchanged build need not look inside).
 * @param index Index of the last build.
 */
export function indexStillHolds(index: OutputIndex): boolean {
  return Object.keys(index.files).every((target) => {
    const hash = knownHash(index, target);
    return hash !== undefined && hash !== null;
  });
}

/**
 * Take the stats of files just written (or found unchanged), with the hashes of their bytes.
 * @param files Absolute paths and content hashes.
 */
export function recordFiles(files: ReadonlyArray<{ target: string; hash: string }>): Record<string, FileRecord> {
  const recorded: Record<string, FileRecord> = {};
  for (const { target, hash } of files) {
    const stat = statSync(target);
    recorded[target] = { hash, size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino };
  }
  return recorded;
}

/**
 * The latest mtime or ctime among recorded files: an index stored at a later time vouches for all of them.
 * @param files Records.
 */
export function latestChange(files: Readonly<Record<string, FileRecord>>): number {
  let latest = 0;
  for (const record of Object.values(files)) latest = Math.max(latest, record.mtimeMs, record.ctimeMs);
  return latest;
}

function sameStats(stat: Stats, known: FileRecord): boolean {
  return stat.size === known.size && stat.mtimeMs === known.mtimeMs && stat.ctimeMs === known.ctimeMs && stat.ino === known.ino;
}

function racy(known: FileRecord, index: OutputIndex): boolean {
  return Math.max(known.mtimeMs, known.ctimeMs) >= index.recordedAt;
}
