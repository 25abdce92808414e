import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { GeneratedFile } from '../src/index.js';

/**
 * Write generated files under a fresh folder in the system temp dir.
 * @param files Files relative to the output root.
 * @returns The folder.
 */
export function writeToTempDir(files: readonly GeneratedFile[], prefix = 'errcat-generate-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const file of files) {
    const path = join(root, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  return root;
}

/**
 * Remove a temp folder made by a test.
 * @param dir The folder.
 */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Run an ES module script with node in `cwd` and parse the JSON it prints last.
 * @param cwd Working folder (imports resolve from here).
 * @param script Module source; must print one JSON value with `console.log`.
 */
export function runModule(cwd: string, script: string): unknown {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop()!);
}

/**
 * Run a CommonJS script with node in `cwd` and parse the JSON it prints last.
 * @param cwd Working folder.
 * @param script CommonJS source; must print one JSON value with `console.log`.
 */
export function runCommonJs(cwd: string, script: string): unknown {
  const output = execFileSync(process.execPath, ['--input-type=commonjs', '-e', script], { cwd, encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop()!);
}

/** Strings that break naive code generation: quotes, template syntax, comment ends, HTML, line separators, non-Latin. */
export const HOSTILE_STRINGS: readonly string[] = [
  `He said "stop" and 'go'`,
  'back`tick` and ${process.exit(1)} and ${`nested`}',
  'ends */ a comment /* and // not a line comment',
  '</script><script>alert(1)</script><!-- -->',
  'line\u2028separator\u2029paragraph',
  'back\\slash \\u0041 \\n not an escape',
  'tab\tnew\nline\r\nreturn',
  '会话服务端异常：请稍后重试。',
  'Ошибка сеанса — κλειδί — خطأ — 🚫 — \u{1F468}\u200D\u{1F469}',
  '@param not a tag\n@system not a tag either',
  'lone surrogate \uD800 kept',
  '',
];
