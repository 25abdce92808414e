import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { CliError, ExitCode } from './errors.js';
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
    if (seen.has(target)) throw new CliError(`two outputs want the same file: ${displayPath(target, cwd)}`, ExitCode.internal);
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

/**
 * Write the missing and stale files of a plan, leaving unchanged files alone (their mtime kept).
 *
 * Every file is first written in full to a staging folder beside its root (same file system),
 * then every destination folder is created, and only then are the staged files renamed into
 * place, one `rename` each. So a failure or a kill while staging leaves every destination as it
 * was; each file is always either its old or its new content, never a mix; and a kill during the
 * short rename pass leaves a journal that the next build replays first (recoverInterruptedCommit; it completes
 * it). Staging folders of dead builds are removed by the next build. Files to remove are deleted
 * after the other renames and before the files marked `last`, so a manifest that lists them is
 * replaced only once they are gone.
 * @param plan Output of {@link planFiles}.
 * @param remove Files to delete (already checked to lie inside their root).
 */
export function commitFiles(plan: readonly PlannedFile[], remove: readonly RemovedFile[] = []): CommitResult {
  const written = plan.filter((file) => file.state !== 'unchanged');
  const unchanged = plan.filter((file) => file.state === 'unchanged');
  if (written.length === 0 && remove.length === 0) return { written, unchanged, removed: [] };
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
  return { written, unchanged, removed: [...remove] };
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
 * Finish a commit that a killed build left half done: make the renames and removals its journal
 * lists that are still to do, in the same order, then drop the journal. Call before reading the
 * output folder.
 * @param root An output root (the folder a build writes its manifest into).
 * @returns Whether there was an interrupted commit to finish.
 */
export function recoverInterruptedCommit(root: string): boolean {
  const file = journalPath(root);
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
  let folder = dirname(target);
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
    throw new CliError(`cannot create a staging folder in ${parent}: ${reason(error)}`, ExitCode.internal);
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
    throw new CliError(`cannot write ${file.shown}: ${reason(error)}`, ExitCode.internal);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a file is in the way of a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on the device';
  return error instanceof Error ? error.message : String(error);
}
