import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Spacing between the codes of two copies, so renumbered codes never collide. */
const COPY_CODE_STRIDE = 1_000_000_000;

const codeHeading = /^( {0,3}#{1,6}[ \t]+)(-?\d+)(?=\s|$)/gm;
const codeRow = /^(\s*\|\s*)(-?\d+)(\s*\|)/gm;

/** Pages of the reference corpus that make up one copy (the current en and zh-cn pages). */
export function basePages(corpusDir: string): Array<{ path: string; source: string }> {
  const pages: Array<{ path: string; source: string }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/^errorcode-.*\.md$/.test(entry.name)) pages.push({ path: relative(corpusDir, path), source: readFileSync(path, 'utf8') });
    }
  };
  for (const locale of ['en', 'zh-cn']) walk(join(corpusDir, locale));
  return pages
    .filter((page) => !page.path.includes('errorcodes/') && !page.path.endsWith('errorcode-universal.md'))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Write `copies` copies of the base pages as a docs folder, each copy with its own module names
 * and codes shifted so that codes stay unique.
 * @param pages Base pages (paths like `en/apis-x-kit/errorcode-y.md`).
 * @param copies How many copies.
 * @param docsDir Folder to write (emptied first).
 * @returns Total bytes written and the files.
 */
export function writeScaledDocs(pages: ReadonlyArray<{ path: string; source: string }>, copies: number, docsDir: string) {
  rmSync(docsDir, { recursive: true, force: true });
  const files: string[] = [];
  let bytes = 0;
  for (let copy = 0; copy < copies; copy++) {
    for (const page of pages) {
      const [locale, kit, name] = page.path.split('/') as [string, string, string];
      const shift = (code: string) => String(Number(code) + copy * COPY_CODE_STRIDE);
      const source = page.source
        .replace(codeHeading, (_match, lead: string, code: string) => `${lead}${shift(code)}`)
        .replace(codeRow, (_match, lead: string, code: string, tail: string) => `${lead}${shift(code)}${tail}`);
      const file = join(docsDir, locale, `${kit}-c${copy}`, name.replace(/\.md$/, `-c${copy}.md`));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, source);
      files.push(file);
      bytes += Buffer.byteLength(source);
    }
  }
  return { files, bytes };
}

/** Size in bytes of the given files. */
export function totalBytes(files: readonly string[]): number {
  return files.reduce((sum, file) => sum + statSync(file).size, 0);
}
