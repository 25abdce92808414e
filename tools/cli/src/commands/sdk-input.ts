// Reading an SDK checkout for `check --sdk` and `build --sdk`: its errors become one-line input errors.
import { join, resolve } from 'node:path';
import { displayPath, inputError } from '@errcat/build';
import { openSdk, readSdk, SdkReadError, type OpenedSdk, type ReadSdkStats, type SdkIndex } from '@errcat/sdk';
import type { CliIo } from '../io.js';

/**
 * Read and index the SDK checkout named by `--sdk`.
 * @param dir The option's value.
 * @param io Process io.
 * @param cacheRoot errcat's cache folder (the SDK index goes in its `sdk/`), or undefined for none.
 * @param jobs Most worker threads.
 * @returns The index, its statistics and the folder as paths show it.
 */
export async function readSdkOption(
  dir: string,
  io: CliIo,
  cacheRoot: string | undefined,
  jobs: number | undefined,
): Promise<{ index: SdkIndex; stats: ReadSdkStats; shown: string }> {
  const root = resolve(io.cwd, dir);
  const shown = displayPath(root, io.cwd);
  try {
    const { index, stats } = await readSdk(root, sdkOptions(cacheRoot, jobs));
    return { index, stats, shown };
  } catch (error) {
    throw sdkInputError(error, root, shown);
  }
}

/**
 * List the SDK checkout named by `--sdk` and compare it with the cache, reading nothing yet.
 * @param dir The option's value.
 * @param io Process io.
 * @param cacheRoot errcat's cache folder (the SDK's files go in its `sdk/`), or undefined for none.
 * @param jobs Most worker threads.
 * @returns The opened SDK and the folder as paths show it.
 */
export function openSdkOption(dir: string, io: CliIo, cacheRoot: string | undefined, jobs: number | undefined): { sdk: OpenedSdk; shown: string } {
  const root = resolve(io.cwd, dir);
  const shown = displayPath(root, io.cwd);
  try {
    return { sdk: openSdk(root, sdkOptions(cacheRoot, jobs)), shown };
  } catch (error) {
    throw sdkInputError(error, root, shown);
  }
}

function sdkOptions(cacheRoot: string | undefined, jobs: number | undefined) {
  return { ...(cacheRoot !== undefined && { cacheDir: join(cacheRoot, 'sdk') }), ...(jobs !== undefined && { jobs }) };
}

function sdkInputError(error: unknown, root: string, shown: string): unknown {
  return error instanceof SdkReadError ? inputError(`--sdk ${shown}`, error.message.replace(`${root}: `, '')) : error;
}
