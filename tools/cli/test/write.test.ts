import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveInside } from '../src/paths.js';
import { commitFiles, planFiles, recoverInterruptedCommit } from '../src/write.js';
import { removeTempDirs, snapshot, tempDir, writeFile } from './helpers.js';

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

  it('leaves no journal behind after a commit that completes', () => {
    const base = tempDir();
    const root = join(base, 'out');
    commitFiles(planFiles([{ root, path: 'x.txt', content: 'x\n' }, { root, path: 'm.json', content: '{}\n', last: true }], base));
    expect(readdirSync(base)).toEqual(['out']);
    expect(recoverInterruptedCommit(root)).toBe(false);
  });
});
