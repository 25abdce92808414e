import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { inputError, outputError } from './errors.js';

/** File names errcat reads as pages. */
export const pageFileName = /^errorcode-.+\.md$/;

/**
 * A path as shown to the user and kept in diagnostics: relative to `base` with `/` separators
 * when inside it, absolute otherwise.
 * @param file Absolute path.
 * @param base Folder to show paths relative to.
 */
export function displayPath(file: string, base: string): string {
  const rel = relative(base, file);
  if (rel === '') return '.';
  if (rel.startsWith('..') || isAbsolute(rel)) return file.split(sep).join('/');
  return rel.split(sep).join('/');
}

/**
 * Every page (`errorcode-*.md`) in a folder and its subfolders, sorted.
 * @param dir Absolute folder path.
 * @returns Absolute paths.
 */
export function findPages(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && pageFileName.test(entry.name)) found.push(path);
    }
  };
  walk(dir);
  return found.sort(comparePaths);
}

/**
 * Order paths by their code points, independent of the machine's locale.
 * @param a First path.
 * @param b Second path.
 */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Require a folder to exist.
 * @param dir Absolute path.
 * @param shown Path as shown to the user.
 * @param what What the folder is for (`docs folder`).
 */
export function requireFolder(dir: string, shown: string, what: string): void {
  if (!existsSync(dir)) throw inputError(shown, `${what} does not exist`);
  if (!statSync(dir).isDirectory()) throw inputError(shown, `${what} is not a folder`);
}

/**
 * Resolve a generated path inside a root folder, refusing any path that would land outside it:
 * absolute paths, `..` segments, empty or odd segments, and folders that are links leading out.
 * @param root Absolute root folder (may not exist yet).
 * @param path Relative path with `/` separators.
 * @returns The absolute path.
 */
export function resolveInside(root: string, path: string): string {
  return pathGuard()(root, path);
}

/**
 * {@link resolveInside} for many paths: the folders it has looked up are remembered, so a plan
 * of thousands of files costs a few system calls per folder, not per file.
 */
export function pathGuard(): (root: string, path: string) => string {
  // Absolute folder → its real path, or null when it does not exist.
  const real = new Map<string, string | null>();
  const realFolder = (dir: string): string | null => {
    let known = real.get(dir);
    if (known === undefined) {
      known = existsSync(dir) ? realpathSync(dir) : null;
      real.set(dir, known);
    }
    return known;
  };
  return (root, path) => {
    const refuse = (why: string) => outputError(`refusing to write '${path}': ${why}`);
    if (path === '' || path.includes('\0') || path.includes('\\')) throw refuse('not a plain relative path');
    if (path.startsWith('/') || isAbsolute(path) || /^[A-Za-z]:/.test(path)) throw refuse('absolute path');
    const segments = path.split('/');
    if (segments.some((segment) => segment === '..')) throw refuse(`it leaves ${root}`);
    if (segments.some((segment) => segment === '' || segment === '.')) throw refuse('empty or "." segment');
    const target = resolve(root, ...segments);
    if (!target.startsWith(root.endsWith(sep) ? root : root + sep)) throw refuse(`it leaves ${root}`);
    // A folder on the way that is a link to elsewhere would carry the write out of the root.
    const realRoot = realFolder(root) ?? root;
    let existing = dirname(target);
    while (existing.length > root.length && realFolder(existing) === null) existing = dirname(existing);
    const realExisting = realFolder(existing);
    if (realExisting !== null && realExisting !== realRoot && !realExisting.startsWith(realRoot + sep)) {
      throw refuse(`${displayPath(existing, root)} links outside ${root}`);
    }
    return target;
  };
}
