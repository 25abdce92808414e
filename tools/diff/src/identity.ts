// Which module two single pages are, when their file names are those of saved revisions
// (`errorcode-window@8c3c18d5.md`, `errorcode-window.md.orig`, `old.md`, `/dev/fd/63`).

/** `errorcode-` / `errorcodes_`, as the docs name their pages. */
const pagePrefix = /^errorcodes?[-_]/i;
/** Characters of a module name in a page's file name: the run that follows the prefix. */
const moduleRun = /^[A-Za-z0-9_-]+/;
/** What `git mergetool` appends: `errorcode-x_BASE_1234.md`. */
const mergetoolSuffix = /_(?:BASE|LOCAL|REMOTE|BACKUP|MERGED)_\d+$/;
/** Words that name a revision rather than a module when they end a name (`-old`, `-v2`, `-8c3c18d5`). */
const revisionWord = /^(?:old|new|orig|original|before|after|base|head|prev|previous|next|local|remote|backup|bak|tmp|copy|v?\d+(?:\.\d+)*|(?=[0-9a-f]*\d)[0-9a-f]{7,40})$/i;

/**
 * Module a page's file name gives, ignoring what saving a revision adds to it: `@<rev>`, further
 * extensions (`.md.orig`, `.md~`), ` (1)`, mergetool suffixes.
 * @param fileName Base name of the file.
 * @returns The module, or undefined when the name is not `errorcode-<module>…`.
 */
export function moduleFromPageName(fileName: string): string | undefined {
  if (!pagePrefix.test(fileName)) return undefined;
  const run = moduleRun.exec(fileName.replace(pagePrefix, ''))?.[0];
  const module = run?.replace(mergetoolSuffix, '').replace(/[-_]+$/, '');
  return module || undefined;
}

/**
 * A module name made from a page title: its Latin words, lower case, joined by `-`, without
 * the closing "Error Codes" (`# Wi-Fi Error Codes` → `wi-fi`, `# Webview错误码` → `webview`).
 * @param title Page title as written.
 * @returns The module, or undefined when the title holds no Latin letter or digit.
 */
export function moduleFromTitle(title: string): string | undefined {
  const words = title
    .replace(/\s*(?:error\s*codes?|错误码|误码)\s*$/i, '')
    .toLowerCase()
    .match(/[a-z0-9]+(?:-[a-z0-9]+)*/g);
  return words ? words.join('-') : undefined;
}

/** One side of a page-to-page comparison, as far as its identity goes. */
export interface PageIdentity {
  /** Base name of the file (`errorcode-window@8c3c18d5.md`, `63` for `/dev/fd/63`). */
  fileName: string;
  /** Page title, once parsed. */
  title?: string;
}

/** The module both pages are taken for, and what gave it. */
export interface PagePairModule {
  module: string;
  from: 'option' | 'file name' | 'title' | 'default';
  /** Both file names name a module and they differ: the names, old then new. */
  differing?: [string, string];
}

/**
 * The one module two single pages are compared as: `--module`, else the file names (when both
 * name one and they differ, what they share before a revision word, else the new page's), else
 * the titles (the new page's first), else `page`.
 * @param oldPage The old side.
 * @param newPage The new side.
 * @param explicit `--module`, when given.
 */
export function pagePairModule(oldPage: PageIdentity, newPage: PageIdentity, explicit?: string): PagePairModule {
  if (explicit !== undefined) return { module: explicit, from: 'option' };
  const oldName = moduleFromPageName(oldPage.fileName);
  const newName = moduleFromPageName(newPage.fileName);
  if (oldName !== undefined && newName !== undefined && oldName !== newName) {
    const shared = sharedBeforeRevisionWords(oldName, newName);
    return shared ? { module: shared, from: 'file name' } : { module: newName, from: 'file name', differing: [oldName, newName] };
  }
  const fromName = newName ?? oldName;
  if (fromName !== undefined) return { module: fromName, from: 'file name' };
  for (const title of [newPage.title, oldPage.title]) {
    const fromTitle = title === undefined ? undefined : moduleFromTitle(title);
    if (fromTitle) return { module: fromTitle, from: 'title' };
  }
  return { module: 'page', from: 'default' };
}

/** `window-old` and `window-new` → `window`: the shared leading words, when the rest of each is revision words. */
function sharedBeforeRevisionWords(a: string, b: string): string | undefined {
  const wordsA = a.split(/[-_]/);
  const wordsB = b.split(/[-_]/);
  let shared = 0;
  while (shared < wordsA.length && shared < wordsB.length && wordsA[shared] === wordsB[shared]) shared++;
  if (shared === 0) return undefined;
  const revisionTail = (words: string[]) => words.slice(shared).every((word) => revisionWord.test(word));
  if (!revisionTail(wordsA) || !revisionTail(wordsB)) return undefined;
  return a.slice(0, wordsA.slice(0, shared).join('-').length);
}
