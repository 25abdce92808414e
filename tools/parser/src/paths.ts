import { normalizeLocale } from '@errcat/schema/locale';

// Two-letter language, optional region or script (`en`, `zh-cn`, `zh_CN`, `zh-Hans`); three-letter
// folders such as `src` or `tmp` are not taken for locales.
const localeSegment = /^[a-z]{2}(?:[-_][A-Za-z]{2,4})?$/;
const genericFolders = new Set(['errorcodes', 'docs-source', '.', '..', '']);

function segmentsOf(path: string): string[] {
  return path.split(/[\\/]+/);
}

/**
 * Locale a page's path implies (`…/zh-cn/apis-x/errorcode-y.md` → `zh-CN`).
 * @param path Page path.
 * @returns The canonical tag, or undefined when no folder names a locale.
 */
export function localeFromPath(path: string): string | undefined {
  const folders = segmentsOf(path).slice(0, -1);
  for (let i = folders.length - 1; i >= 0; i--) {
    const folder = folders[i]!;
    if (localeSegment.test(folder)) return normalizeLocale(folder);
  }
  return undefined;
}

/**
 * Module name a page's file name implies (`errorcode-net-mdns.md` → `net-mdns`).
 * @param path Page path.
 */
export function moduleFromPath(path: string): string {
  const base = segmentsOf(path).at(-1) ?? '';
  const stem = base.replace(/\.(?:md|markdown|txt)$/i, '');
  return stem.replace(/^errorcodes?[-_]/i, '') || stem;
}

/**
 * Kit folder a page sits in (`apis-avsession-kit`), unless it is a locale or generic folder.
 * @param path Page path.
 */
export function kitFolderFromPath(path: string): string | undefined {
  const parent = segmentsOf(path).at(-2);
  if (parent === undefined || genericFolders.has(parent) || localeSegment.test(parent)) return undefined;
  return parent;
}
