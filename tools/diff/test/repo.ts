// Temporary folders and git repositories for the diff tests.
import { copyFileSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { corpusDir } from '../../testing/corpus.js';
import { git } from '../../testing/git.js';
import { removeTempDirs, tempDir as anyTempDir } from '../../testing/files.js';

export { git, gitEnv } from '../../testing/git.js';
export { removeTempDirs };

/** A fresh temporary folder by its real path (git prints real paths), removed by {@link removeTempDirs}. */
export function tempDir(): string {
  return realpathSync(anyTempDir());
}

/** Two revisions of the real AVSession page (the newer one adds cast codes and makes 6600104 and 6600108 system-only), and its Chinese page. */
export const avsession = {
  older: join(corpusDir, 'versions/en/apis-avsession-kit/errorcode-avsession@1302b843.md'),
  newer: join(corpusDir, 'en/apis-avsession-kit/errorcode-avsession.md'),
  zh: join(corpusDir, 'zh-cn/apis-avsession-kit/errorcode-avsession.md'),
};

/** Where openharmony/docs keeps the AVSession pages. */
export const enPage = 'en/application-dev/reference/apis-avsession-kit/errorcode-avsession.md';
export const zhPage = 'zh-cn/application-dev/reference/apis-avsession-kit/errorcode-avsession.md';

export function put(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

/**
 * A repository shaped like openharmony/docs whose `master` commit has the older English page and
 * the Chinese page. The newer English page goes into the working tree, or, with `branch`, is
 * committed on that new branch.
 */
export function avsessionDocsRepository(options: { branch?: string } = {}): string {
  const repo = tempDir();
  git(repo, 'init', '-q', '-b', 'master');
  writeFileSync(join(repo, 'README.md'), '# docs\n');
  put(avsession.older, join(repo, enPage));
  put(avsession.zh, join(repo, zhPage));
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  if (options.branch) git(repo, 'checkout', '-q', '-b', options.branch);
  put(avsession.newer, join(repo, enPage));
  if (options.branch) git(repo, 'commit', '-q', '-am', 'AVSession: cast codes, two codes system-only');
  return repo;
}
