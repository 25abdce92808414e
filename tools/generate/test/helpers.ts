import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratedFile } from '../src/index.js';

/**
 * Write generated files under a fresh folder in the system temp dir, and link every package into
 * its `node_modules/` by name, so the packages resolve each other (and a script in the folder
 * resolves them) as installed packages do.
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
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const manifest = join(root, entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifest)) continue;
    const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string };
    const link = join(root, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(root, entry.name), link, 'dir');
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

const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));

/**
 * Type-check files with the workspace TypeScript, strict, declarations included.
 * @param dir Folder of the files (a tsconfig is written there).
 * @param options Compiler options on top of the strict ones (module and resolution, say).
 * @param files Files to check, relative to `dir`.
 * @param name Name of the tsconfig file to write.
 */
export function typeCheck(dir: string, options: Record<string, unknown>, files: readonly string[], name = 'tsconfig.json'): { status: number; output: string } {
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: 'ES2022',
    types: [],
    skipLibCheck: false,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    ...options,
  };
  writeFileSync(join(dir, name), JSON.stringify({ compilerOptions, files }));
  const run = spawnSync(process.execPath, [tsc, '-p', join(dir, name), '--pretty', 'false'], { encoding: 'utf8' });
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

/** The environment for tools whose text the tests read: colour off even when the test run forces it. */
export const plainEnv: NodeJS.ProcessEnv = (() => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  return env;
})();
