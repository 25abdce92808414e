import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/main.js';
import type { CliIo } from '../src/io.js';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** What one in-process run printed and returned. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the CLI in-process with captured output.
 * @param argv Arguments after `errcat`.
 * @param cwd Working folder.
 * @param env Environment (default: empty, so NO_COLOR and CI of the test run do not leak in).
 * @param isTTY Whether stdout is to look like a terminal.
 */
export async function run(argv: string[], cwd: string, env: Record<string, string> = {}, isTTY = false): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd,
    isTTY,
    env,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const made: string[] = [];

/**
 * A fresh temporary folder, removed by {@link removeTempDirs}.
 * @param files Files to create: relative path → content.
 */
export function tempDir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'errcat-cli-'));
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

/** The repository's English AVSession page (64 codes, two of them system-only). */
export const avsessionPage = readFileSync(join(repoRoot, 'docs-source/en/apis-avsession-kit/errorcode-avsession.md'), 'utf8');

/**
 * A small page in the OpenHarmony layout.
 * @param options Title, kit and codes (`system` ones are wrapped in Del markers).
 */
export function page(options: { title?: string; kit?: string; codes: Array<{ code: number; title: string; message: string; system?: boolean }> }): string {
  const lines = [`# ${options.title ?? 'Sample Error Codes'}`];
  if (options.kit) lines.push(`<!--Kit: ${options.kit}-->`, '<!--Subsystem: Samples-->');
  lines.push('');
  for (const entry of options.codes) {
    const body = [
      `## ${entry.code} ${entry.title}`,
      '',
      '**Error Message**',
      '',
      entry.message,
      '',
      '**Description**',
      '',
      `${entry.title} happened.`,
      '',
      '**Possible Causes**',
      '',
      '1. Something went wrong.',
      '',
      '**Solution**',
      '',
      'Try again.',
      '',
    ];
    lines.push(...(entry.system ? ['<!--Del-->', ...body, '<!--DelEnd-->', ''] : body));
  }
  return lines.join('\n');
}
