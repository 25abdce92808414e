import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPages } from '../build/src/paths.js';

/** The reference corpus of real pages, kept beside the repository and never copied into it. */
export const corpusDir = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));

/** One page of the corpus. */
export interface CorpusPage {
  /** Path relative to the corpus root, e.g. `en/apis-avsession-kit/errorcode-avsession.md`. */
  path: string;
  /** Absolute path. */
  file: string;
  /** Raw text as stored (BOM and CRLF kept). */
  source: string;
}

/**
 * Every `errorcode-*.md` page of the corpus, sorted by path. Throws when the corpus is missing so
 * that corpus tests can never pass by finding nothing.
 */
export function corpusPages(): CorpusPage[] {
  if (!existsSync(corpusDir)) {
    throw new Error(`the reference corpus is missing: expected it at ${corpusDir} (../shared/corpus beside the repository)`);
  }
  const files = findPages(corpusDir);
  if (files.length < 70) throw new Error(`the reference corpus at ${corpusDir} holds only ${files.length} pages`);
  return files.map((file) => ({ path: relative(corpusDir, file).split('\\').join('/'), file, source: readFileSync(file, 'utf8') }));
}

/**
 * The current pages of the corpus (en/ and zh-cn/ newer layout), leaving out older revisions kept
 * under `errorcodes/` and `versions/`.
 */
export function currentCorpusPages(): CorpusPage[] {
  return corpusPages().filter((page) => /^(en|zh-cn)\//.test(page.path) && !/\/errorcodes\//.test(page.path));
}
