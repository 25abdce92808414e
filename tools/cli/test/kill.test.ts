import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { avsessionPage, page, removeTempDirs, repoRoot, snapshot, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const bin = join(repoRoot, 'tools/cli/bin/errcat.js');
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
  return spawnSync(process.execPath, [bin, 'build', '--docs', 'docs', '--out', 'packages', '--no-cache'], { cwd, env: { PATH: process.env.PATH ?? '' } }).status;
}

/** Start a build and SIGKILL it after `delay` ms; resolves when it is gone. */
function buildKilledAfter(cwd: string, delay: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'build', '--docs', 'docs', '--out', 'packages', '--no-cache'], { cwd, stdio: 'ignore', env: { PATH: process.env.PATH ?? '' } });
    const timer = setTimeout(() => child.kill('SIGKILL'), delay);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const bytesOf = (dir: string) => new Map([...snapshot(dir)].map(([path, file]) => [path, file.bytes]));

describe('a build killed at any moment', () => {
  it('leaves every file whole (old or new), and the next build completes the output', async () => {
    const before = project(oldSample);
    expect(buildSync(before)).toBe(0);
    const after = project(newSample);
    const started = Date.now();
    expect(buildSync(after)).toBe(0);
    const duration = Date.now() - started;
    const oldFiles = bytesOf(join(before, 'packages'));
    const newFiles = bytesOf(join(after, 'packages'));
    const expectedFinal = bytesOf(after);

    for (const share of [0.2, 0.5, 0.75, 0.9, 0.97]) {
      const cwd = tempDir();
      cpSync(before, cwd, { recursive: true });
      cpSync(join(after, 'docs'), join(cwd, 'docs'), { recursive: true });
      await buildKilledAfter(cwd, Math.round(duration * share));
      for (const [path, bytes] of bytesOf(join(cwd, 'packages'))) {
        expect([oldFiles.get(path), newFiles.get(path)], `${path} after a kill at ${share}`).toContain(bytes);
      }
      // Unless the kill fell inside the rename pass (then a journal is left for the next run to
      // finish), the output is the old one or the new one as a whole.
      if (!existsSync(join(cwd, '.errcat-journal-packages.json'))) {
        expect([oldFiles, newFiles], `packages/ after a kill at ${share}`).toContainEqual(bytesOf(join(cwd, 'packages')));
      }
      expect(buildSync(cwd)).toBe(0);
      expect(existsSync(join(cwd, '.errcat-journal-packages.json'))).toBe(false);
      const final = bytesOf(cwd);
      expect(final).toEqual(expectedFinal);
      expect(readdirSync(cwd).filter((name) => name.startsWith('.errcat-staging-'))).toEqual([]);
    }
    expect(readFileSync(join(after, 'packages/error-catalogue/catalogue.json'), 'utf8')).toContain('First failure, reworded.');
  }, 300_000);
});
