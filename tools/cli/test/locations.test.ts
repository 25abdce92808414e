// Relative paths are the user's, under `pnpm errcat` and `pnpm -C <errcat>` too; the cache is
// errcat's, never in the docs checkout.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultCacheDir, userCwd } from '../src/locations.js';
import { avsessionPage, removeTempDirs, repoRoot, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const root = realpathSync(repoRoot);
const bin = join(root, 'tools/cli/bin/errcat.js');
/** What pnpm sets when it runs errcat's own `errcat` script for a user in `folder`. */
const underPnpmScript = (folder: string, script = 'errcat') => ({
  INIT_CWD: folder,
  npm_lifecycle_event: script,
  npm_package_json: join(root, 'package.json'),
  npm_execpath: '/somewhere/pnpm.cjs',
});

/** Every path under a folder, sorted. */
function tree(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? [`${path}/`, ...tree(dir, path)] : [path];
  });
}

describe('userCwd', () => {
  it("takes INIT_CWD under errcat's own errcat script, run in errcat's root", () => {
    const user = tempDir();
    expect(userCwd(underPnpmScript(user), root)).toBe(user);
  });

  it('ignores INIT_CWD everywhere else', () => {
    const user = tempDir();
    // A stray INIT_CWD in the shell of a direct `errcat` call.
    expect(userCwd({ INIT_CWD: user }, '/work/here')).toBe('/work/here');
    // Another of errcat's scripts (`pnpm generate`) keeps its paths the root's.
    expect(userCwd(underPnpmScript(user, 'generate'), root)).toBe(root);
    // A script of another package (errcat installed under its node_modules): npm's rule, its root.
    const other = tempDir();
    expect(userCwd({ ...underPnpmScript(user), npm_package_json: join(other, 'package.json') }, other)).toBe(other);
    // Not run in the script's package folder, a relative or a missing INIT_CWD.
    expect(userCwd(underPnpmScript(user), other)).toBe(other);
    expect(userCwd(underPnpmScript('docs'), root)).toBe(root);
    expect(userCwd(underPnpmScript(join(user, 'missing')), root)).toBe(root);
  });
});

describe('defaultCacheDir', () => {
  it("is ERRCAT_CACHE_DIR, else node_modules/.cache/errcat of errcat's checkout", () => {
    expect(defaultCacheDir({ ERRCAT_CACHE_DIR: '/var/cache/errcat' })).toBe('/var/cache/errcat');
    expect(defaultCacheDir({})).toBe(join(root, 'node_modules', '.cache', 'errcat'));
  });
});

describe('errcat run from a docs checkout elsewhere', () => {
  /** A docs checkout shaped like openharmony/docs. */
  function docsCheckout(): string {
    const docs = realpathSync(tempDir({
      'en/application-dev/reference/apis-avsession-kit/errorcode-avsession.md': avsessionPage,
      'README.md': '# docs\n',
    }));
    return docs;
  }

  it('pnpm -C <errcat> errcat build --docs . builds the folder the user is in, and leaves only its output there', () => {
    const docs = docsCheckout();
    const run = spawnSync('sh', [join(root, 'scripts/with-pnpm.sh'), 'pnpm', '--silent', '-C', root, 'errcat', 'build', '--docs', '.', '--out', 'out'], {
      cwd: docs,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^errcat build: 1 module, 64 codes \(62 public, 2 system\), 1 locale \(en\); \d+ written/);
    const created = tree(docs).filter((path) => !/\/./.test(path));
    // The pages, the output asked for and the committed name map; no node_modules, no cache.
    expect(created).toEqual(['README.md', 'en/', 'errcat.names.json', 'out/']);
    expect(existsSync(join(docs, 'out/error-catalogue/catalogue.json'))).toBe(true);
    expect(existsSync(join(root, 'node_modules/.cache/errcat'))).toBe(true);
  });

  it('takes relative paths from the folder the command was typed in', () => {
    const docs = docsCheckout();
    mkdirSync(join(docs, 'en/application-dev/nested'));
    const page = '../reference/apis-avsession-kit/errorcode-avsession.md';
    const pnpm = spawnSync('sh', [join(root, 'scripts/with-pnpm.sh'), 'pnpm', '--silent', '-C', root, 'errcat', 'diff', page, page, '--fail-on', 'info'], {
      cwd: join(docs, 'en/application-dev/nested'),
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    expect(pnpm.stderr).toBe('');
    // Shown in full: the page is outside the folder the command was typed in.
    const absolute = join(docs, 'en/application-dev/reference/apis-avsession-kit/errorcode-avsession.md');
    expect(pnpm.stdout).toMatch(new RegExp(`^errcat diff: ${absolute} \\(64 codes in 1 module\\) → ${absolute} \\(64 codes in 1 module\\)\nno changes\n`));
    expect(pnpm.status).toBe(0);
    // A stray INIT_CWD does not move a direct call.
    const direct = spawnSync(process.execPath, [bin, 'check', 'en'], { cwd: docs, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', INIT_CWD: root } });
    expect(direct.status).toBe(0);
    expect(direct.stdout).toMatch(/^1 page, 1 module, 64 codes checked(: no problems)?$/m);
    // An explicit --cache still decides.
    const cached = spawnSync(process.execPath, [bin, 'build', '--docs', '.', '--out', 'out', '--cache', 'my-cache'], { cwd: docs, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(cached.status).toBe(0);
    expect(readdirSync(join(docs, 'my-cache')).sort()).toEqual(expect.arrayContaining(['parse']));
  });
});
