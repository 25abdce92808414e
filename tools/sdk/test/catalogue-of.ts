import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mergeDocuments } from '@errcat/catalogue';
import { parse } from '@errcat/parser';
import type { Catalogue } from '@errcat/schema';

function pagesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** The catalogue of a fixture's docs/ folder, paths shown from the fixture. */
export function catalogueOf(fixture: string): Catalogue {
  const documents = pagesUnder(join(fixture, 'docs')).map((file) => parse(readFileSync(file, 'utf8'), { path: relative(fixture, file) }).document);
  return mergeDocuments(documents).catalogue;
}
