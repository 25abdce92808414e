// The TypeScript compiler, loaded on first use: reading the SDK from the cache never loads it,
// and in worker threads the main thread does not. Loaded as CommonJS, because importing it as
// an ES module costs over a second of export detection, and compiled with a V8 code cache kept
// in errcat's compile-cache folder, as Node 22's module.enableCompileCache() does for every
// module: compiling its 9 MB costs a quarter of a second each time otherwise.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import type * as TS from 'typescript';

let loaded: typeof TS | undefined;

/** The `typescript` module. */
export function typescript(): typeof TS {
  return (loaded ??= load());
}

/**
 * Where compiled code is kept: `$ERRCAT_COMPILE_CACHE`, else `errcat-compile-cache` in the
 * system's temporary folder; `ERRCAT_COMPILE_CACHE=off` turns it off.
 */
function compileCacheDir(): string | undefined {
  const setting = process.env['ERRCAT_COMPILE_CACHE'];
  if (setting === 'off' || setting === '0') return undefined;
  return setting || join(tmpdir(), 'errcat-compile-cache');
}

function load(): typeof TS {
  const require = createRequire(import.meta.url);
  const path = require.resolve('typescript');
  const dir = compileCacheDir();
  if (dir === undefined) return require('typescript') as typeof TS;
  try {
    const source = readFileSync(path, 'utf8');
    const { size, mtimeMs } = statSync(path);
    const key = createHash('sha256').update(`${process.version}\0${path}\0${size}\0${mtimeMs}`).digest('hex').slice(0, 16);
    const cacheFile = join(dir, `typescript-${key}.bin`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    // The module wrapper CommonJS gives every file, so the compiler runs as it does under require.
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: path, ...(cachedData && { cachedData }) });
    const module = { exports: {} as typeof TS };
    (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(path), module, path, join(path, '..'));
    if (cachedData === undefined || script.cachedDataRejected) writeQuietly(dir, cacheFile, script.createCachedData());
    return module.exports;
  } catch {
    // A compile cache is a saving, never a failure.
    return require('typescript') as typeof TS;
  }
}

function writeQuietly(dir: string, file: string, data: Buffer): void {
  const staged = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(staged, data);
    renameSync(staged, file);
  } catch {
    rmSync(staged, { force: true });
  }
}
