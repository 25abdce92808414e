import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mergeDocuments } from '@errcat/catalogue';
import type { Catalogue, Diagnostic } from '@errcat/schema';
import { readConfig, type ErrcatConfig } from './config.js';
import { inputError, usageError } from './errors.js';
import { parsePageFiles, type PageRef } from './pages.js';
import { displayPath, findPages, pageFileName } from './paths.js';
import type { ProgressListener } from './progress.js';

/** What {@link check} is asked to read. */
export interface CheckOptions {
  /** Absolute paths of pages and folders of pages. */
  paths: readonly string[];
  /** Folder that paths in diagnostics and errors are shown relative to. */
  cwd: string;
  /** Most worker threads to parse with (1: none). */
  jobs?: number;
  /** Folder of the build's caches; parse results are kept in its `parse/` (none when left out). */
  cacheDir?: string;
  /** Told what the check is doing, for a progress display. */
  onProgress?: ProgressListener;
  /**
   * Parse in one worker thread, however few the pages, started before this call first waits:
   * the calling thread has other work meanwhile (reading an SDK).
   */
  parseInWorker?: boolean;
}

/** What {@link check} found. */
export interface CheckResult {
  /** Every page read, once each, in the order found. */
  pages: PageRef[];
  /** The merged catalogue (not validated, not written). */
  catalogue: Catalogue;
  /** Every diagnostic of the parse and the merge. */
  diagnostics: Diagnostic[];
}

/**
 * Read, parse and merge pages: every `errorcode-*.md` in the given files and folders, with a
 * folder's `errcat.config.json` (borrowed codes, default locale) when present. Writes nothing.
 * @param options Paths, display folder, parallelism.
 */
export async function check(options: CheckOptions): Promise<CheckResult> {
  const pages: PageRef[] = [];
  const config: ErrcatConfig = {};
  for (const absolute of options.paths) {
    const shown = displayPath(absolute, options.cwd);
    if (!existsSync(absolute)) throw inputError(shown, 'no such file or folder');
    if (statSync(absolute).isDirectory()) {
      const configFile = join(absolute, 'errcat.config.json');
      mergeConfig(config, readConfig(configFile, displayPath(configFile, options.cwd)));
      const found = findPages(absolute);
      if (found.length === 0) throw inputError(shown, 'holds no errorcode-*.md page');
      pages.push(...found.map((file) => ({ file, shown: displayPath(file, options.cwd) })));
    } else {
      if (!pageFileName.test(absolute.split(/[\\/]/).at(-1)!)) {
        throw usageError(`${shown} is not an errorcode-*.md page`);
      }
      pages.push({ file: absolute, shown });
    }
  }
  const unique = [...new Map(pages.map((page) => [page.file, page])).values()];
  const parsed = await parsePageFiles(unique, {
    ...(config.borrowed && { borrowed: config.borrowed }),
    ...(options.parseInWorker ? { jobs: 1, inWorkers: true } : options.jobs !== undefined && { jobs: options.jobs }),
    ...(options.cacheDir !== undefined && { cacheDir: join(options.cacheDir, 'parse') }),
    ...(options.onProgress && { onProgress: options.onProgress }),
  });
  options.onProgress?.({ phase: 'merge' });
  const merged = mergeDocuments(parsed.documents, {
    ...(config.defaultLocale !== undefined && { defaultLocale: config.defaultLocale }),
    ...(config.borrowed && { borrowed: config.borrowed }),
  });
  return { pages: unique, catalogue: merged.catalogue, diagnostics: [...parsed.diagnostics, ...merged.diagnostics] };
}

function mergeConfig(into: ErrcatConfig, from: ErrcatConfig): void {
  if (into.defaultLocale === undefined && from.defaultLocale !== undefined) into.defaultLocale = from.defaultLocale;
  for (const [module, codes] of Object.entries(from.borrowed ?? {})) {
    into.borrowed = { ...into.borrowed, [module]: [...(into.borrowed?.[module] ?? []), ...codes] };
  }
}
