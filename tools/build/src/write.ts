import {
  chmodSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { exchangeUnsupported, pathExchange, type ExchangePaths } from './exchange.js';
import { outputError } from './errors.js';
import { displayPath, resolveInside } from './paths.js';

/** A file a command wants on disk. */
export interface OutputFile {
  /** Absolute folder the file must stay inside. */
  root: string;
  /** Path inside the root, `/`-separated. */
  path: string;
  content: string;
  /** Moved into place after every other file and after removals (a manifest, say). */
  last?: boolean;
}

/** A file that an earlier run wrote and this one no longer wants. */
export interface RemovedFile {
  /** Absolute folder the file lies inside; it is never removed. */
  root: string;
  /** Absolute path. */
  target: string;
  /** Path as shown to the user. */
  shown: string;
}

/** How a wanted file compares with what is on disk. */
export type FileState = 'missing' | 'stale' | 'unchanged';

/** A wanted file, resolved and compared with the disk. */
export interface PlannedFile extends OutputFile {
  /** Absolute destination. */
  target: string;
  /** Destination as shown to the user. */
  shown: string;
  state: FileState;
}

/** What {@link commitFiles} did. */
export interface CommitResult {
  written: PlannedFile[];
  unchanged: PlannedFile[];
  removed: RemovedFile[];
}

/**
 * Resolve every wanted file inside its root and compare it with the disk. Reads only.
 * @param files Wanted files (content with LF line endings).
 * @param cwd Folder paths are shown relative to.
 * @returns One entry per file, in the given order.
 */
export function planFiles(files: readonly OutputFile[], cwd: string): PlannedFile[] {
  const seen = new Set<string>();
  return files.map((file) => {
    const target = resolveInside(file.root, file.path);
    if (seen.has(target)) throw outputError(`two outputs want the same file: ${displayPath(target, cwd)}`);
    seen.add(target);
    const content = file.content.replace(/\r\n?/g, '\n');
    return { ...file, content, target, shown: displayPath(target, cwd), state: compareWithDisk(target, content) };
  });
}

function compareWithDisk(target: string, content: string): FileState {
  let existing: Buffer;
  try {
    existing = readFileSync(target);
  } catch {
    return 'missing';
  }
  return existing.equals(Buffer.from(content, 'utf8')) ? 'unchanged' : 'stale';
}

const stagingPrefix = '.errcat-staging-';

/** How {@link commitFiles} may commit. */
export interface CommitOptions {
  /**
   * Roots committed as one tree: the whole new tree is built beside the root (unchanged and
   * foreign files hard-linked, so cheap) and swapped with the root in one system call.
   */
  wholeRoots?: readonly string[];
  /** The swap to use; `null` forces file-by-file commits (default: the platform's, if any). */
  exchange?: ExchangePaths | null;
}

/**
 * Write the missing and stale files of a plan, leaving unchanged files alone (their mtime kept).
 *
 * Nothing on disk changes until everything is staged, so a failure or a kill while staging
 * leaves every destination as it was. A root in `options.wholeRoots` is then replaced as a whole
 * by one atomic exchange (where the platform has one): anyone looking sees the old tree or the
 * new one, never a mix, whenever the build is killed. Other roots (and whole roots where no
 * exchange exists) get one `rename` per file after a journal of the renames is written; a kill
 * in that short pass is finished by the next build (recoverInterruptedCommit). Files to remove
 * go before the files marked `last`, so a manifest that lists them is replaced only once they
 * are gone. Staging folders of dead builds are removed by the next build.
 * @param plan Output of {@link planFiles}.
 * @param remove Files to delete (already checked to lie inside their root).
 */
export function commitFiles(plan: readonly PlannedFile[], remove: readonly RemovedFile[] = [], options: CommitOptions = {}): CommitResult {
  const written = plan.filter((file) => file.state !== 'unchanged');
  const unchanged = plan.filter((file) => file.state === 'unchanged');
  if (written.length === 0 && remove.length === 0) return { written, unchanged, removed: [] };
  const wholeRoots = new Set(options.wholeRoots);
  // koffi is loaded only when a whole root is to be swapped.
  const exchange = wholeRoots.size === 0 ? undefined : options.exchange === undefined ? pathExchange() : (options.exchange ?? undefined);
  const trees: StagedTree[] = [];
  try {
    for (const root of exchange ? wholeRoots : []) {
      const rootPlan = plan.filter((file) => file.root === root);
      const rootRemove = remove.filter((file) => file.root === root);
      if (rootRemove.length > 0 || rootPlan.some((file) => file.state !== 'unchanged')) trees.push(stageTree(root, rootPlan, rootRemove));
    }
    const inTree = (file: { root: string }) => trees.some((tree) => tree.root === file.root);
    commitFileByFile(
      written.filter((file) => !inTree(file)),
      remove.filter((file) => !inTree(file)),
    );
    for (const tree of trees) {
      try {
        exchange!(tree.staging, tree.realRoot);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (!exchangeUnsupported.has(code)) throw outputError(`cannot replace ${tree.shown}: ${reason(error)}`);
        // This file system cannot exchange (or the root is a mount point): move file by file.
        commitFileByFile(
          written.filter((file) => file.root === tree.root),
          remove.filter((file) => file.root === tree.root),
        );
      }
    }
  } finally {
    // After an exchange the staging folder holds the old tree. The commit is made by then, so a
    // failure to delete it is not the build's: the next build removes what is left.
    for (const tree of trees) {
      try {
        rmSync(tree.staging, { recursive: true, force: true });
      } catch {
        // Left for the next build.
      }
    }
  }
  return { written, unchanged, removed: [...remove] };
}

/** A complete new tree for one root, built beside it. */
interface StagedTree {
  root: string;
  /** The root with symbolic links resolved: the folder that is swapped, so a linked root stays a link. */
  realRoot: string;
  staging: string;
  shown: string;
}

/**
 * Build the root's next tree in a staging folder: the files to write, and hard links to every
 * other file now in the root (unchanged outputs, and files errcat does not own) except those
 * to remove. Reads the root; never changes it.
 */
function stageTree(root: string, rootPlan: readonly PlannedFile[], rootRemove: readonly RemovedFile[]): StagedTree {
  const realRoot = createRealFolder(root);
  const staging = createStagingDir(realRoot);
  const shown = shownRoot(rootPlan[0]) ?? basename(root);
  const tree = { root, realRoot, staging, shown };
  try {
    guard({ shown }, () => chmodSync(staging, statSync(realRoot).mode & 0o7777));
    const planned = new Map(rootPlan.map((file) => [file.target, file]));
    const removed = new Set(rootRemove.map((file) => file.target));
    // `inside` is the path below the root; plans and removals name files by the unresolved root.
    const carry = (inside: string) => {
      for (const entry of readdirSync(join(realRoot, inside), { withFileTypes: true })) {
        const path = join(inside, entry.name);
        const source = join(realRoot, path);
        const target = join(staging, path);
        if (removed.has(join(root, path))) continue;
        const file = planned.get(join(root, path));
        if (entry.isDirectory()) {
          mkdirSync(target);
          carry(path);
        } else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
        else if (!file || file.state === 'unchanged') linkOrCopy(source, target);
      }
    };
    guard({ shown }, () => carry(''));
    for (const file of rootPlan) {
      if (file.state === 'unchanged') continue;
      const staged = join(staging, ...file.path.split('/'));
      guard(file, () => {
        mkdirSync(dirname(staged), { recursive: true });
        writeFileSync(staged, file.content);
      });
    }
    // Folders that held only removed files go with them, as removeFile does.
    for (const file of rootRemove) pruneEmptyFolders(staging, join(staging, relative(root, dirname(file.target))));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return tree;
}

/** The root as the user sees it: a planned file's shown path without its path inside the root. */
function shownRoot(file: PlannedFile | undefined): string | undefined {
  if (!file) return undefined;
  const inside = file.path.split('/').join(sep);
  return file.shown.endsWith(sep + inside) ? file.shown.slice(0, -inside.length - 1) : undefined;
}

function linkOrCopy(source: string, target: string): void {
  try {
    linkSync(source, target);
  } catch {
    // File systems without hard links: a copy that keeps the mtime.
    cpSync(source, target, { preserveTimestamps: true });
  }
}

/** Create a folder if missing; returns its path with symbolic links resolved. */
function createRealFolder(root: string): string {
  try {
    mkdirSync(root, { recursive: true });
    return realpathSync(root);
  } catch (error) {
    throw outputError(`cannot create ${root}: ${reason(error)}`);
  }
}

/** Stage every file, write the journal, then rename file by file (see {@link commitFiles}). */
function commitFileByFile(written: readonly PlannedFile[], remove: readonly RemovedFile[]): void {
  if (written.length === 0 && remove.length === 0) return;
  const stagingDirs = new Map<string, string>();
  try {
    const staged = written.map((file) => {
      let staging = stagingDirs.get(file.root);
      if (!staging) {
        staging = createStagingDir(file.root);
        stagingDirs.set(file.root, staging);
      }
      const stagedPath = join(staging, ...file.path.split('/'));
      guard(file, () => {
        mkdirSync(dirname(stagedPath), { recursive: true });
        writeFileSync(stagedPath, file.content);
      });
      return { file, stagedPath };
    });
    for (const { file } of staged) {
      guard(file, () => {
        mkdirSync(dirname(file.target), { recursive: true });
        if (existsSync(file.target) && statSync(file.target).isDirectory()) throw new Error('a folder is in the way');
      });
    }
    // Everything is staged: record the renames first, so that a build killed while doing them is
    // finished by the next errcat run (see recoverInterruptedCommit) instead of leaving a mix.
    const journalRoot = (written.find((file) => file.last) ?? written[0] ?? remove[0])!.root;
    const journal: CommitJournal = {
      renames: [...staged.filter(({ file }) => !file.last), ...staged.filter(({ file }) => file.last)].map(({ file, stagedPath }) => ({
        from: stagedPath,
        to: file.target,
        last: file.last === true,
      })),
      removals: remove.map((file) => ({ root: file.root, target: file.target })),
    };
    writeJournal(journalRoot, journal);
    for (const { file, stagedPath } of staged) if (!file.last) guard(file, () => renameSync(stagedPath, file.target));
    for (const file of remove) guard(file, () => removeFile(file.root, file.target));
    for (const { file, stagedPath } of staged) if (file.last) guard(file, () => renameSync(stagedPath, file.target));
    rmSync(journalPath(journalRoot), { force: true });
  } finally {
    for (const staging of stagingDirs.values()) rmSync(staging, { recursive: true, force: true });
  }
}

/** The renames and removals of one commit, written before the first of them is made. */
interface CommitJournal {
  renames: Array<{ from: string; to: string; last: boolean }>;
  removals: Array<{ root: string; target: string }>;
}

function journalPath(root: string): string {
  return join(dirname(root), `.errcat-journal-${basename(root)}.json`);
}

function writeJournal(root: string, journal: CommitJournal): void {
  const file = journalPath(root);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(journal));
  renameSync(temporary, file);
}

/**
 * Clean up after a build that was killed: finish a commit it left half done (make the renames and
 * removals its journal lists that are still to do, in the same order, then drop the journal), and
 * remove the staging folders it left beside the root. Call before reading the output folder, for
 * the root that holds the manifest first.
 * @param root An output root.
 * @returns Whether there was an interrupted commit to finish.
 */
export function recoverInterruptedCommit(root: string): boolean {
  const finished = replayJournal(root);
  for (const folder of new Set([root, existsSync(root) ? realpathSync(root) : root])) {
    if (existsSync(dirname(folder))) removeDeadStagingDirs(dirname(folder), `${stagingPrefix}${basename(folder)}-`);
  }
  return finished;
}

function replayJournal(root: string): boolean {
  const file = journalPath(root);
  removeDeadJournalDrafts(file);
  if (!existsSync(file)) return false;
  let journal: CommitJournal;
  try {
    journal = JSON.parse(readFileSync(file, 'utf8')) as CommitJournal;
  } catch {
    // Written aside and renamed, so a journal that does not parse was never complete: nothing was renamed.
    rmSync(file, { force: true });
    return false;
  }
  const move = (entry: { from: string; to: string }) => {
    if (!existsSync(entry.from)) return;
    mkdirSync(dirname(entry.to), { recursive: true });
    renameSync(entry.from, entry.to);
  };
  for (const entry of journal.renames) if (!entry.last) move(entry);
  for (const removal of journal.removals) if (existsSync(removal.target)) removeFile(removal.root, removal.target);
  for (const entry of journal.renames) if (entry.last) move(entry);
  rmSync(file, { force: true });
  return true;
}

/** Delete a file and the folders it leaves empty (never the root it was resolved in). */
function removeFile(root: string, target: string): void {
  rmSync(target, { force: true });
  pruneEmptyFolders(root, dirname(target));
}

/** Remove `folder` if empty, then its parents while they are empty, up to (not including) `root`. */
function pruneEmptyFolders(root: string, folder: string): void {
  try {
    while (folder.startsWith(root + sep) && readdirSync(folder).length === 0) {
      rmdirSync(folder);
      folder = dirname(folder);
    }
  } catch {
    // A folder that cannot be listed or removed is simply left.
  }
}

/**
 * Write one file atomically (staged beside it, then renamed), unless it already holds `content`.
 * Missing folders on the way are created.
 * @param target Absolute path.
 * @param content Text to write.
 * @param shown Path as shown to the user.
 * @returns Whether the file was written.
 */
export function writeFileAtomic(target: string, content: string, shown: string): boolean {
  if (compareWithDisk(target, content) === 'unchanged') return false;
  const staged = join(dirname(target), `${stagingPrefix}${basename(target)}-${process.pid}-${Date.now()}`);
  const file = { shown } as PlannedFile;
  try {
    guard(file, () => {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(staged, content);
      renameSync(staged, target);
    });
  } finally {
    rmSync(staged, { force: true });
  }
  return true;
}

function createStagingDir(root: string): string {
  const parent = dirname(root);
  const prefix = `${stagingPrefix}${basename(root)}-`;
  try {
    mkdirSync(root, { recursive: true });
    removeDeadStagingDirs(parent, prefix);
    return mkdtempSync(join(parent, `${prefix}${process.pid}-`));
  } catch (error) {
    throw outputError(`cannot create a staging folder in ${parent}: ${reason(error)}`);
  }
}

/** Journals a killed build was still writing (never renamed into place, so never acted on). */
function removeDeadJournalDrafts(journal: string): void {
  const prefix = `${basename(journal)}.`;
  if (!existsSync(dirname(journal))) return;
  for (const name of readdirSync(dirname(journal))) {
    const pid = Number(/^(\d+)\.tmp$/.exec(name.slice(prefix.length))?.[1]);
    if (name.startsWith(prefix) && Number.isInteger(pid) && !isAlive(pid)) rmSync(join(dirname(journal), name), { force: true });
  }
}

/** Staging folders left by builds that were killed (their process is gone). */
function removeDeadStagingDirs(parent: string, prefix: string): void {
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && !isAlive(pid)) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function guard(file: Pick<PlannedFile, 'shown'>, action: () => void): void {
  try {
    action();
  } catch (error) {
    throw outputError(`cannot write ${file.shown}: ${reason(error)}`);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a file is in the way of a folder';
  if (code === 'EISDIR') return 'a folder is in the way';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on the device';
  return error instanceof Error ? error.message : String(error);
}
