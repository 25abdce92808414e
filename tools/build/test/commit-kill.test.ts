import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commitFiles, planFiles, recoverInterruptedCommit } from '../src/write.js';
import { removeTempDirs, repoRoot, snapshot, tempDir } from '../../testing/files.js';

afterAll(removeTempDirs);

const child = join(repoRoot, 'tools/build/test/commit-child.mjs');

/** An output tree before a build: three modules, a file errcat does not own, and a module that goes. */
const oldTree: Record<string, string> = {
  'packages/.manifest.json': 'old manifest\n',
  'packages/alpha/index.js': 'alpha 1\n',
  'packages/alpha/index.d.ts': 'alpha types\n',
  'packages/alpha/CHANGELOG.md': '# written by changesets\n',
  'packages/beta/index.js': 'beta 1\n',
  'packages/beta/lib/messages/en.js': 'beta en 1\n',
  'packages/gone/index.js': 'gone\n',
  'packages/gone/lib/deep.js': 'gone deep\n',
};

/** What the build wants: alpha and beta changed in part, gamma new, gone removed, manifest last. */
function spec(base: string) {
  const root = join(base, 'packages');
  const files = [
    { root, path: 'alpha/index.js', content: 'alpha 2\n' },
    { root, path: 'alpha/index.d.ts', content: 'alpha types\n' },
    { root, path: 'beta/index.js', content: 'beta 1\n' },
    { root, path: 'beta/lib/messages/en.js', content: 'beta en 2\n' },
    { root, path: 'beta/lib/messages/zh-CN.js', content: 'beta zh-CN\n' },
    { root, path: 'gamma/index.js', content: 'gamma\n' },
    { root, path: 'gamma/lib/messages/en.js', content: 'gamma en\n' },
    { root, path: '.manifest.json', content: 'new manifest\n', last: true },
  ];
  const remove = ['gone/index.js', 'gone/lib/deep.js'].map((path) => ({ root, target: join(root, path), shown: `packages/${path}` }));
  return { base, root, files, remove };
}

const contents = (root: string) => new Map([...snapshot(root)].map(([path, file]) => [path, file.bytes]));

function runChild(base: string, killAt: number, mode: 'swap' | 'file-by-file', fault: 'kill' | 'disk-full' = 'kill') {
  const specFile = join(base, 'spec.json');
  writeFileSync(specFile, JSON.stringify(spec(base)));
  const result = spawnSync(process.execPath, [child, specFile, String(killAt), mode, fault], { encoding: 'utf8' });
  rmSync(specFile);
  return result;
}

/** The old tree (kept as a template to copy), and what an uninterrupted commit makes of it in how many changes. */
function referenceCommit(mode: 'swap' | 'file-by-file') {
  const template = tempDir(oldTree);
  const whole = tempDir();
  cpSync(template, whole, { recursive: true });
  const run = runChild(whole, 0, mode);
  expect(run.status, run.stderr).toBe(0);
  return { template, oldFiles: contents(join(template, 'packages')), newFiles: contents(join(whole, 'packages')), steps: Number(run.stdout) };
}

/** A fresh copy of the old tree. */
function copyOf(template: string): string {
  const base = tempDir();
  cpSync(template, base, { recursive: true });
  return base;
}

type Outcome = 'old' | 'new' | 'mix';

/**
 * Kill the commit before each of its changes to the file system in turn; report what each kill
 * left, whether a journal was there, and what the next build's recovery made of it.
 */
function killAtEveryStep(mode: 'swap' | 'file-by-file') {
  const { template, oldFiles, newFiles, steps } = referenceCommit(mode);
  const outcomes: Outcome[] = [];
  const journaled: boolean[] = [];
  const recovered: Outcome[] = [];
  const outcome = (left: Map<string, string>): Outcome => (equal(left, oldFiles) ? 'old' : equal(left, newFiles) ? 'new' : 'mix');
  for (let killAt = 1; killAt <= steps; killAt += 1) {
    const base = copyOf(template);
    const killed = runChild(base, killAt, mode);
    expect(killed.signal, `kill before change ${killAt}`).toBe('SIGKILL');
    const { root, files, remove } = spec(base);
    outcomes.push(outcome(contents(root)));
    journaled.push(existsSync(join(base, '.errcat-journal-packages.json')));
    // The next build cleans up first: that alone must leave the old tree or the new one.
    recoverInterruptedCommit(root);
    recovered.push(outcome(contents(root)));
    // Then it commits again; it must end at the new tree, with nothing left over.
    commitFiles(planFiles(files, base), remove.filter((file) => existsSync(file.target)), { swapRoots: [root], ...(mode === 'file-by-file' && { exchange: null }) });
    expect(contents(root), `after a kill before change ${killAt} and the next commit`).toEqual(newFiles);
    expect(readdirSync(base).sort(), `leftovers after a kill before change ${killAt}`).toEqual(['packages']);
  }
  return { steps, outcomes, journaled, recovered };
}

function equal(left: Map<string, string>, right: Map<string, string>): boolean {
  return left.size === right.size && [...left].every(([path, bytes]) => right.get(path) === bytes);
}

describe('a commit killed before any one of its file-system changes', () => {
  it.runIf(process.platform === 'linux')('with folder swaps, leaves the old tree, or a journal that the next build finishes to the new one', () => {
    const { steps, outcomes, journaled, recovered } = killAtEveryStep('swap');
    expect(steps).toBeGreaterThan(20);
    expect(recovered).not.toContain('mix');
    // Kills before the journal is in place leave the old tree; from then on, the next build makes the new one.
    const firstJournal = journaled.indexOf(true);
    expect(firstJournal).toBeGreaterThan(0);
    expect(outcomes.slice(0, firstJournal).every((outcome) => outcome === 'old')).toBe(true);
    expect(recovered.slice(0, firstJournal).every((outcome) => outcome === 'old')).toBe(true);
    expect(recovered.slice(firstJournal).every((outcome) => outcome === 'new')).toBe(true);
    // A mix is only ever seen between the swaps (alpha, beta, gamma, gone, the manifest), with the journal there.
    const mixes = outcomes.flatMap((outcome, index) => (outcome === 'mix' ? [index] : []));
    expect(mixes.length).toBeGreaterThan(0);
    expect(mixes.length).toBeLessThanOrEqual(4);
    expect(mixes.every((index) => journaled[index])).toBe(true);
    // Old folders are deleted only after the journal: a kill then leaves the new tree.
    expect(outcomes.at(-1)).toBe('new');
  }, 120_000);

  it('file by file (where there is no exchange), can leave a mix that the next build finishes from its journal', () => {
    const { outcomes, journaled, recovered } = killAtEveryStep('file-by-file');
    expect(outcomes).toContain('mix');
    expect(outcomes[0]).toBe('old');
    expect(outcomes.every((outcome, index) => outcome !== 'mix' || journaled[index])).toBe(true);
    expect(recovered).not.toContain('mix');
  }, 120_000);
});

describe('a commit whose disk fills up at any one of its file-system changes', () => {
  it.runIf(process.platform === 'linux')('fails with one line and leaves the old tree (undoing the swaps made), or (once the swaps are made) completes', () => {
    const { template, oldFiles, newFiles, steps } = referenceCommit('swap');
    const outcomes: string[] = [];
    for (let failAt = 1; failAt <= steps; failAt += 1) {
      const base = copyOf(template);
      const run = runChild(base, failAt, 'swap', 'disk-full');
      const left = contents(join(base, 'packages'));
      if (run.status === 0) {
        expect(left, `a full disk at change ${failAt}, after the swap`).toEqual(newFiles);
        outcomes.push('new');
      } else {
        expect(run.stderr, `a full disk at change ${failAt}`).toMatch(/^cannot (write|replace|create) [^\n]*: no space left on the device\n$/);
        expect(left, `a full disk at change ${failAt}`).toEqual(oldFiles);
        expect(readdirSync(base).sort(), `leftovers after a full disk at change ${failAt}`).toEqual(['packages']);
        outcomes.push('old');
      }
    }
    expect(outcomes).toContain('old');
    expect(outcomes.at(-1)).toBe('new');
  }, 120_000);
});
