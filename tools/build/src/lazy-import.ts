import { lstatSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const thisFile = fileURLToPath(import.meta.url);

/**
 * Call just before a lazy `import()`. Node 20's `realpathSync` trusts the stat buffer that plain
 * synchronous stats share for path parts it has resolved before, and stops resolving links when that
 * buffer holds a pipe, as it does after reading a page from `<(git show …)`. The import then loaded a
 * workspace package through its link: a second copy that cannot find its own dependencies. A stat of
 * a real file refills the buffer.
 */
export function refreshStatBuffer(): void {
  lstatSync(thisFile);
}
