// `errcat diff --base <ref>`: the docs folder at a git ref of the repository that holds it,
// read from the object database (nothing is checked out), against its working tree.
import { execFile, spawn } from 'node:child_process';
import { realpathSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { moduleFromPath } from '@errcat/parser';
import { displayPath, firstInvalidUtf8, pageFileName, parseConfig, stripBom } from '@errcat/build';
import { configFileName, DiffInputError, folderSettings, localeOf, mergePages, pagesInFolder, type Side } from './sides.js';

const run = promisify(execFile);

/** Paths given to git are paths, never patterns. */
const gitEnvironment = { ...process.env, GIT_LITERAL_PATHSPECS: '1' };

async function git(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', env: gitEnvironment });
  return stdout;
}

function gitMessage(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim().split('\n')[0];
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'git is not installed (or not on PATH)';
  return stderr || (error instanceof Error ? error.message.split('\n')[0]! : String(error));
}

/** Reads many blobs through one `git cat-file --batch`. */
function readBlobs(objectIds: readonly string[], cwd: string): Promise<Buffer[]> {
  return new Promise((resolveBlobs, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: gitEnvironment });
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

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A blob's text, held to the same rules as a file in the working tree. */
function blobText(bytes: Buffer, shown: string): string {
  if (bytes.length === 0) throw new DiffInputError(`${shown}: file is empty`);
  try {
    return stripBom(utf8.decode(bytes));
  } catch {
    const { line, column } = firstInvalidUtf8(bytes);
    throw new DiffInputError(`${shown}:${line}:${column}: not valid UTF-8`);
  }
}

/** Both sides of `--base`, and the root of the repository they come from. */
export interface BaseSides {
  before: Side;
  after: Side;
  /** Root of the repository holding the docs folder. */
  root: string;
}

/**
 * Read the docs folder at `ref` and in the working tree of the repository that holds it.
 * @param ref A commit-ish of that repository.
 * @param docs `--docs` as typed (relative to `cwd`); default `docs-source` at the root of the repository holding `cwd`.
 * @param cwd The folder the user ran the command in.
 * @param cacheDir Folder of cached parse results, if any.
 */
export async function readBaseSides(ref: string, docs: string | undefined, cwd: string, cacheDir?: string): Promise<BaseSides> {
  let docsDir: string;
  if (docs !== undefined) {
    docsDir = resolve(cwd, docs);
  } else {
    const top = await git(['rev-parse', '--show-toplevel'], cwd).catch((error: unknown) => {
      throw new DiffInputError(`--base: ${displayPath(cwd, cwd)} is not in a git repository (${gitMessage(error)}); give the docs folder with --docs DIR`);
    });
    docsDir = join(top.trim(), 'docs-source');
  }
  const shown = displayPath(docsDir, cwd);
  const stats = statSync(docsDir, { throwIfNoEntry: false });
  if (!stats) throw new DiffInputError(`${shown}: docs folder does not exist${docs === undefined ? ' (give the docs folder with --docs DIR)' : ''}`);
  if (!stats.isDirectory()) throw new DiffInputError(`${shown}: docs folder is not a folder`);
  const realDocs = realpathSync(docsDir);
  const root = (
    await git(['rev-parse', '--show-toplevel'], realDocs).catch((error: unknown) => {
      throw new DiffInputError(`${shown}: not in a git repository (${gitMessage(error)})`);
    })
  ).trim();
  const docsInRepo = relative(root, realDocs).split(sep).join('/');
  if (docsInRepo.startsWith('..')) throw new DiffInputError(`${shown}: outside the repository at ${root}`);
  await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], root).catch(() => {
    throw new DiffInputError(`--base ${ref}: not a commit in the repository at ${root}`);
  });

  const before = await refSide(ref, docsInRepo, root, cacheDir);
  const after = await workingTreeSide(realDocs, root, shown, cacheDir);
  return { before, after, root };
}

async function workingTreeSide(docsDir: string, root: string, shown: string, cacheDir: string | undefined): Promise<Side> {
  const pages = pagesInFolder(docsDir, root);
  if (pages.length === 0) throw new DiffInputError(`${shown}: holds no errorcode-*.md page`);
  return mergePages(pages, 'working tree', folderSettings(docsDir, root), cacheDir);
}

/** The docs folder at a ref; a folder the ref does not have is an empty side (every module added). */
async function refSide(ref: string, docsInRepo: string, root: string, cacheDir: string | undefined): Promise<Side> {
  const inside = docsInRepo === '' ? '' : `${docsInRepo}/`;
  const listing = await git(['ls-tree', '-r', '-z', '--full-tree', ref, '--', docsInRepo === '' ? '.' : docsInRepo], root).catch((error: unknown) => {
    throw new DiffInputError(`--base ${ref}: git ls-tree: ${gitMessage(error)}`);
  });
  const blobs = listing
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode = '', type = '', id = ''] = line.slice(0, tab).split(' ');
      return { mode, type, id, path: line.slice(tab + 1) };
    })
    // Regular files only (a link's blob is its target), in the folders findPages walks in the working tree.
    .filter((entry) => entry.type === 'blob' && entry.mode.startsWith('100') && entry.path.startsWith(inside))
    .filter((entry) => !entry.path.slice(inside.length).split('/').some((segment) => segment.startsWith('.') || segment === 'node_modules'));
  const config = blobs.find((blob) => blob.path === `${inside}${configFileName}`);
  const pageBlobs = blobs.filter((blob) => pageFileName.test(basename(blob.path))).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const wanted = config ? [...pageBlobs, config] : pageBlobs;
  const contents = wanted.length === 0 ? [] : await readBlobs(wanted.map((blob) => blob.id), root);
  const settings = config ? parseConfig(blobText(contents.at(-1)!, `${ref}:${config.path}`), `${ref}:${config.path}`) : {};
  const pages = pageBlobs.map((blob, index) => ({
    // Repository-relative, like the working-tree side's paths and GitHub annotations.
    shown: blob.path,
    source: blobText(contents[index]!, `${ref}:${blob.path}`),
    locale: localeOf(blob.path.slice(inside.length)),
    module: moduleFromPath(blob.path),
  }));
  return mergePages(pages, ref, settings, cacheDir);
}
