import { createHash } from 'node:crypto';
import { moduleFromPath } from '@errcat/parser/paths';
import type { Diagnostic, ErrorDocument } from '@errcat/schema';
import { parsePages, type ParsePool } from './parse-pool.js';
import type { ProgressListener } from './progress.js';
import { readTextFile, stripBom } from './read.js';

/** A page to read and parse. */
export interface PageRef {
  /** Absolute path. */
  file: string;
  /** Path as shown to the user and kept in the document. */
  shown: string;
  /** Locale, when the caller knows it (else the parser derives it from the path). */
  locale?: string;
  /** Kit folder, when the caller knows it; `null` for a page that sits in no kit folder. */
  kitFolder?: string | null;
  /** The text, when already read (see readPages); else it is read. */
  source?: string;
  /** SHA-1 of the text as read, when read by readPages. */
  digest?: string;
}

/** Settings for {@link parsePageFiles}. */
export interface ParsePageFilesOptions {
  /** Codes each module documents but does not own. */
  borrowed?: Record<string, readonly number[]>;
  /** Most worker threads (1 parses in this thread). */
  jobs?: number;
  /** Folder for cached parse results. */
  cacheDir?: string;
  /** Workers started earlier. */
  pool?: ParsePool;
  /** Parse in workers however few the pages (the calling thread has other work meanwhile). */
  inWorkers?: boolean;
  /** Told how many pages are parsed so far. */
  onProgress?: ProgressListener;
}

/**
 * Read pages (strict UTF-8, not empty, BOM stripped) and hash them, each read once.
 * @param pages Pages.
 * @returns The pages with their text and its hash, and a hash of every path and text.
 */
export function readPages(pages: readonly PageRef[]): { pages: PageRef[]; digest: string } {
  const all = createHash('sha256');
  const read = pages.map((page) => {
    const text = readTextFile(page.file, page.shown);
    const digest = createHash('sha1').update(text).digest('hex');
    all.update('\0').update(page.file).update('\0').update(digest);
    return { ...page, source: stripBom(text), digest };
  });
  return { pages: read, digest: all.digest('hex') };
}

/**
 * Read (strict UTF-8, not empty, BOM stripped) and parse pages.
 * @param pages Pages in the order wanted.
 * @param options Borrowed codes, parallelism and cache (optional).
 * @returns One document per page, in order, and every diagnostic.
 */
export async function parsePageFiles(
  pages: readonly PageRef[],
  options: ParsePageFilesOptions = {},
): Promise<{ documents: ErrorDocument[]; diagnostics: Diagnostic[] }> {
  const inputs = pages.map((page) => {
    const source = page.source ?? stripBom(readTextFile(page.file, page.shown));
    const module = moduleFromPath(page.file);
    const borrowedCodes = options.borrowed?.[module];
    return {
      source,
      options: {
        path: page.shown,
        ...(page.locale !== undefined && { locale: page.locale }),
        ...(borrowedCodes !== undefined && { borrowedCodes }),
      },
    };
  });
  const { results } = await parsePages(inputs, {
    ...(options.jobs !== undefined && { maxWorkers: options.jobs }),
    ...(options.cacheDir !== undefined && { cacheDir: options.cacheDir }),
    ...(options.pool !== undefined && { pool: options.pool }),
    ...(options.inWorkers && { inWorkers: true }),
    ...(options.onProgress && { onParsed: (done: number, total: number) => options.onProgress!({ phase: 'parse', done, total }) }),
  });
  const documents = results.map((result, index) => {
    const kitFolder = pages[index]!.kitFolder;
    if (kitFolder === undefined) return result.document;
    const { kitFolder: _derived, ...rest } = result.document;
    return kitFolder === null ? rest : { ...rest, kitFolder };
  });
  return { documents, diagnostics: results.flatMap((result) => result.diagnostics) };
}
