import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeDocuments } from '@errcat/catalogue';
import { parse } from '@errcat/parser';
import type { Catalogue, Diagnostic } from '@errcat/schema';
import { findPages } from '../../build/src/paths.js';
import type { NameMap } from '../src/index.js';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** What `errcat build` feeds the generators, read straight from `docs-source/`. */
export interface DocsInput {
  catalogue: Catalogue;
  nameOverrides: NameMap;
  diagnostics: Diagnostic[];
}

/**
 * Parse and merge every page of `docs-source/` with its config, the way the build does.
 * @param docsDir Folder of pages (default: the repository's `docs-source/`).
 */
export function readDocsSource(docsDir = join(repoRoot, 'docs-source')): DocsInput {
  const files = findPages(docsDir);
  const config = JSON.parse(readFileSync(join(docsDir, 'errcat.config.json'), 'utf8')) as { names?: NameMap; borrowed?: Record<string, number[]> };
  const parsed = files.map((file) => parse(readFileSync(file, 'utf8'), { path: relative(join(docsDir, '..'), file).split('\\').join('/') }));
  const merged = mergeDocuments(
    parsed.map((result) => result.document),
    config.borrowed ? { borrowed: config.borrowed } : {},
  );
  return {
    catalogue: merged.catalogue,
    nameOverrides: config.names ?? {},
    diagnostics: [...parsed.flatMap((result) => result.diagnostics), ...merged.diagnostics],
  };
}
