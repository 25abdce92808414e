import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveInside } from '../src/paths.js';
import { pathExchange, type ExchangePaths } from '../src/exchange.js';
import { recordFiles } from '../src/output-index.js';
import { closeStagingArea, commitFiles, openStagingArea, planFiles, recoverInterruptedCommit, stagedPath, writeFileAtomic } from '../src/write.js';
import { ErrcatError } from '../src/errors.js';
import { removeTempDirs, snapshot, tempDir, writeFile } from '../../testing/files.js';

afterAll(removeTempDirs);

describe('resolveInside (the path-escape guard)', () => {
  const root = join(tempDir(), 'packages');

  it('resolves plain relative paths inside the root', () => {
    expect(resolveInside(root, 'avsession/src/index.ts')).toBe(join(root, 'avsession', 'src', 'index.ts'));
  });

  it.each([
    ['../../etc/passwd', 'leaves'],
    ['avsession/../../etc', 'leaves'],
    ['..', 'leaves'],
    ['/etc/passwd', 'absolute'],
    ['C:/Windows/win.ini', 'absolute'],
    ['a\\..\\..\\b', 'not a plain relative path'],
    ['', 'not a plain relative path'],
    ['a//b', 'empty or "." segment'],
    ['./a', 'empty or "." segment'],
    ['a\0b', 'not a plain relative path'],
  ])('refuses %j (%s)', (path, why) => {
    expect(() => resolveInside(root, path)).toThrow(why);
  });

  it('refuses a path through a folder that links outside the root', () => {
    const outside = tempDir();
    const linked = join(tempDir(), 'out');
    mkdirSync(linked);
    symlinkSync(outside, join(linked, 'module'));
    expect(() => resolveInside(linked, 'module/index.ts')).toThrow('links outside');
  });

  it('lets planFiles refuse the whole plan, so nothing is written', () => {
    const out = tempDir();
    expect(() =>
      planFiles(
        [
          { root: out, path: 'ok/index.ts', content: 'x' },
          { root: out, path: '../../etc/x', content: 'y' },
        ],
        out,
      ),
    ).toThrow("refusing to write '../../etc/x'");
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('planFiles and commitFiles', () => {
  it('writes missing and stale files, keeps unchanged ones and their mtime', async () => {
    const out = tempDir({ 'same.txt': 'same\n', 'old.txt': 'old\n' });
    const files = [
      { root: out, path: 'same.txt', content: 'same\n' },
      { root: out, path: 'old.txt', content: 'new\n' },
      { root: out, path: 'deep/new.txt', content: 'fresh\r\n' },
    ];
    const before = snapshot(out);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const plan = planFiles(files, out);
    expect(plan.map((file) => [file.shown, file.state])).toEqual([
      ['same.txt', 'unchanged'],
      ['old.txt', 'stale'],
      ['deep/new.txt', 'missing'],
    ]);
    const result = commitFiles(plan);
    expect(result.written.map((file) => file.path)).toEqual(['old.txt', 'deep/new.txt']);
    expect(result.unchanged.map((file) => file.path)).toEqual(['same.txt']);
    const after = snapshot(out);
    expect(after.get('same.txt')!.mtimeMs).toBe(before.get('same.txt')!.mtimeMs);
    expect(readFileSync(join(out, 'old.txt'), 'utf8')).toBe('new\n');
    // Line endings are normalised to LF.
    expect(readFileSync(join(out, 'deep/new.txt'), 'utf8')).toBe('fresh\n');
    // The staging folder beside the root is gone.
    expect(readdirSync(dirname(out)).filter((name) => name.startsWith('.errcat-staging-'))).toEqual([]);
    expect(planFiles(files, out).every((file) => file.state === 'unchanged')).toBe(true);
  });

  it('changes nothing when one destination cannot be written', () => {
    const out = tempDir({ 'a.txt': 'a\n', 'blocked': 'a file where a folder must go\n' });
    const before = snapshot(out);
    const plan = planFiles(
      [
        { root: out, path: 'a.txt', content: 'changed\n' },
        { root: out, path: 'blocked/b.txt', content: 'b\n' },
      ],
      out,
    );
    expect(() => commitFiles(plan)).toThrow('cannot write blocked/b.txt');
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(dirname(out)).filter((name) => name.startsWith('.errcat-staging-'))).toEqual([]);
  });

  it('removes files it is told to, and the folders they leave empty, but never the root', () => {
    const out = tempDir({ 'gone/deep/a.txt': 'a', 'kept/b.txt': 'b' });
    const result = commitFiles(planFiles([{ root: out, path: 'kept/b.txt', content: 'b' }], out), [
      { root: out, target: join(out, 'gone/deep/a.txt'), shown: 'gone/deep/a.txt' },
    ]);
    expect(result.removed.map((file) => file.shown)).toEqual(['gone/deep/a.txt']);
    expect(readdirSync(out)).toEqual(['kept']);
    const lone = tempDir({ 'only.txt': 'x' });
    commitFiles([], [{ root: lone, target: join(lone, 'only.txt'), shown: 'only.txt' }]);
    expect(readdirSync(lone)).toEqual([]);
  });

  it('refuses two outputs for one file', () => {
    const out = tempDir();
    expect(() =>
      planFiles(
        [
          { root: out, path: 'a/x.json', content: '1' },
          { root: out, path: 'a/x.json', content: '2' },
        ],
        out,
      ),
    ).toThrow('two outputs want the same file: a/x.json');
  });

  it('removes staging folders that dead builds left behind', () => {
    const parent = tempDir();
    const out = join(parent, 'packages');
    // A pid far above any real one stands for a build that was killed.
    const dead = join(parent, '.errcat-staging-packages-999999999-abc');
    writeFile(join(dead, 'half.txt'), 'half');
    commitFiles(planFiles([{ root: out, path: 'x.txt', content: 'x\n' }], parent));
    expect(readdirSync(parent).sort()).toEqual(['packages']);
    writeFileSync(join(out, 'x.txt'), 'x\n');
  });
});

describe('writeFileAtomic', () => {
  it('fails with one line when a file is where its folder should be', () => {
    const dir = tempDir({ blocked: 'a file\n' });
    expect(() => writeFileAtomic(join(dir, 'blocked/out.md'), 'x\n', 'blocked/out.md')).toThrow(
      new ErrcatError('cannot write blocked/out.md: a file is in the way of a folder', 3),
    );
    expect(readdirSync(dir)).toEqual(['blocked']);
  });
});

describe('planFiles with the index of the last build', () => {
  it('trusts a file whose stats are as recorded, and reads any other', async () => {
    const out = tempDir({ 'a.txt': 'aaa\n', 'b.txt': 'bbb\n', 'c.txt': 'ccc\n' });
    const files = ['a.txt', 'b.txt', 'c.txt'].map((path) => ({ root: out, path, content: `${path[0]!.repeat(3)}\n` }));
    const recorded = recordFiles(planFiles(files, out));
    // The index vouches only for changes older than itself.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const index = { files: recorded, recordedAt: Date.now() };
    // A record whose hash is not the file's: trusted, so the file is taken as what the record says.
    index.files[join(out, 'a.txt')]!.hash = 'not the hash of a.txt';
    // b.txt changes with its size and mtime kept: its ctime and the index say so, so it is read.
    const b = statSync(join(out, 'b.txt'));
    writeFileSync(join(out, 'b.txt'), 'BBB\n');
    utimesSync(join(out, 'b.txt'), b.atime, b.mtime);
    const plan = planFiles(files, out, index);
    expect(plan.map((file) => [file.path, file.state])).toEqual([
      ['a.txt', 'stale'],
      ['b.txt', 'stale'],
      ['c.txt', 'unchanged'],
    ]);
    // A file changed as late as the index itself is read, however its stats look.
    const racy = { files: recordFiles(planFiles(files, out)), recordedAt: 0 };
    const c = racy.files[join(out, 'c.txt')]!;
    racy.recordedAt = Math.max(c.mtimeMs, c.ctimeMs);
    c.hash = 'not the hash of c.txt';
    expect(planFiles(files, out, racy).find((file) => file.path === 'c.txt')!.state).toBe('unchanged');
    // A recorded file that is gone is missing.
    rmSync(join(out, 'c.txt'));
    expect(planFiles(files, out, index).find((file) => file.path === 'c.txt')!.state).toBe('missing');
  });
});

describe('a commit interrupted in its rename pass', () => {
  it('is finished by recoverInterruptedCommit: the journal is replayed, files still staged are moved, removals made', () => {
    const base = tempDir();
    const root = join(base, 'packages');
    writeFile(join(root, 'a.txt'), 'old a\n');
    writeFile(join(root, 'b.txt'), 'old b\n');
    writeFile(join(root, 'gone.txt'), 'to remove\n');
    writeFile(join(root, 'manifest.json'), 'old manifest\n');
    const staging = join(base, '.errcat-staging-packages-999999-x');
    for (const name of ['a.txt', 'b.txt', 'manifest.json']) writeFile(join(staging, name), `new ${name}\n`);
    const journal = {
      renames: [
        { from: join(staging, 'a.txt'), to: join(root, 'a.txt'), last: false },
        { from: join(staging, 'b.txt'), to: join(root, 'b.txt'), last: false },
        { from: join(staging, 'manifest.json'), to: join(root, 'manifest.json'), last: true },
      ],
      removals: [{ root, target: join(root, 'gone.txt') }],
    };
    writeFileSync(join(base, '.errcat-journal-packages.json'), JSON.stringify(journal));
    // The kill came after the first rename: a.txt is new, b.txt still old.
    renameSync(join(staging, 'a.txt'), join(root, 'a.txt'));
    expect(readFileSync(join(root, 'b.txt'), 'utf8')).toBe('old b\n');

    expect(recoverInterruptedCommit(root)).toBe(true);
    expect(readdirSync(root).sort()).toEqual(['a.txt', 'b.txt', 'manifest.json']);
    for (const name of ['a.txt', 'b.txt', 'manifest.json']) expect(readFileSync(join(root, name), 'utf8')).toBe(`new ${name}\n`);
    expect(existsSync(join(base, '.errcat-journal-packages.json'))).toBe(false);
    expect(recoverInterruptedCommit(root)).toBe(false);
  });

  it('also removes the staging folders a killed build left beside the root, even if nothing is written there again', () => {
    const base = tempDir({ 'docs/errcat.names.json': '{}\n' });
    // A pid far above any real one stands for a build that was killed.
    writeFile(join(base, '.errcat-staging-docs-999999999-abc/errcat.names.json'), '{"half": true}\n');
    writeFile(join(base, `.errcat-staging-docs-${process.pid}-live/errcat.names.json`), '{}\n');
    expect(recoverInterruptedCommit(join(base, 'docs'))).toBe(false);
    expect(readdirSync(base).sort()).toEqual([`.errcat-staging-docs-${process.pid}-live`, 'docs']);
  });

  it('leaves no journal behind after a commit that completes', () => {
    const base = tempDir();
    const root = join(base, 'out');
    commitFiles(planFiles([{ root, path: 'x.txt', content: 'x\n' }, { root, path: 'm.json', content: '{}\n', last: true }], base));
    expect(readdirSync(base)).toEqual(['out']);
    expect(recoverInterruptedCommit(root)).toBe(false);
  });
});

describe('pathExchange', () => {
  it.runIf(process.platform === 'linux')('swaps two folders in one call on Linux', () => {
    const base = tempDir({ 'a/one.txt': 'a\n', 'b/two.txt': 'b\n' });
    const exchange = pathExchange();
    expect(exchange).toBeDefined();
    exchange!(join(base, 'a'), join(base, 'b'));
    expect(readdirSync(join(base, 'a'))).toEqual(['two.txt']);
    expect(readdirSync(join(base, 'b'))).toEqual(['one.txt']);
    expect(() => exchange!(join(base, 'a'), join(base, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});

describe('commitFiles with a swap root', () => {
  /** An output folder as a build leaves it, with files errcat does not own beside its own. */
  function outputRoot(): { base: string; root: string } {
    const base = tempDir({
      'packages/mod/same.txt': 'same\n',
      'packages/mod/old.txt': 'old\n',
      'packages/mod/CHANGELOG.md': '# not ours\n',
      'packages/gone/deep/orphan.txt': 'orphan\n',
      'packages/manifest.json': 'old manifest\n',
    });
    const root = join(base, 'packages');
    mkdirSync(join(root, 'empty-but-kept'));
    symlinkSync('../mod/CHANGELOG.md', join(root, 'gone', 'link-to-changelog'));
    chmodSync(root, 0o755);
    return { base, root };
  }

  function commitOutput(root: string, base: string, exchange?: ExchangePaths | null) {
    const plan = planFiles(
      [
        { root, path: 'mod/same.txt', content: 'same\n' },
        { root, path: 'mod/old.txt', content: 'new\n' },
        { root, path: 'mod/lib/fresh.txt', content: 'fresh\n' },
        { root, path: 'manifest.json', content: 'new manifest\n', last: true },
      ],
      base,
    );
    const remove = [{ root, target: join(root, 'gone/deep/orphan.txt'), shown: 'packages/gone/deep/orphan.txt' }];
    return commitFiles(plan, remove, { swapRoots: [root], ...(exchange !== undefined && { exchange }) });
  }

  const expectNewTree = (root: string) => {
    const files = snapshot(root);
    expect([...files.keys()].sort()).toEqual(['gone/link-to-changelog', 'manifest.json', 'mod/CHANGELOG.md', 'mod/lib/fresh.txt', 'mod/old.txt', 'mod/same.txt']);
    const text = (path: string) => readFileSync(join(root, path), 'utf8');
    expect(text('mod/old.txt')).toBe('new\n');
    expect(text('manifest.json')).toBe('new manifest\n');
    expect(text('mod/CHANGELOG.md')).toBe('# not ours\n');
    expect(readlinkSync(join(root, 'gone/link-to-changelog'))).toBe('../mod/CHANGELOG.md');
    expect(existsSync(join(root, 'gone/deep'))).toBe(false);
    expect(statSync(join(root, 'empty-but-kept')).isDirectory()).toBe(true);
    expect(readdirSync(dirname(root)).filter((name) => name.startsWith('.errcat-'))).toEqual([]);
  };

  it.runIf(process.platform === 'linux')('swaps in new versions of the changed folders only, keeping foreign files, links and empty folders, and unchanged files as they were', () => {
    const { base, root } = outputRoot();
    chmodSync(join(root, 'mod'), 0o750);
    const rootBefore = statSync(root);
    const modBefore = statSync(join(root, 'mod'));
    const same = statSync(join(root, 'mod/same.txt'));
    const result = commitOutput(root, base);
    expect(result.written.map((file) => file.path)).toEqual(['mod/old.txt', 'mod/lib/fresh.txt', 'manifest.json']);
    expect(result.removed.map((file) => file.shown)).toEqual(['packages/gone/deep/orphan.txt']);
    expectNewTree(root);
    // The root stays; the changed folder was swapped with its new version, which kept its mode.
    expect(statSync(root).ino).toBe(rootBefore.ino);
    expect(statSync(join(root, 'mod')).ino).not.toBe(modBefore.ino);
    expect(statSync(join(root, 'mod')).mode & 0o777).toBe(0o750);
    // The unchanged file is the same file (hard-linked), so its mtime is kept.
    expect(statSync(join(root, 'mod/same.txt')).ino).toBe(same.ino);
    expect(statSync(join(root, 'mod/same.txt')).mtimeMs).toBe(same.mtimeMs);
  });

  it.runIf(process.platform === 'linux')('leaves a folder without a change untouched', () => {
    const { base, root } = outputRoot();
    writeFile(join(root, 'untouched/index.js'), 'untouched\n');
    const untouched = statSync(join(root, 'untouched'));
    const file = statSync(join(root, 'untouched/index.js'));
    const plan = planFiles([{ root, path: 'untouched/index.js', content: 'untouched\n' }, { root, path: 'mod/old.txt', content: 'newer\n' }], base);
    commitFiles(plan, [], { swapRoots: [root] });
    expect(statSync(join(root, 'untouched')).ino).toBe(untouched.ino);
    expect(statSync(join(root, 'untouched/index.js'))).toMatchObject({ ino: file.ino, ctimeMs: file.ctimeMs, mtimeMs: file.mtimeMs });
    expect(readFileSync(join(root, 'mod/old.txt'), 'utf8')).toBe('newer\n');
  });

  it.runIf(process.platform === 'linux')('replaces the folder a linked root points to, and keeps the link', () => {
    const { base, root } = outputRoot();
    const linked = join(base, 'linked');
    symlinkSync(root, linked);
    const plan = planFiles([{ root: linked, path: 'mod/old.txt', content: 'through the link\n' }], base);
    commitFiles(plan, [], { swapRoots: [linked] });
    expect(lstatSync(linked).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, 'mod/old.txt'), 'utf8')).toBe('through the link\n');
    expect(readFileSync(join(root, 'mod/CHANGELOG.md'), 'utf8')).toBe('# not ours\n');
  });

  it('moves file by file when the file system cannot exchange, with the same result', () => {
    const { base, root } = outputRoot();
    const refuse: ExchangePaths = () => {
      throw Object.assign(new Error('EINVAL: cannot exchange'), { code: 'EINVAL' });
    };
    commitOutput(root, base, refuse);
    expectNewTree(root);
  });

  it('moves file by file where there is no exchange at all', () => {
    const { base, root } = outputRoot();
    commitOutput(root, base, null);
    expectNewTree(root);
  });

  it('leaves the root as it was when the exchange fails for another reason', () => {
    const { base, root } = outputRoot();
    const before = snapshot(root);
    const deny: ExchangePaths = () => {
      throw Object.assign(new Error('EACCES: cannot exchange'), { code: 'EACCES' });
    };
    expect(() => commitOutput(root, base, deny)).toThrow('cannot replace packages/mod: permission denied');
    expect(snapshot(root)).toEqual(before);
    expect(readdirSync(base).filter((name) => name.startsWith('.errcat-'))).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('undoes the swaps already made when a later one fails, leaving the root as it was', () => {
    const { base, root } = outputRoot();
    const before = snapshot(root);
    const real = pathExchange()!;
    let calls = 0;
    const failSecond: ExchangePaths = (first, second) => {
      calls += 1;
      if (calls === 2) throw Object.assign(new Error('EIO: cannot exchange'), { code: 'EIO' });
      real(first, second);
    };
    expect(() => commitOutput(root, base, failSecond)).toThrow(/^cannot replace packages\/gone: EIO: cannot exchange$/);
    // The first swap (mod) was made, then undone with a third call.
    expect(calls).toBe(3);
    expect(snapshot(root)).toEqual(before);
    expect(readdirSync(base).filter((name) => name.startsWith('.errcat-'))).toEqual([]);
  });

  it('leaves the root as it was when staging fails', () => {
    const { base, root } = outputRoot();
    const before = snapshot(root);
    const plan = planFiles([{ root, path: 'mod/same.txt/inside.txt', content: 'x\n' }], base);
    expect(() => commitFiles(plan, [], { swapRoots: [root] })).toThrow('cannot write packages/mod/same.txt/inside.txt: a file is in the way of a folder');
    expect(snapshot(root)).toEqual(before);
    expect(readdirSync(base).filter((name) => name.startsWith('.errcat-'))).toEqual([]);
  });
});

describe('folders written ahead into a staging area', () => {
  const staging = (base: string) => readdirSync(base).filter((name) => name.startsWith('.errcat-'));

  it('needs only the root\'s parent, and creates neither the root nor anything when closed', () => {
    const base = tempDir({});
    expect(openStagingArea(join(base, 'no', 'packages'))).toBeUndefined();
    const area = openStagingArea(join(base, 'packages'))!;
    expect(existsSync(join(base, 'packages'))).toBe(false);
    expect(staging(base)).toHaveLength(1);
    closeStagingArea(area);
    closeStagingArea(area);
    expect(readdirSync(base)).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('moves a folder written ahead into place as it is, and stages one that has appeared since as any other', () => {
    const base = tempDir({ 'packages/old/a.txt': 'old\n' });
    const root = join(base, 'packages');
    const area = openStagingArea(root)!;
    const wanted = [
      { root, path: 'fresh/lib/a.txt', content: 'fresh\n' },
      { root, path: 'late/a.txt', content: 'late\n' },
      { root, path: 'old/a.txt', content: 'new\n' },
    ];
    for (const file of wanted.slice(0, 2)) writeFile(stagedPath(area, file.path), file.content);
    area.folders.add('fresh').add('late');
    const aheadIno = lstatSync(stagedPath(area, 'fresh/lib/a.txt')).ino;
    // Another program makes one of the folders before the commit.
    writeFile(join(root, 'late/other.txt'), 'not ours\n');
    commitFiles(planFiles(wanted, base), [], { swapRoots: [root], staged: area });
    expect(lstatSync(join(root, 'fresh/lib/a.txt')).ino).toBe(aheadIno);
    expect(Object.fromEntries([...snapshot(root)].map(([path, file]) => [path, Buffer.from(file.bytes, 'base64').toString()]))).toEqual({ 'fresh/lib/a.txt': 'fresh\n', 'late/a.txt': 'late\n', 'late/other.txt': 'not ours\n', 'old/a.txt': 'new\n' });
    expect(staging(base)).toEqual([]);
  });
});
