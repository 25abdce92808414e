import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './docs.js';
import { removeDir } from './helpers.js';

// `errcat build` prints the final code itself: neither the TypeScript compiler nor ts-morph (which
// bundles it) may be loaded on the build path. Both are CommonJS, so a hook on CommonJS loading
// sees them whether they are required or imported.

const dir = mkdtempSync(join(tmpdir(), 'errcat-no-compiler-'));
afterAll(() => removeDir(dir));

const hook = join(dir, 'record-loads.cjs');
writeFileSync(
  hook,
  [
    "const Module = require('node:module');",
    "const { writeFileSync } = require('node:fs');",
    'const loaded = [];',
    "const load = Module._extensions['.js'];",
    "Module._extensions['.js'] = function (module, filename) { loaded.push(filename); return load.call(this, module, filename); };",
    "process.on('exit', () => writeFileSync(process.env.ERRCAT_LOADED_LIST, loaded.join('\\n')));",
    '',
  ].join('\n'),
);

/** Run node with the hook; returns its exit status and the CommonJS files it loaded. */
function loadsOf(args: string[], cwd: string): { status: number | null; stderr: string; loaded: string[] } {
  const list = join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  const run = spawnSync(process.execPath, ['--require', hook, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ERRCAT_LOADED_LIST: list } });
  return { status: run.status, stderr: run.stderr, loaded: readFileSync(list, 'utf8').split('\n').filter(Boolean) };
}

const compiler = /[\\/](typescript|ts-morph|@ts-morph)[\\/]|[\\/]typescript\.js$/;

describe('errcat build', () => {
  it('sees the compiler when something loads it (the check works)', () => {
    const probe = loadsOf(['--input-type=module', '-e', "await import('typescript');"], repoRoot);
    expect(probe.status).toBe(0);
    expect(probe.loaded.some((file) => compiler.test(file))).toBe(true);
  });

  it('never loads the TypeScript compiler or ts-morph', () => {
    const project = join(dir, 'project');
    cpSync(join(repoRoot, 'docs-source'), join(project, 'docs'), { recursive: true });
    const build = loadsOf([join(repoRoot, 'tools/cli/bin/errcat.js'), 'build', '--docs', 'docs', '--out', 'packages', '--no-cache', '--jobs', '1'], project);
    expect(build.stderr).not.toMatch(/ {2}error {2}/);
    expect(build.status).toBe(0);
    expect(readFileSync(join(project, 'packages/avsession/lib/public/index.d.cts'), 'utf8')).toContain('export declare enum AVSessionErrorCode {');
    // The hook did see the build's own CommonJS dependencies.
    expect(build.loaded.length).toBeGreaterThan(0);
    expect(build.loaded.filter((file) => compiler.test(file))).toEqual([]);
  }, 120_000);
});
