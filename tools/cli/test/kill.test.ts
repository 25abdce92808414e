import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recoverInterruptedCommit } from '@errcat/build';
import { avsessionPage, page, removeTempDirs, repoRoot, snapshot, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const bin = join(repoRoot, 'tools/cli/bin/errcat.js');
const buildArgs = [bin, 'build', '--docs', 'docs', '--out', 'packages', '--no-cache'];
const env = { PATH: process.env.PATH ?? '' };
// Worker threads however small the pages: they write the package folders the output lacks ahead.
const workerEnv = { ...env, ERRCAT_PARALLEL_MIN_BYTES: '0' };
const oldSample = page({ kit: 'Sample Kit', codes: [{ code: 900001, title: 'First Failure', message: 'First failure.' }] });
const newSample = page({
  kit: 'Sample Kit',
  codes: [
    { code: 900001, title: 'First Failure', message: 'First failure, reworded.' },
    { code: 900002, title: 'Second Failure', message: 'Second failure.' },
  ],
});

function project(sample: string): string {
  return tempDir({
    'docs/en/apis-avsession-kit/errorcode-avsession.md': avsessionPage,
    'docs/en/apis-sample-kit/errorcode-sample.md': sample,
  });
}

function buildSync(cwd: string): number | null {
  return spawnSync(process.execPath, buildArgs, { cwd, env }).status;
}

/** A build and the means to SIGKILL it; `gone` resolves when it has exited. */
function startBuild(cwd: string, inWorkers = false): { kill: () => void; gone: Promise<void> } {
  const child = inWorkers
    ? spawn(process.execPath, [...buildArgs, '--jobs', '2'], { cwd, stdio: 'ignore', env: workerEnv })
    : spawn(process.execPath, buildArgs, { cwd, stdio: 'ignore', env });
  return { kill: () => child.kill('SIGKILL'), gone: new Promise((resolve) => child.on('exit', () => resolve())) };
}

/** SIGKILL a build `delay` ms after it starts. */
async function buildKilledAfter(cwd: string, delay: number, inWorkers = false): Promise<void> {
  const build = startBuild(cwd, inWorkers);
  const timer = setTimeout(build.kill, delay);
  await build.gone;
  clearTimeout(timer);
}

/** SIGKILL a build `delay` ms after its commit begins (its staging folder appears beside packages/). */
async function buildKilledInCommit(cwd: string, delay: number): Promise<void> {
  const build = startBuild(cwd);
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(cwd, (_event, name) => {
    if (timer === undefined && name?.startsWith('.errcat-staging-packages-')) timer = setTimeout(build.kill, delay);
  });
  await build.gone;
  watcher.close();
  clearTimeout(timer);
}

const bytesOf = (dir: string) => new Map([...snapshot(dir)].map(([path, file]) => [path, file.bytes]));

describe('a build killed at any moment', () => {
  it('leaves packages/ wholly old or wholly new once recovered, and the next build completes the output', async () => {
    const before = project(oldSample);
    expect(buildSync(before)).toBe(0);
    const after = project(newSample);
    const started = Date.now();
    expect(buildSync(after)).toBe(0);
    const duration = Date.now() - started;
    const oldFiles = bytesOf(join(before, 'packages'));
    const newFiles = bytesOf(join(after, 'packages'));
    const expectedFinal = bytesOf(after);

    // Kills spread over the whole run, then kills aimed at the commit (a random 0-3 ms after it
    // starts). commit-kill.test.ts kills the commit before each of its steps in turn.
    const kills = [
      ...[0.2, 0.5, 0.75, 0.9, 0.97].map((share) => ({ when: `at ${share} of the run`, kill: (cwd: string) => buildKilledAfter(cwd, Math.round(duration * share)) })),
      ...Array.from({ length: 3 }, () => Math.floor(Math.random() * 4)).map((delay) => ({
        when: `${delay} ms into the commit`,
        kill: (cwd: string) => buildKilledInCommit(cwd, delay),
      })),
    ];
    for (const { when, kill } of kills) {
      const cwd = tempDir();
      cpSync(before, cwd, { recursive: true });
      cpSync(join(after, 'docs'), join(cwd, 'docs'), { recursive: true });
      await kill(cwd);
      // Between two swaps of a commit, a kill leaves a mix and the journal that finishes it.
      const left = bytesOf(join(cwd, 'packages'));
      if (!isDeepStrictEqual(left, oldFiles) && !isDeepStrictEqual(left, newFiles)) {
        expect(existsSync(join(cwd, '.errcat-journal-packages.json')), `a mix without a journal after a kill ${when}`).toBe(true);
      }
      // What the next build does first, before it reads anything.
      recoverInterruptedCommit(join(cwd, 'packages'));
      expect([oldFiles, newFiles], `packages/ after a kill ${when} and recovery`).toContainEqual(bytesOf(join(cwd, 'packages')));
      expect(buildSync(cwd)).toBe(0);
      expect(bytesOf(cwd), `the build after a kill ${when}`).toEqual(expectedFinal);
      expect(readdirSync(cwd).filter((name) => name.startsWith('.errcat-'))).toEqual([]);
    }
    expect(readFileSync(join(after, 'packages/error-catalogue/catalogue.json'), 'utf8')).toContain('First failure, reworded.');
  }, 300_000);
});

describe('a build in worker threads killed while they write package folders ahead', () => {
  it('leaves packages/ wholly old or wholly new once recovered, and the next build removes what they wrote and completes', async () => {
    const extra = page({ kit: 'Extra Kit', codes: [{ code: 910001, title: 'Extra Failure', message: 'Extra failure.' }] });
    const before = project(oldSample);
    expect(buildSync(before)).toBe(0);
    const after = project(newSample);
    writeFileSync(join(after, 'docs/en/apis-sample-kit/errorcode-extra.md'), extra);
    const started = Date.now();
    expect(spawnSync(process.execPath, [...buildArgs, '--jobs', '2'], { cwd: after, env: workerEnv }).status).toBe(0);
    const duration = Date.now() - started;
    const oldFiles = bytesOf(join(before, 'packages'));
    const newFiles = bytesOf(join(after, 'packages'));
    expect([...newFiles.keys()].some((path) => path.startsWith('extra/'))).toBe(true);
    const expectedFinal = bytesOf(after);
    // The workers write ahead late in the run, between printing and the commit.
    for (const share of [0.6, 0.75, 0.85, 0.9, 0.95, 0.98]) {
      const cwd = tempDir();
      cpSync(before, cwd, { recursive: true });
      cpSync(join(after, 'docs'), join(cwd, 'docs'), { recursive: true });
      await buildKilledAfter(cwd, Math.round(duration * share), true);
      recoverInterruptedCommit(join(cwd, 'packages'));
      expect([oldFiles, newFiles], `packages/ after a kill at ${share} of the run`).toContainEqual(bytesOf(join(cwd, 'packages')));
      expect(buildSync(cwd)).toBe(0);
      expect(bytesOf(cwd), `the build after a kill at ${share} of the run`).toEqual(expectedFinal);
      expect(readdirSync(cwd).filter((name) => name.startsWith('.errcat-'))).toEqual([]);
    }
  }, 300_000);
});
