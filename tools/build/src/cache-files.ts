import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

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
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(value));
  renameSync(temporary, file);
}
