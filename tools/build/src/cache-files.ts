import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * Read a JSON file the cache wrote.
 * @param file Absolute path.
 * @returns Its value, or undefined when it is missing or unreadable (a cache miss).
 */
export function readCacheJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * Write a JSON file of the cache: written aside and renamed, so a reader never sees half of it.
 * @param file Absolute path (its folder is created).
 * @param value Value to store.
 */
export function writeCacheJson(file: string, value: unknown): void {
  writeCacheText(file, JSON.stringify(value));
}

/**
 * Write a file of the cache whose text is JSON already (see {@link writeCacheJson}).
 * @param file Absolute path (its folder is created).
 * @param text JSON text (or its UTF-8 bytes).
 */
export function writeCacheText(file: string, text: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  // Worker threads of one process write side by side: the temporary name holds both ids.
  const temporary = `${file}.${process.pid}-${threadId}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
