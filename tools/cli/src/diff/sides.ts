// Reading the two sides of `errcat diff` from the file system: pages, folders, catalogue JSON.
import { statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { mergeDocuments } from '@errcat/catalogue';
import { pagePairModule } from '@errcat/diff';
import { moduleFromPath } from '@errcat/parser';
import type { Catalogue, Diagnostic, ErrorDocument } from '@errcat/schema';
import { StoredCatalogueError, decodeCatalogue, isReadableCatalogueVersion, normalizeLocale } from '@errcat/schema';
import { displayPath, ErrcatError, ExitCode, findPages, parsePages, readConfig, readTextFile, stripBom, type ErrcatConfig, type PageInput } from '@errcat/build';
import type { PackageSettings } from '@errcat/generate';

/** A problem with the command line or the input: one line for the user, exit code 2 unless told. */
export class DiffInputError extends ErrcatError {
  constructor(message: string, exitCode: number = ExitCode.usage) {
    super(message, exitCode);
  }
}

/** One side of the comparison, read and merged. */
export interface Side {
  catalogue: Catalogue;
  label: string;
  diagnostics: Diagnostic[];
  /** The `packages` settings of the side's docs folder (`{}` without any); unknown for catalogues and lone pages. */
  packages?: PackageSettings;
}

/** A page to parse, with the path it is shown as. */
export interface PageSource {
  /** Path kept in positions and diagnostics. */
  shown: string;
  source: string;
  locale: string;
  module: string;
}

/** The parts of `errcat.config.json` that change what a catalogue holds. */
export type MergeSettings = Pick<ErrcatConfig, 'defaultLocale' | 'borrowed'>;

/** The parts of `errcat.config.json` a docs side uses: what its catalogue holds, what its packages are called. */
export type SideSettings = MergeSettings & Pick<ErrcatConfig, 'packages'>;

/** Settings file beside the pages (`defaultLocale`, `borrowed`, `names`). */
export const configFileName = 'errcat.config.json';

/** Locale folders: `en`, `zh-cn`, `zh_CN`, `pt-BR`… (two letters, optional region or script). */
const localeFolder = /^[a-z]{2}(?:[-_][A-Za-z]{2,4})?$/i;
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/**
 * Locale of a page in a docs folder: the nearest locale folder above it, else English.
 * @param relativePath Path inside the docs folder, `/`-separated.
 */
export function localeOf(relativePath: string): string {
  const folders = relativePath.split('/').slice(0, -1);
  for (let i = folders.length - 1; i >= 0; i--) if (localeFolder.test(folders[i]!)) return folders[i]!;
  return 'en';
}

/**
 * Locale a lone page's path names, if any: the nearest folder above it that is a known language
 * (`…/zh-cn/apis-x/…`), so that folders such as `/work/wt/` are not taken for one. Only the
 * folders the user typed count when the page is inside the working folder (`/home/my/old.md`
 * typed as `old.md` is not Burmese).
 * @param shown The page's path as shown: relative to the working folder when inside it.
 */
function localeOfLonePage(shown: string): string | undefined {
  const folders = shown.split('/').slice(0, -1);
  for (let i = folders.length - 1; i >= 0; i--) {
    const folder = folders[i]!;
    if (localeFolder.test(folder) && languageNames.of(folder.replace('_', '-')) !== undefined) return folder;
  }
  return undefined;
}

/** Han characters in a title: a Chinese page. */
const hanScript = /\p{Script=Han}/u;

/**
 * Parse a docs folder's pages and merge them into one side.
 * @param pages Pages, in a stable order.
 * @param label Name of the side in the report.
 * @param settings The folder's settings: default locale, borrowed codes, package names.
 * @param cacheDir Folder of cached parse results, if any.
 */
export async function mergePages(pages: readonly PageSource[], label: string, settings: SideSettings = {}, cacheDir?: string): Promise<Side> {
  const { documents, diagnostics } = await parseSources(pages, settings, cacheDir);
  return { ...mergeSide(documents, diagnostics, label, settings), packages: settings.packages ?? {} };
}

async function parseSources(pages: readonly PageSource[], settings: MergeSettings, cacheDir: string | undefined): Promise<{ documents: ErrorDocument[]; diagnostics: Diagnostic[] }> {
  const inputs: PageInput[] = pages.map((page) => {
    const borrowedCodes = settings.borrowed?.[page.module];
    return { source: page.source, options: { path: page.shown, locale: page.locale, module: page.module, ...(borrowedCodes && { borrowedCodes }) } };
  });
  const { results } = await parsePages(inputs, cacheDir === undefined ? {} : { cacheDir });
  return { documents: results.map((result) => result.document), diagnostics: results.flatMap((result) => result.diagnostics) };
}

function mergeSide(documents: ErrorDocument[], diagnostics: Diagnostic[], label: string, settings: MergeSettings): Side {
  const merged = mergeDocuments(documents, {
    ...(settings.defaultLocale !== undefined && { defaultLocale: normalizeLocale(settings.defaultLocale) }),
    ...(settings.borrowed && { borrowed: settings.borrowed }),
  });
  return { catalogue: merged.catalogue, label, diagnostics: [...diagnostics, ...merged.diagnostics] };
}

/**
 * Every page under a folder, sorted, with locales from the folder layout.
 * @param dir Absolute folder.
 * @param base Folder paths are shown relative to.
 */
export function pagesInFolder(dir: string, base: string): PageSource[] {
  return findPages(dir).map((file) => {
    const shown = displayPath(file, base);
    return { shown, source: stripBom(readTextFile(file, shown)), locale: localeOf(relative(dir, file).split(sep).join('/')), module: moduleFromPath(file) };
  });
}

/**
 * Settings of a docs folder in the working tree (none when it has no config).
 * @param dir Absolute folder.
 * @param base Folder paths are shown relative to.
 */
export function folderSettings(dir: string, base: string): SideSettings {
  const file = join(dir, configFileName);
  return readConfig(file, displayPath(file, base));
}

/** A side named on the command line, read but not yet parsed. */
type RawSide =
  | { kind: 'catalogue'; side: Side }
  | { kind: 'folder'; dir: string; shown: string }
  | { kind: 'page'; path: string; shown: string; source: string };

/** A catalogue JSON file, checked enough that the diff can trust its shape. */
function catalogueFromText(text: string, shown: string): Catalogue {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DiffInputError(`${shown}:${jsonErrorPosition(text, error)}`);
  }
  const value = data as Partial<Catalogue> | null;
  if (value === null || typeof value !== 'object' || !isReadableCatalogueVersion(value.schemaVersion) || typeof value.modules !== 'object' || typeof value.errors !== 'object') {
    throw new DiffInputError(`${shown}:1:1: not an errcat catalogue (expected schemaVersion 1, 2 or 3 with "modules" and "errors")`);
  }
  try {
    return decodeCatalogue(value as Catalogue);
  } catch (error) {
    if (error instanceof StoredCatalogueError) throw new DiffInputError(`${shown}:1:1: not a readable errcat catalogue: ${error.message}`);
    throw error;
  }
}

/** Where a JSON syntax error is, as line and column, from the offset Node reports. */
function jsonErrorPosition(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const offset = /position (\d+)/.exec(message)?.[1];
  if (offset === undefined) return `1:1: ${message}`;
  const before = text.slice(0, Number(offset));
  const line = before.split('\n').length;
  const column = Number(offset) - before.lastIndexOf('\n');
  return `${line}:${column}: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
}

/**
 * What a command-line side is: a folder, a catalogue (a `.json` file, or a file that is not
 * `.md` and holds a JSON object: `<(git show REF:catalogue.json)`), else a page. Files are read
 * once, so pipes from process substitution work.
 */
function readRawSide(spec: string, cwd: string): RawSide {
  // `-` is standard input, as in `git show REF:path | errcat diff - path`.
  const path = spec === '-' ? '/dev/stdin' : resolve(cwd, spec);
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) throw new DiffInputError(`${spec}: no such file or folder`);
  const shown = spec === '-' ? 'stdin' : displayPath(path, cwd);
  if (stats.isDirectory()) return { kind: 'folder', dir: path, shown };
  const text = readTextFile(path, shown);
  const looksLikeJson = path.endsWith('.json') || (!/\.(?:md|markdown)$/i.test(path) && /^\uFEFF?\s*\{/.test(text));
  if (looksLikeJson) return { kind: 'catalogue', side: { catalogue: catalogueFromText(stripBom(text), shown), label: shown, diagnostics: [] } };
  return { kind: 'page', path, shown, source: stripBom(text) };
}

async function folderSide(raw: { dir: string; shown: string }, cwd: string, cacheDir: string | undefined): Promise<Side> {
  const pages = pagesInFolder(raw.dir, cwd);
  if (pages.length === 0) throw new DiffInputError(`${raw.shown}: holds no errorcode-*.md page`);
  return mergePages(pages, raw.shown, folderSettings(raw.dir, cwd), cacheDir);
}

/** Options of a side-by-side comparison. */
export interface PathSidesOptions {
  /** Folder relative paths are resolved from and shown relative to. */
  cwd: string;
  /** `--module`: the module of a page side. */
  module?: string;
  /** `--locale`: the locale of a page side. */
  locale?: string;
  /** Folder of cached parse results for folder sides. */
  cacheDir?: string;
}

/**
 * Read the two sides named on the command line. Two single pages are one module (see
 * `pagePairModule`) in one locale; folders and catalogues match modules by name.
 * @param oldSpec Old side as typed.
 * @param newSpec New side as typed.
 * @param options Working folder, `--module`, `--locale`.
 * @returns Both sides, and notes for stderr.
 */
export async function readPathSides(oldSpec: string, newSpec: string, options: PathSidesOptions): Promise<{ before: Side; after: Side; notes: string[] }> {
  if (oldSpec === '-' && newSpec === '-') throw new DiffInputError('only one side can be standard input (-)');
  const oldRaw = readRawSide(oldSpec, options.cwd);
  const newRaw = readRawSide(newSpec, options.cwd);
  const notes: string[] = [];
  const pageCount = [oldRaw, newRaw].filter((raw) => raw.kind === 'page').length;
  if (pageCount === 0 && options.module !== undefined) throw new DiffInputError('--module names the module of a page side; both sides are folders or catalogues');
  if (pageCount === 0 && options.locale !== undefined) throw new DiffInputError('--locale names the locale of a page side; both sides are folders or catalogues');

  // Pages are parsed first: a page's title can name its module.
  const parsed = new Map<RawSide, { document: ErrorDocument; diagnostics: Diagnostic[] }>();
  const pageLocale = (raw: RawSide & { kind: 'page' }, other: RawSide) =>
    options.locale ?? localeOfLonePage(raw.shown) ?? (other.kind === 'page' ? localeOfLonePage(other.shown) : undefined);
  for (const [raw, other] of [
    [oldRaw, newRaw],
    [newRaw, oldRaw],
  ] as const) {
    if (raw.kind !== 'page') continue;
    const locale = pageLocale(raw, other);
    const { results } = await parsePages([{ source: raw.source, options: { path: raw.shown, locale: locale ?? 'en', module: 'page' } }]);
    let result = results[0]!;
    // No locale folder on either path: a title in Chinese script makes it a Chinese page.
    if (locale === undefined && hanScript.test(result.document.title)) {
      result = (await parsePages([{ source: raw.source, options: { path: raw.shown, locale: 'zh-CN', module: 'page' } }])).results[0]!;
    }
    parsed.set(raw, result);
  }

  const pageModule = (raw: RawSide & { kind: 'page' }, other: RawSide): string => {
    if (other.kind === 'page') {
      const [oldPage, newPage] = raw === oldRaw ? [raw, other] : [other, raw];
      const pair = pagePairModule(
        { fileName: basename(oldPage.path), title: parsed.get(oldPage)!.document.title },
        { fileName: basename(newPage.path), title: parsed.get(newPage)!.document.title },
        options.module,
      );
      if (pair.differing && raw === newRaw) {
        notes.push(`the pages name different modules (${pair.differing[0]}, ${pair.differing[1]}); both are compared as "${pair.module}" (--module sets it)`);
      }
      return pair.module;
    }
    return pagePairModule({ fileName: basename(raw.path), title: parsed.get(raw)!.document.title }, { fileName: '' }, options.module).module;
  };

  const toSide = async (raw: RawSide, other: RawSide): Promise<Side> => {
    if (raw.kind === 'catalogue') return raw.side;
    if (raw.kind === 'folder') return folderSide(raw, options.cwd, options.cacheDir);
    const { document, diagnostics } = parsed.get(raw)!;
    return mergeSide([{ ...document, module: pageModule(raw, other) }], diagnostics, raw.shown, {});
  };
  const before = await toSide(oldRaw, newRaw);
  const after = await toSide(newRaw, oldRaw);
  return { before, after, notes };
}
