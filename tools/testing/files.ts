import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const made: string[] = [];

/**
 * A fresh temporary folder, removed by {@link removeTempDirs}.
 * @param files Files to create: relative path → content.
 */
export function tempDir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'errcat-test-'));
  made.push(dir);
  for (const [path, content] of Object.entries(files)) writeFile(join(dir, path), content);
  return dir;
}

/** Remove every folder {@link tempDir} made. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Write a file, creating its folders.
 * @param file Absolute path.
 * @param content Text or bytes.
 */
export function writeFile(file: string, content: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/**
 * Every file under a folder with its bytes and mtime, keyed by relative path.
 * @param dir Absolute folder.
 */
export function snapshot(dir: string): Map<string, { bytes: string; mtimeMs: number }> {
  const files = new Map<string, { bytes: string; mtimeMs: number }>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(dir, path), { bytes: readFileSync(path, 'base64'), mtimeMs: statSync(path).mtimeMs });
    }
  };
  walk(dir);
  return files;
}
