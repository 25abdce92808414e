// Where the command runs from and where its cache lives: the two places a package manager and an
// installation layout decide, not the user's command line.
import { accessSync, constants, existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This package's folder (`tools/cli` in a checkout, `node_modules/@errcat/cli` when installed). */
const cliPackageDir = fileURLToPath(new URL('..', import.meta.url));

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * The folder the user typed the command in. Relative paths on the command line are taken from it.
 *
 * `pnpm errcat …` and `npm run errcat -- …` (also with `-C <errcat checkout>`) run errcat's own
 * `errcat` script in errcat's root and pass the user's folder as INIT_CWD. That is trusted only
 * when all of it holds: the script running is `errcat`, its package.json is the folder we run in,
 * and that package holds this CLI in its own tree (not under node_modules, which would make it
 * another project's script, whose paths are its package root's as npm documents). A stray
 * INIT_CWD in a shell, or one inherited by a direct `errcat` call, changes nothing.
 * @param env Environment variables.
 * @param processCwd The process's working folder.
 */
export function userCwd(env: Readonly<Record<string, string | undefined>>, processCwd: string): string {
  const initCwd = env['INIT_CWD'];
  const packageJson = env['npm_package_json'];
  if (env['npm_lifecycle_event'] !== 'errcat' || !initCwd || !isAbsolute(initCwd) || !packageJson) return processCwd;
  const scriptRoot = real(dirname(packageJson));
  if (scriptRoot !== real(processCwd)) return processCwd;
  const inside = relative(scriptRoot, real(cliPackageDir));
  if (inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('node_modules')) return processCwd;
  return statSync(initCwd, { throwIfNoEntry: false })?.isDirectory() ? initCwd : processCwd;
}

/**
 * Where `errcat build` keeps its cache unless `--cache DIR` says: `$ERRCAT_CACHE_DIR`; else
 * `node_modules/.cache/errcat` of errcat's own installation (the outermost `node_modules` it is
 * installed under, or the one of the checkout it runs from), as tools that keep caches in
 * node_modules do; else, when that is not writable (a global install), the platform's cache
 * folder (`$XDG_CACHE_HOME/errcat`, `~/.cache/errcat`, `~/Library/Caches/errcat`,
 * `%LOCALAPPDATA%\errcat\Cache`). Never inside the docs folder the build reads.
 * @param env Environment variables.
 */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = env['ERRCAT_CACHE_DIR'];
  if (fromEnv) return fromEnv;
  const installed = installationNodeModules();
  if (installed && writable(installed)) return join(installed, '.cache', 'errcat');
  return platformCacheDir(env);
}

function installationNodeModules(): string | undefined {
  const segments = cliPackageDir.split(sep);
  const first = segments.indexOf('node_modules');
  if (first > 0) return segments.slice(0, first + 1).join(sep);
  // A checkout: the node_modules of the nearest folder above this package that has one.
  for (let dir = dirname(cliPackageDir); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules');
  }
  return undefined;
}

function writable(dir: string): boolean {
  try {
    mkdirSync(join(dir, '.cache'), { recursive: true });
    accessSync(join(dir, '.cache'), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function platformCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  if (process.platform === 'win32') return join(env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local'), 'errcat', 'Cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'errcat');
  const xdg = env['XDG_CACHE_HOME'];
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'errcat');
}
