// Temporary folders and git repositories for the diff tests.
import { realpathSync } from 'node:fs';
import { removeTempDirs, tempDir as anyTempDir } from '../../testing/files.js';

export { git, gitEnv } from '../../testing/git.js';
export { removeTempDirs };

/** A fresh temporary folder by its real path (git prints real paths), removed by {@link removeTempDirs}. */
export function tempDir(): string {
  return realpathSync(anyTempDir());
}
