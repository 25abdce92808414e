import { createRequire } from 'node:module';
import { constants } from 'node:os';

/** Swaps what two paths name in one system call; throws an error with `code` (`EINVAL`, …) when it cannot. */
export type ExchangePaths = (first: string, second: string) => void;

// From <fcntl.h> and <linux/fs.h>.
const AT_FDCWD = -100;
const RENAME_EXCHANGE = 2;

let loaded: ExchangePaths | null | undefined;

/**
 * The platform's atomic exchange of two paths: Linux's `renameat2(…, RENAME_EXCHANGE)`, called
 * through koffi because Node's `fs` has no such call. Undefined where there is none (other
 * systems, or koffi's prebuilt binary missing), so callers fall back to moving files one by one.
 */
export function pathExchange(): ExchangePaths | undefined {
  if (loaded === undefined) loaded = loadExchange() ?? null;
  return loaded ?? undefined;
}

function loadExchange(): ExchangePaths | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    // The program's own symbol table reaches libc's renameat2 without naming the libc file.
    const renameat2 = koffi
      .load(null)
      .func('int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags)');
    return (first, second) => {
      if (renameat2(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE) === 0) return;
      throw errnoError(koffi.errno(), first, second);
    };
  } catch {
    return undefined;
  }
}

const errnoNames = new Map(Object.entries(constants.errno).map(([name, value]) => [value, name]));

function errnoError(errno: number, first: string, second: string): NodeJS.ErrnoException {
  const code = errnoNames.get(errno) ?? `errno ${errno}`;
  const error: NodeJS.ErrnoException = new Error(`${code}: cannot exchange '${first}' and '${second}'`);
  error.code = code;
  error.errno = errno;
  return error;
}

/** Codes that mean the file system (not the files) cannot exchange, so a slower way must do. */
export const exchangeUnsupported = new Set(['EINVAL', 'ENOSYS', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV']);
