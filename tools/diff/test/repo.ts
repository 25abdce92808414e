// Temporary folders and git repositories for the diff tests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh temporary folder (its real path), removed by {@link removeTempDirs}. */
export function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'errcat-diff-')));
  made.push(dir);
  return dir;
}

/** Remove every folder {@link tempDir} made. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Environment for git and shells in tests: no user or system config. */
export const gitEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

/**
 * Run git in a folder with a fixed identity.
 * @param cwd Folder.
 * @param args Arguments after `git`.
 * @returns Its standard output.
 */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=errcat tests', '-c', 'user.email=tests@errcat.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: gitEnv,
  });
}
