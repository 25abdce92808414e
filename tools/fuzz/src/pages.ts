import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { BasePage } from './mutate.js';

/**
 * Every `errorcode-*.md` page under a folder, sorted by path.
 * @param dir Folder to read.
 */
export function readPages(dir: string): BasePage[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && /^errorcode.*\.md$/i.test(entry.name)) files.push(path);
    }
  };
  walk(dir);
  return files
    .map((file) => ({ path: relative(dir, file).split('\\').join('/'), source: readFileSync(file, 'utf8') }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
