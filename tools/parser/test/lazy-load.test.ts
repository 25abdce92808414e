import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Every worker loads the parser before its first page: what it loads up front is paid for on every
// build. The GFM table reader (remark and micromark's table extension) is loaded the first time a
// table needs it, and the schema package's validators not at all. In a process of its own, a module
// hook records every ES module the compiled parser imports, and the CommonJS loader's cache holds
// those it loads with `require` (which the hook does not see).

const parserEntry = pathToFileURL(fileURLToPath(new URL('../dist/index.js', import.meta.url))).href;
const dir = mkdtempSync(join(tmpdir(), 'errcat-parser-loads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hooks = join(dir, 'hooks.mjs');
writeFileSync(
  hooks,
  [
    "import { appendFileSync } from 'node:fs';",
    'export async function load(url, context, nextLoad) {',
    "  appendFileSync(process.env.ERRCAT_LOADED_LIST, url + '\\n');",
    '  return nextLoad(url, context);',
    '}',
    '',
  ].join('\n'),
);
const register = join(dir, 'register.mjs');
writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);

/** The ES modules loaded by importing the parser and parsing `page`. */
function loadsOf(page: string): string[] {
  const list = join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(list, '');
  const script = [
    "import { createRequire } from 'node:module';",
    `const { parse } = await import(${JSON.stringify(parserEntry)});`,
    `parse(${JSON.stringify(page)}, { path: 'en/errorcode-probe.md' });`,
    'console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, ERRCAT_LOADED_LIST: list },
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const required = (JSON.parse(run.stdout) as string[]).map((file) => pathToFileURL(file).href);
  return [...readFileSync(list, 'utf8').split('\n').filter(Boolean), ...required];
}

const gfmReader = /\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(?:unified|remark-parse|mdast-util-gfm-table|micromark-extension-gfm-table)\//;
const validators = /\/schema\/(?:generated\/validators|dist\/validate)\.js$/;

const plainPage = ['# Probe', '', '## 1001 Plain', '', '**Error Message**', '', 'Nothing to see.', ''].join('\n');
// Emphasis that runs across a `|`: only the GFM table extension reads these cells.
const crossingTable = ['# Probe', '', '| Code | Message |', '| --- | --- |', '| 1001 | Has *emphasis | across* a pipe |', ''].join('\n');

describe('the compiled parser', () => {
  it('loads micromark but not the GFM table reader or the schema validators for a page without such a table', () => {
    const loaded = loadsOf(plainPage);
    // The hook saw the parser's own modules (the check works).
    expect(loaded.some((url) => /\/micromark\/(?:dev\/)?index\.js$/.test(url) || /\/micromark\/lib\//.test(url))).toBe(true);
    expect(loaded.filter((url) => gfmReader.test(url))).toEqual([]);
    expect(loaded.filter((url) => validators.test(url))).toEqual([]);
  });

  it('loads the GFM table reader when a table needs it', () => {
    const loaded = loadsOf(crossingTable);
    expect(loaded.some((url) => /\/remark-parse\//.test(url))).toBe(true);
    expect(loaded.some((url) => /\/micromark-extension-gfm-table\//.test(url))).toBe(true);
  });
});
