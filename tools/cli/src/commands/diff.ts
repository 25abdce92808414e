// `errcat diff`: reads both sides (pages, folders, catalogue JSON or a git ref), then hands the
// two catalogues to the pure core in @errcat/diff. All file system, git and exit codes live here.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { mergeDocuments } from '@errcat/catalogue';
import {
  declaredReleasesFromFiles,
  diffCatalogues,
  exitCodes,
  failingFindings,
  failOnValues,
  formatReport,
  renderChangeset,
  reportFormats,
  type FailOn,
  type ReportFormat,
} from '@errcat/diff';
import { moduleFromPath } from '@errcat/parser';
import type { Catalogue, Diagnostic } from '@errcat/schema';
import { readConfig, type ErrcatConfig } from '../config.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';
import { parsePages, type PageInput } from '../parse-pool.js';
import { findPages, pageFileName } from '../paths.js';

const run = promisify(execFile);

/** Exit code for output that could not be written. */
const writeFailed = 3;

export const diffUsage = `Usage: errcat diff <old> <new> [options]
       errcat diff --base <git-ref> [options]

Compare two versions of the error-code docs and classify every change.
Each side is a page (errorcode-<module>.md), a folder laid out as
<locale>/<kit>/errorcode-<module>.md, or a catalogue JSON file. With --base,
the docs folder at <git-ref> is compared with the working tree.

Options:
  --base <ref>        compare the docs folder at this git ref with the working tree
  --docs <dir>        docs folder for --base (default: docs-source at the
                      repository root); paths in the report are relative
                      to the repository root
  --module <name>     module of a page whose file name does not say it
  --format <format>   text (default), markdown, json or github
  --output <file>     write the report to a file instead of standard output
  --fail-on <level>   breaking, non-breaking, info or none (default none)
  --changesets <dir>  bumps declared in this folder's changesets excuse the
                      findings they cover from --fail-on
  --changeset         write .changeset/errcat-<hash>.md with the bumps needed
  --changeset-dir <dir>  folder for --changeset (default .changeset)
  -h, --help          show this help

Exit codes: 0 no finding at or above --fail-on, 1 some finding at or above it,
2 bad usage or unreadable input, 3 output could not be written.
`;

/** A problem with the command line or the input: one line for the user, exit code 2. */
class DiffInputError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = exitCodes.error,
  ) {
    super(message);
  }
}

/** One side of the comparison, read and merged. */
interface Side {
  catalogue: Catalogue;
  label: string;
  diagnostics: Diagnostic[];
}

/** A page to parse, with where its path is shown from. */
interface PageSource {
  /** Path kept in positions (relative to the working folder or repository). */
  shown: string;
  source: string;
  locale: string;
  module: string;
}

/** Settings file beside the pages (`defaultLocale`, `borrowed`, `names`). */
const configFileName = 'errcat.config.json';
/** Locale folders: `en`, `zh-cn`, `zh_CN`, `pt-BR`… (two letters, optional region or script). */
const localeFolder = /^[a-z]{2}(?:[-_][A-Za-z]{2,4})?$/i;

function toShown(path: string, base: string): string {
  const rel = relative(base, path);
  if (rel === '') return '.';
  return (rel.startsWith('..') || isAbsolute(rel) ? path : rel).split(sep).join('/');
}

/** Locale of a page: the nearest locale folder above it, else English. */
function localeOf(relativePath: string): string {
  const folders = relativePath.split('/').slice(0, -1);
  for (let i = folders.length - 1; i >= 0; i--) if (localeFolder.test(folders[i]!)) return folders[i]!;
  return 'en';
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

function readText(path: string, shown: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new DiffInputError(`${shown}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** A catalogue JSON file, checked enough that the diff can trust its shape. */
function readCatalogue(path: string, shown: string): Catalogue {
  const text = readText(path, shown);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DiffInputError(`${shown}:${jsonErrorPosition(text, error)}`);
  }
  const value = data as Partial<Catalogue> | null;
  if (value === null || typeof value !== 'object' || value.schemaVersion !== 1 || typeof value.modules !== 'object' || typeof value.errors !== 'object') {
    throw new DiffInputError(`${shown}:1:1: not an errcat catalogue (expected schemaVersion 1 with "modules" and "errors")`);
  }
  return value as Catalogue;
}

/** Every page under a folder, sorted, with locales from the folder layout and paths shown from `base`. */
function pagesInFolder(dir: string, base: string): PageSource[] {
  return findPages(dir).map((file) => {
    const shown = toShown(file, base);
    return { shown, source: readText(file, shown), locale: localeOf(toShown(file, dir)), module: moduleFromPath(file) };
  });
}

/** The parts of `errcat.config.json` that change what a catalogue holds. */
type MergeSettings = Pick<ErrcatConfig, 'defaultLocale' | 'borrowed'>;

/** Settings of a docs folder in the working tree (none when it has no config). */
function folderSettings(dir: string, base: string): MergeSettings {
  const file = join(dir, configFileName);
  return readConfig(file, toShown(file, base));
}

/** Settings of a docs folder at a git ref, from the config's text there. */
function textSettings(text: string, shown: string): MergeSettings {
  // readConfig reads files; the blob goes through a private temporary one.
  const dir = mkdtempSync(join(tmpdir(), 'errcat-diff-config-'));
  try {
    const file = join(dir, configFileName);
    writeFileSync(file, text);
    return readConfig(file, shown);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function mergePages(pages: readonly PageSource[], label: string, settings: MergeSettings = {}): Promise<Side> {
  const inputs: PageInput[] = pages.map((page) => {
    const borrowedCodes = settings.borrowed?.[page.module];
    return { source: page.source, options: { path: page.shown, locale: page.locale, module: page.module, ...(borrowedCodes && { borrowedCodes }) } };
  });
  const { results } = await parsePages(inputs);
  const merged = mergeDocuments(
    results.map((result) => result.document),
    { ...(settings.defaultLocale !== undefined && { defaultLocale: settings.defaultLocale }), ...(settings.borrowed && { borrowed: settings.borrowed }) },
  );
  return { catalogue: merged.catalogue, label, diagnostics: [...results.flatMap((result) => result.diagnostics), ...merged.diagnostics] };
}

/** Module of a page: from `errorcode-<module>.md`, else `--module`, else the other side's page. */
function pageModule(path: string, explicit: string | undefined, otherPath: string | undefined): string {
  if (pageFileName.test(basename(path))) return moduleFromPath(path);
  if (explicit) return explicit;
  if (otherPath && pageFileName.test(basename(otherPath))) return moduleFromPath(otherPath);
  throw new DiffInputError(`${path}: cannot tell the module of this page: name it errorcode-<module>.md or pass --module`);
}

async function readSide(spec: string, io: CliIo, explicitModule: string | undefined, otherSpec: string | undefined): Promise<Side> {
  const path = resolve(io.cwd, spec);
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new DiffInputError(`${spec}: no such file or folder`);
  }
  const shown = toShown(path, io.cwd);
  if (stats.isDirectory()) return mergePages(pagesInFolder(path, io.cwd), shown, folderSettings(path, io.cwd));
  if (path.endsWith('.json')) return { catalogue: readCatalogue(path, shown), label: shown, diagnostics: [] };
  const other = otherSpec === undefined ? undefined : resolve(io.cwd, otherSpec);
  const module = pageModule(path, explicitModule, other);
  return mergePages([{ shown, source: readText(path, shown), locale: localeOf(shown), module }], shown);
}

async function git(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new DiffInputError(`git ${args.join(' ')}: ${stderr || (error as Error).message}`);
  }
}

/** Reads many blobs through one `git cat-file --batch`. */
function readBlobs(objectIds: readonly string[], cwd: string): Promise<Buffer[]> {
  return new Promise((resolveBlobs, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0) {
        reject(new DiffInputError(`git cat-file --batch: ${stderr.trim() || `exit ${status}`}`));
        return;
      }
      const output = Buffer.concat(chunks);
      const blobs: Buffer[] = [];
      let offset = 0;
      for (const id of objectIds) {
        const headerEnd = output.indexOf(0x0a, offset);
        const header = output.subarray(offset, headerEnd).toString('utf8');
        const size = Number(/^\S+ blob (\d+)$/.exec(header)?.[1]);
        if (!Number.isInteger(size)) {
          reject(new DiffInputError(`git cat-file --batch: unexpected answer for ${id}: ${header}`));
          return;
        }
        blobs.push(output.subarray(headerEnd + 1, headerEnd + 1 + size));
        offset = headerEnd + 1 + size + 1;
      }
      resolveBlobs(blobs);
    });
    child.stdin.end(objectIds.map((id) => `${id}\n`).join(''));
  });
}

/** The docs folder as it is at a git ref, read straight from the object database. */
async function readGitSide(ref: string, docs: string | undefined, io: CliIo): Promise<{ side: Side; root: string; docsInRepo: string }> {
  const root = (await git(['rev-parse', '--show-toplevel'], io.cwd)).trim();
  await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], io.cwd).catch(() => {
    throw new DiffInputError(`--base ${ref}: not a commit in this repository`);
  });
  // The default docs folder is the repository's, wherever the command runs from.
  const docsInRepo = docs === undefined ? 'docs-source' : toShown(resolve(io.cwd, docs), root);
  if (docsInRepo.startsWith('/') || docsInRepo.startsWith('..')) throw new DiffInputError(`--docs ${docs}: outside the repository at ${root}`);
  const listing = await git(['ls-tree', '-r', '-z', '--full-tree', ref, '--', docsInRepo === '.' ? '.' : docsInRepo], root);
  const blobs = listing
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta = '', path = ''] = line.split('\t');
      const [, type, id] = meta.split(' ');
      return { type, id: id ?? '', path };
    })
    .filter((entry) => entry.type === 'blob');
  const configPath = docsInRepo === '.' ? configFileName : `${docsInRepo}/${configFileName}`;
  const config = blobs.find((blob) => blob.path === configPath);
  const pageBlobs = blobs.filter((blob) => pageFileName.test(basename(blob.path))).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const wanted = config ? [...pageBlobs, config] : pageBlobs;
  const contents = await readBlobs(
    wanted.map((blob) => blob.id),
    root,
  );
  const settings = config ? textSettings(contents.at(-1)!.toString('utf8'), `${ref}:${configPath}`) : {};
  const pages = pageBlobs.map((blob, index) => {
    // Repository-relative, like the paths of the working-tree side and of GitHub annotations.
    const shown = blob.path;
    const insideDocs = docsInRepo === '.' ? blob.path : blob.path.slice(docsInRepo.length + 1);
    return { shown, source: contents[index]!.toString('utf8'), locale: localeOf(insideDocs), module: moduleFromPath(blob.path) };
  });
  return { side: await mergePages(pages, ref, settings), root, docsInRepo };
}

function writeAtomic(target: string, content: string): void {
  const staged = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(staged, content);
    renameSync(staged, target);
  } catch (error) {
    rmSync(staged, { force: true });
    throw new DiffInputError(`cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, writeFailed);
  }
}

/** Changeset files in a folder (README.md excepted), as `@changesets/parse` expects them. */
function readChangesetFolder(dir: string, io: CliIo): Array<{ file: string; content: string }> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md')
    .sort()
    .map((name) => {
      const file = join(dir, name);
      const shown = toShown(file, io.cwd);
      return { file: shown, content: readText(file, shown) };
    });
}

function printDiagnostics(sides: readonly Side[], io: CliIo): void {
  for (const side of sides) {
    const errors = side.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    for (const diagnostic of errors) {
      const { file, line, column } = diagnostic.position;
      io.stderr(`${file}:${line}:${column}  error  ${diagnostic.message}  ${diagnostic.ruleId}\n`);
    }
  }
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new DiffInputError(`${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value as T;
}

/**
 * Run `errcat diff`.
 * @param args Arguments after `diff`.
 * @param io Process io.
 * @returns Exit code: 0 nothing at or above `--fail-on`, 1 something is, 2 bad input, 3 write failure.
 */
export async function runDiff(args: string[], io: CliIo): Promise<number> {
  try {
    return await diffCommand(args, io);
  } catch (error) {
    if (error instanceof DiffInputError || error instanceof CliError) {
      io.stderr(`errcat diff: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

async function diffCommand(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        base: { type: 'string' },
        docs: { type: 'string' },
        module: { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string' },
        'fail-on': { type: 'string' },
        changesets: { type: 'string' },
        changeset: { type: 'boolean' },
        'changeset-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new DiffInputError(`${(error as Error).message} (see 'errcat diff --help')`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(diffUsage);
    return exitCodes.ok;
  }
  const format = oneOf<ReportFormat>(values.format, reportFormats, '--format', 'text');
  const failOn = oneOf<FailOn>(values['fail-on'], failOnValues, '--fail-on', 'none');

  let before: Side;
  let after: Side;
  let changesetBase = io.cwd;
  if (values.base !== undefined) {
    if (positionals.length > 0) throw new DiffInputError(`--base compares with the working tree: give no other side (got ${positionals.join(' ')})`);
    const fromGit = await readGitSide(values.base, values.docs, io);
    before = fromGit.side;
    const docsDir = join(fromGit.root, fromGit.docsInRepo);
    const exists = statSync(docsDir, { throwIfNoEntry: false })?.isDirectory() === true;
    after = exists ? await mergePages(pagesInFolder(docsDir, fromGit.root), 'working tree', folderSettings(docsDir, fromGit.root)) : await mergePages([], 'working tree');
    changesetBase = fromGit.root;
  } else {
    if (values.docs !== undefined) throw new DiffInputError('--docs applies only with --base');
    if (positionals.length !== 2) throw new DiffInputError(`expected two sides, <old> <new>, or --base <ref> (see 'errcat diff --help')`);
    const [oldSpec, newSpec] = positionals as [string, string];
    before = await readSide(oldSpec, io, values.module, newSpec);
    after = await readSide(newSpec, io, values.module, oldSpec);
  }
  printDiagnostics([before, after], io);

  const report = diffCatalogues(before.catalogue, after.catalogue, { labels: { old: before.label, new: after.label } });
  const output = formatReport(report, format, { color: format === 'text' && io.isTTY && !values.output && io.env.NO_COLOR === undefined });
  if (values.output !== undefined) writeAtomic(resolve(io.cwd, values.output), output);
  else io.stdout(output);

  if (values.changeset) {
    const changeset = renderChangeset(report);
    if (!changeset) {
      io.stderr('errcat diff: no package needs a release; no changeset written\n');
    } else {
      const target = join(resolve(changesetBase, values['changeset-dir'] ?? '.changeset'), changeset.fileName);
      writeAtomic(target, changeset.content);
      io.stderr(`errcat diff: wrote ${toShown(target, io.cwd)} (${changeset.releases.map((release) => `${release.name}: ${release.type}`).join(', ')})\n`);
    }
  }

  let declared;
  if (values.changesets !== undefined) {
    try {
      declared = declaredReleasesFromFiles(readChangesetFolder(resolve(io.cwd, values.changesets), io));
    } catch (error) {
      throw new DiffInputError((error as Error).message);
    }
  }
  const failing = failingFindings(report, failOn, declared);
  if (failing.length > 0) {
    const covered = declared ? ' not covered by a changeset' : '';
    io.stderr(`errcat diff: ${failing.length} finding(s) at or above '${failOn}'${covered}\n`);
    return exitCodes.failed;
  }
  return exitCodes.ok;
}
