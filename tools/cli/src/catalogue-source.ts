// Where `explain` and `list` read the catalogue from.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { check, displayPath, inputError, parseJsonFile, readTextFile, usageError, type ProgressListener } from '@errcat/build';
import type { Catalogue } from '@errcat/schema';
import { StoredCatalogueError, decodeCatalogue, isReadableCatalogueVersion } from '@errcat/schema';
import type { CliIo } from './io.js';

/** Flags that choose the catalogue, as node's parseArgs takes them. */
export const catalogueFlags = {
  catalogue: { type: 'string' },
  docs: { type: 'string' },
  out: { type: 'string', default: 'packages' },
} as const;

/** Help lines of the flags. */
export const catalogueUsage = `  --catalogue FILE    read this catalogue.json
  --docs DIR          read the pages in DIR (<locale>/**/errorcode-*.md) instead of a built catalogue
  --out DIR           folder of a build's output (default: packages)

Without --catalogue or --docs, the catalogue is <out>/error-catalogue/catalogue.json, else the
installed @errcat/error-catalogue package, else the pages in docs-source/.`;

/** A catalogue and where it came from. */
export interface LoadedCatalogue {
  catalogue: Catalogue;
  /** The file or folder read, as shown to the user. */
  shown: string;
  /** `catalogue`: a catalogue.json; `docs`: pages parsed now. */
  kind: 'catalogue' | 'docs';
}

/** Name of the catalogue package's folder and file in a build's output. */
const builtCatalogue = join('error-catalogue', 'catalogue.json');

/**
 * Find and read the catalogue the flags point to.
 * @param values Parsed flags.
 * @param io Process io (cwd).
 * @param onProgress Told what parsing pages is doing, when pages are read.
 */
export async function loadCatalogue(
  values: { catalogue?: string | undefined; docs?: string | undefined; out?: string | undefined },
  io: CliIo,
  onProgress?: ProgressListener,
): Promise<LoadedCatalogue> {
  if (values.catalogue !== undefined && values.docs !== undefined) throw usageError('give --catalogue FILE or --docs DIR, not both');
  if (values.catalogue !== undefined) return readCatalogueFile(resolve(io.cwd, values.catalogue), io);
  if (values.docs !== undefined) return readDocs(resolve(io.cwd, values.docs), io, onProgress);
  const built = resolve(io.cwd, values.out ?? 'packages', builtCatalogue);
  if (existsSync(built)) return readCatalogueFile(built, io);
  const installed = installedCatalogue(io.cwd);
  if (installed !== undefined) return readCatalogueFile(installed, io);
  const docs = resolve(io.cwd, 'docs-source');
  if (existsSync(docs)) return readDocs(docs, io, onProgress);
  throw usageError(
    `no catalogue here: found no ${displayPath(built, io.cwd)}, no installed @errcat/error-catalogue and no docs-source/; run 'errcat build', or give --docs DIR or --catalogue FILE`,
  );
}

/** The catalogue package installed in the project: the nearest node_modules above cwd that has it (NODE_PATH is not looked at). */
function installedCatalogue(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', '@errcat', 'error-catalogue', 'catalogue.json');
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) return undefined;
  }
}

function readCatalogueFile(file: string, io: CliIo): LoadedCatalogue {
  const shown = displayPath(file, io.cwd);
  if (existsSync(file) && statSync(file).isDirectory()) return readCatalogueFile(join(file, 'catalogue.json'), io);
  const value = parseJsonFile(readTextFile(file, shown), shown) as Partial<Catalogue> | null;
  const isRecord = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isRecord(value) || !isReadableCatalogueVersion(value!.schemaVersion) || !isRecord(value!.errors) || !isRecord(value!.modules) || !Array.isArray(value!.locales)) {
    throw inputError(shown, 'is not an errcat catalogue (schemaVersion 1, 2 or 3 with modules, errors and locales)');
  }
  try {
    return { catalogue: decodeCatalogue(value as Catalogue), shown, kind: 'catalogue' };
  } catch (error) {
    if (error instanceof StoredCatalogueError) throw inputError(shown, `is not a readable errcat catalogue: ${error.message}`);
    throw error;
  }
}

async function readDocs(dir: string, io: CliIo, onProgress?: ProgressListener): Promise<LoadedCatalogue> {
  const { catalogue } = await check({ paths: [dir], cwd: io.cwd, ...(onProgress && { onProgress }) });
  return { catalogue, shown: displayPath(dir, io.cwd), kind: 'docs' };
}
