// git for tests: a fixed identity, no user or system config.
import { execFileSync } from 'node:child_process';

/** Environment for git and shells in tests. */
export const gitEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

/**
 * Run git in a folder.
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
