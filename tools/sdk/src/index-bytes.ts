import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeSdkFile } from './decode.js';
import { indexSdkFile } from './index-file.js';
import type { SdkFileIndex } from './types.js';

/**
 * Index a file from its bytes: decoded (a warning when it is not UTF-8), then indexed. A failure
 * of the indexer itself becomes an error on the file, so the other files are still read.
 */
export function indexBytes(bytes: Uint8Array, file: string): SdkFileIndex {
  const { text, diagnostics } = decodeSdkFile(bytes, file);
  try {
    const index = indexSdkFile(text, file);
    if (diagnostics.length > 0) index.diagnostics.unshift(...diagnostics);
    return index;
  } catch (error) {
    return failedIndex(file, `errcat could not index this file: ${error instanceof Error ? error.message : String(error)}`, diagnostics);
  }
}

/** What reading one file gave. */
export interface PathResult {
  /** Absent when the content hashes to `knownHash`: the cached index stands. */
  index?: SdkFileIndex;
  /** Content hash, when asked for; absent when the file could not be read. */
  hash?: string;
}

/** An index holding only an error on the file. */
export function failedIndex(file: string, message: string, before: SdkFileIndex['diagnostics'] = []): SdkFileIndex {
  return { file, throws: [], enums: [], uncoded: 0, diagnostics: [...before, { severity: 'error', ruleId: 'sdk-unreadable', message, position: { file, line: 1, column: 1 } }] };
}

/**
 * Read, hash and index one file.
 * @param path Where it is.
 * @param file Its path inside the SDK.
 * @param hash Whether to hash it (for the cache).
 * @param knownHash The hash of its cached index: when the content still hashes to it, nothing is indexed.
 */
export function indexPath(path: string, file: string, hash: boolean, knownHash?: string): PathResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { index: failedIndex(file, `cannot read this file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`) };
  }
  const digest = hash ? createHash('sha1').update(bytes).digest('hex') : undefined;
  if (digest !== undefined && digest === knownHash) return { hash: digest };
  return { index: indexBytes(bytes, file), ...(digest !== undefined && { hash: digest }) };
}
