import {
  chmodSync,
  cpSync,
  existsSync,
  linkSync,
  lstatSync,
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
import { hashContent, knownHash, type OutputIndex } from './output-index.js';
import { displayPath, pathGuard } from './paths.js';

/** A file a command wants on disk. */
export interface OutputFile {
  /** Absolute folder the file must stay inside. */
  root: string;
  /** Path inside the root, `/`-separated. */
  path: string;
  /** The text (read only when needed, so it may be a getter). */
  content: string;
  /** The bytes to write as they are, when at hand (then `content` is not read). */
  bytes?: Uint8Array;
  /** SHA-1 of the text with LF line endings, when known already (see hashContent). */
  hash?: string;
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
  /** SHA-1 of the content (see hashContent). */
  hash: string;
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
 * @param index What the last build left (optional): a file whose stats still match its record
 *   is compared by hash without being read; any other file is read.
 * @returns One entry per file, in the given order.
 */
export function planFiles(files: readonly OutputFile[], cwd: string, index?: OutputIndex): PlannedFile[] {
  const seen = new Set<string>();
  const guard = pathGuard();
  // A file in a folder that is not there is missing, found without the failed read (a cold build's thousands).
  const folders = new Map<string, boolean>();
  const folderExists = (folder: string) => {
    let exists = folders.get(folder);
    if (exists === undefined) folders.set(folder, (exists = existsSync(folder)));
    return exists;
  };
  return files.map((file) => {
    const target = guard(file.root, file.path);
    if (seen.has(target)) throw outputError(`two outputs want the same file: ${displayPath(target, cwd)}`);
    seen.add(target);
    // The text is fetched only when the disk has to be compared with it, or it is written.
    let text: string | undefined;
    const content = () => (text ??= file.content.replace(/\r\n?/g, '\n'));
    const bytes = file.bytes;
    const hash = file.hash ?? hashContent(bytes ?? content());
    const planned: PlannedFile = {
      root: file.root,
      path: file.path,
      target,
      get shown() {
        return displayPath(target, cwd);
      },
      hash,
      state: compareWithDisk(target, bytes ?? content, hash, index, folderExists),
      get content() {
        return content();
      },
    };
    if (bytes) planned.bytes = bytes;
    if (file.last) planned.last = true;
    return planned;
  });
}

function compareWithDisk(
  target: string,
  content: Uint8Array | (() => string),
  hash: string,
  index?: OutputIndex,
  folderExists: (folder: string) => boolean = () => true,
): FileState {
  const known = knownHash(index, target);
  if (known === null) return 'missing';
  if (known !== undefined) return known === hash ? 'unchanged' : 'stale';
  if (!folderExists(dirname(target))) return 'missing';
  let existing: Buffer;
  try {
    existing = readFileSync(target);
  } catch {
    return 'missing';
  }
  return existing.equals(typeof content === 'function' ? Buffer.from(content(), 'utf8') : content) ? 'unchanged' : 'stale';
}

const stagingPrefix = '.errcat-staging-';

/** How {@link commitFiles} may commit. */
export interface CommitOptions {
  /**
   * Roots whose top-level folders are replaced whole: each folder with a change is built
   * complete beside the root (its unchanged and foreign files hard-linked, so cheap) and
   * swapped in; all the swaps and renames of the commit are one journaled transaction.
   */
  swapRoots?: readonly string[];
  /** The swap to use; `null` forces file-by-file commits (default: the platform's, if any). */
  exchange?: ExchangePaths | null;
  /**
   * Folders the caller wrote ahead into a staging area ({@link openStagingArea}): each of
   * `staged.folders` holds in `staged.dir/next` exactly the plan's files of a top-level folder
   * of a swap root that does not hold that folder, and is moved in instead of written again.
   */
  staged?: StagingArea;
}

/**
 * A staging area opened before the commit, so that top-level folders a root does not hold yet
 * can be written into it, complete, while the build goes on (see {@link CommitOptions.staged}).
 */
export interface StagingArea {
  /** The root it is for, with symbolic links resolved. */
  root: string;
  /** The staging folder, beside the root. */
  dir: string;
  /** Top-level folders of the root written complete into `dir/next`. */
  folders: Set<string>;
}

/**
 * Open a staging area for a root (not created if missing) whose parent folder exists.
 * @returns The area, or none when the root's parent is not there to hold one.
 */
export function openStagingArea(root: string): StagingArea | undefined {
  let realRoot: string;
  try {
    realRoot = existsSync(root) ? realpathSync(root) : join(realpathSync(dirname(root)), basename(root));
  } catch {
    return undefined;
  }
  return { root: realRoot, dir: createStagingDir(realRoot, false), folders: new Set() };
}

/**
 * `mkdir -p` for many files in few folders: each folder is made once, not once per file in it
 * (a package has 12 files in 4 folders).
 * @param existing Folders known to be there already.
 */
export function folderMaker(existing: Iterable<string> = []): (folder: string) => void {
  const made = new Set(existing);
  return (folder) => {
    if (made.has(folder)) return;
    mkdirSync(folder, { recursive: true });
    made.add(folder);
  };
}

/** Remove a staging area that no commit took (idempotent; a commit removes the one it took). */
export function closeStagingArea(area: StagingArea | undefined): void {
  if (area) rmSync(area.dir, { recursive: true, force: true });
}

/**
 * Where a file of a top-level folder written ahead goes in a staging area.
 * @param area The area.
 * @param path Path inside the root, `/`-separated.
 */
export function stagedPath(area: Pick<StagingArea, 'dir'>, path: string): string {
  return join(area.dir, 'next', ...path.split('/'));
}

/**
 * Write the missing and stale files of a plan, leaving unchanged files alone (their mtime kept).
 *
 * Nothing on disk changes until everything is staged, so a failure or a kill while staging
 * leaves every destination as it was. Where the platform can exchange two paths in one call,
 * the commit is then one transaction: a journal lists every step, then each top-level folder of
 * a root in `options.swapRoots` that holds a change is swapped with its complete new version,
 * and every other file is swapped or moved into place. A step that fails undoes the steps made
 * before it, so the old output stays; a kill between steps (a few system calls) is finished by
 * the next build (recoverInterruptedCommit), so that output is then wholly new. Folders without
 * a change are not touched. Where there is no exchange, each file gets one `rename` after a
 * journal of the renames is written, and a kill in that pass is finished the same way. Files to
 * remove go before the files marked `last`, so a manifest that lists them is replaced only once
 * they are gone. Staging folders of dead builds are removed by the next build.
 * @param plan Output of {@link planFiles}.
 * @param remove Files to delete (already checked to lie inside their root).
 */
export function commitFiles(plan: readonly PlannedFile[], remove: readonly RemovedFile[] = [], options: CommitOptions = {}): CommitResult {
  const written = plan.filter((file) => file.state !== 'unchanged');
  const unchanged = plan.filter((file) => file.state === 'unchanged');
  const result = { written, unchanged, removed: [...remove] };
  if (written.length === 0 && remove.length === 0) return { ...result, removed: [] };
  const swapRoots = new Set(options.swapRoots);
  // koffi is loaded only when folders are to be swapped.
  const exchange = swapRoots.size === 0 ? undefined : options.exchange === undefined ? pathExchange() : (options.exchange ?? undefined);
  if (!exchange || !commitTransaction(plan, remove, swapRoots, exchange, options.staged)) commitFileByFile(written, remove);
  return result;
}

/**
 * One step of a transaction. `exchange` swaps `from` and `to`; `move` renames `from` to `to`
 * (free beforehand). Either way the step is done exactly when `to` is the inode `ino`, which
 * makes every step safe to check, redo and undo.
 */
interface Step {
  kind: 'exchange' | 'move';
  from: string;
  to: string;
  ino: number;
  /** Path as shown to the user. */
  shown: string;
}

/** The steps of one transaction, written before the first of them is made. */
interface TransactionJournal {
  steps: Step[];
  /** Staging folders to delete once the steps are made (they then hold the old versions). */
  staging: string[];
}

/**
 * Commit a plan as one transaction of swaps and moves (see {@link commitFiles}).
 * @returns false when the file system cannot swap here (nothing changed), so the caller commits file by file.
 */
function commitTransaction(
  plan: readonly PlannedFile[],
  remove: readonly RemovedFile[],
  swapRoots: ReadonlySet<string>,
  exchange: ExchangePaths,
  staged: StagingArea | undefined,
): boolean {
  const areas = new Map<string, string>();
  if (staged) areas.set(staged.root, staged.dir);
  const area = (root: string) => {
    let staging = areas.get(root);
    if (!staging) {
      staging = createStagingDir(root);
      areas.set(root, staging);
    }
    return staging;
  };
  const folderSteps: Step[] = [];
  const fileSteps: Step[] = [];
  const lastSteps: Step[] = [];
  let journalRoot: string | undefined;
  try {
    const roots = new Set([...plan.filter((file) => file.state !== 'unchanged'), ...remove].map((file) => file.root));
    for (const root of roots) {
      const rootPlan = plan.filter((file) => file.root === root);
      const rootRemove = remove.filter((file) => file.root === root);
      const realRoot = createRealFolder(root);
      const folders = swapRoots.has(root) ? changedFolders(root, rootPlan, rootRemove) : new Map<string, FolderChange>();
      for (const [name, change] of folders) {
        const ahead = staged?.root === realRoot && staged.folders.has(name);
        const step = stageFolder(realRoot, name, change, area(realRoot), ahead);
        if (step) folderSteps.push(step);
      }
      for (const file of rootPlan) {
        if (file.state === 'unchanged' || folders.has(file.path.split('/')[0]!)) continue;
        const staged = join(area(realRoot), 'files', ...file.path.split('/'));
        guard(file, () => {
          mkdirSync(dirname(staged), { recursive: true });
          writeFileSync(staged, file.bytes ?? file.content);
          mkdirSync(dirname(file.target), { recursive: true });
        });
        (file.last ? lastSteps : fileSteps).push(fileStep(staged, file.target, file.shown));
        if (file.last) journalRoot ??= root;
      }
      for (const file of rootRemove) {
        if (folders.has(relative(root, file.target).split(sep)[0]!)) continue;
        if (!existsSync(file.target)) continue;
        const trash = join(area(realRoot), 'removed', relative(root, file.target));
        guard(file, () => mkdirSync(dirname(trash), { recursive: true }));
        fileSteps.push({ kind: 'move', from: file.target, to: trash, ino: lstatSync(file.target).ino, shown: file.shown });
      }
      journalRoot ??= swapRoots.has(root) ? root : undefined;
    }
    const steps = [...folderSteps, ...fileSteps, ...lastSteps];
    journalRoot ??= (plan[0] ?? remove[0])!.root;
    if (steps.length === 0) return true;
    // Everything is staged. The journal makes the steps one transaction: once it exists, a kill
    // between two steps is finished by the next build (see recoverInterruptedCommit).
    writeTransactionJournal(journalRoot, { steps, staging: [...areas.values()] }, plan);
    let made = 0;
    try {
      for (; made < steps.length; made++) makeStep(steps[made]!, exchange);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      try {
        for (let index = made - 1; index >= 0; index--) undoStep(steps[index]!, exchange);
      } catch {
        // The undo failed too: the journal stays, and the next build finishes the commit.
        throw outputError(`cannot replace ${steps[made]!.shown}: ${failureReason(error)}`);
      }
      rmSync(journalPath(journalRoot), { force: true });
      // This file system cannot swap (or the root is a mount point): nothing changed; move file by file.
      if (exchangeUnsupported.has(code)) return false;
      throw outputError(`cannot replace ${steps[made]!.shown}: ${failureReason(error)}`);
    }
    // The commit is made. A failure to tidy up is not the build's: the next build does it.
    try {
      rmSync(journalPath(journalRoot), { force: true });
    } catch {
      // Replayed (every step found done) and removed by the next build.
    }
    return true;
  } finally {
    for (const staging of areas.values()) {
      try {
        rmSync(staging, { recursive: true, force: true });
      } catch {
        // Left for the next build.
      }
    }
  }
}

/** What changes inside one top-level folder of a root: files to write (or keep) and files to remove. */
interface FolderChange {
  files: PlannedFile[];
  removals: RemovedFile[];
}

/** The top-level folders of a root that hold a file to write or to remove. */
function changedFolders(root: string, rootPlan: readonly PlannedFile[], rootRemove: readonly RemovedFile[]): Map<string, FolderChange> {
  const folders = new Map<string, FolderChange>();
  const folderOf = (inside: string[]) => {
    if (inside.length < 2) return undefined;
    let change = folders.get(inside[0]!);
    if (!change) folders.set(inside[0]!, (change = { files: [], removals: [] }));
    return change;
  };
  for (const file of rootPlan) if (file.state !== 'unchanged') folderOf(file.path.split('/'))?.files.push(file);
  for (const file of rootRemove) folderOf(relative(root, file.target).split(sep))?.removals.push(file);
  // Unchanged files of a changed folder are carried over by the staging walk, not rewritten.
  return folders;
}

/**
 * Build the next version of one top-level folder in the staging area: the files to write, and
 * hard links to every other file now in it (unchanged outputs, and files errcat does not own)
 * except those to remove. Reads the folder; never changes it.
 * @returns The step that puts it in place, or none when there is nothing to put.
 */
function stageFolder(realRoot: string, name: string, change: FolderChange, staging: string, writtenAhead = false): Step | undefined {
  const current = join(realRoot, name);
  const next = join(staging, 'next', name);
  const shown = shownFolder(change, name);
  let exists = false;
  if (writtenAhead) {
    let found = true;
    guard(change.files[0] ?? { shown }, () => (found = lstatSync(current, { throwIfNoEntry: false }) !== undefined));
    // Written ahead for a folder the root did not hold: moved in as it is.
    if (!found) return { kind: 'move', from: next, to: current, ino: lstatSync(next).ino, shown };
    // The folder has appeared since: this one is staged as any other.
    rmSync(next, { recursive: true, force: true });
  }
  // A file where the folder goes is reported at the first file that wants the folder.
  guard(change.files[0] ?? { shown }, () => {
    try {
      const stat = lstatSync(current);
      if (!stat.isDirectory()) throw Object.assign(new Error('a file is in the way of a folder'), { code: 'EEXIST' });
      exists = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    mkdirSync(next, { recursive: true });
    if (exists) chmodSync(next, statSync(current).mode & 0o7777);
  });
  const written = new Map(change.files.map((file) => [file.path.split('/').slice(1).join(sep), file]));
  const removed = new Set(change.removals.map((file) => relative(join(file.root, name), file.target)));
  // `inside` is the path below the folder.
  const carry = (inside: string) => {
    for (const entry of readdirSync(join(current, inside), { withFileTypes: true })) {
      const path = join(inside, entry.name);
      const source = join(current, path);
      const target = join(next, path);
      if (removed.has(path)) continue;
      if (entry.isDirectory()) {
        mkdirSync(target);
        carry(path);
      } else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
      else if (!written.has(path)) linkOrCopy(source, target);
    }
  };
  if (exists) guard({ shown }, () => carry(''));
  const makeFolder = folderMaker([next]);
  for (const [inside, file] of written) {
    const staged = join(next, inside);
    guard(file, () => {
      makeFolder(dirname(staged));
      writeFileSync(staged, file.bytes ?? file.content);
    });
  }
  // Folders that held only removed files go with them, as removeFile does.
  for (const inside of removed) pruneEmptyFolders(next, join(next, dirname(inside)));
  const empty = readdirSync(next).length === 0;
  if (exists && empty) {
    // Every file of the folder is removed: the whole folder goes.
    const trash = join(staging, 'removed', name);
    guard({ shown }, () => mkdirSync(dirname(trash), { recursive: true }));
    return { kind: 'move', from: current, to: trash, ino: lstatSync(current).ino, shown };
  }
  if (empty) return undefined;
  return { kind: exists ? 'exchange' : 'move', from: next, to: current, ino: lstatSync(next).ino, shown };
}

/** The step that puts one staged file at its target: a swap when there is a file to swap with. */
function fileStep(staged: string, target: string, shown: string): Step {
  let exists = false;
  guard({ shown }, () => {
    try {
      if (lstatSync(target).isDirectory()) throw Object.assign(new Error('a folder is in the way'), { code: 'EISDIR' });
      exists = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  });
  return { kind: exists ? 'exchange' : 'move', from: staged, to: target, ino: lstatSync(staged).ino, shown };
}

/** A folder as the user sees it, from a file planned inside it. */
function shownFolder(change: FolderChange, name: string): string {
  const planned = change.files[0];
  const file = planned ?? change.removals[0];
  if (!file) return name;
  const inside = planned ? planned.path.split('/').slice(1).join(sep) : relative(join(file.root, name), file.target);
  return file.shown.endsWith(sep + inside) ? file.shown.slice(0, -inside.length - 1) : name;
}

function isDone(step: Step): boolean {
  try {
    return lstatSync(step.to).ino === step.ino;
  } catch {
    return false;
  }
}

function makeStep(step: Step, exchange: ExchangePaths | undefined): void {
  if (isDone(step)) return;
  if (step.kind === 'move') renameSync(step.from, step.to);
  else if (exchange) exchange(step.from, step.to);
  else throw Object.assign(new Error(`cannot swap ${step.to}: this system has no exchange`), { code: 'ENOSYS' });
}

function undoStep(step: Step, exchange: ExchangePaths): void {
  if (!isDone(step)) return;
  if (step.kind === 'move') renameSync(step.to, step.from);
  else exchange(step.from, step.to);
}

function writeTransactionJournal(root: string, journal: TransactionJournal, plan: readonly PlannedFile[]): void {
  const file = journalPath(root);
  const temporary = `${file}.${process.pid}.tmp`;
  const planned = plan.find((candidate) => candidate.root === root);
  const shownRoot = planned && planned.shown.endsWith(planned.path) ? planned.shown.slice(0, -planned.path.length - 1) : root;
  const shown = shownRoot.includes('/') ? `${dirname(shownRoot)}/${basename(file)}` : basename(file);
  try {
    guard({ shown }, () => {
      writeFileSync(temporary, JSON.stringify(journal));
      renameSync(temporary, file);
    });
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
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
    throw outputError(`cannot create ${root}: ${failureReason(error)}`);
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
        writeFileSync(stagedPath, file.bytes ?? file.content);
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
  let journal: CommitJournal | TransactionJournal;
  try {
    journal = JSON.parse(readFileSync(file, 'utf8')) as CommitJournal | TransactionJournal;
  } catch {
    // Written aside and renamed, so a journal that does not parse was never complete: nothing was renamed.
    rmSync(file, { force: true });
    return false;
  }
  if ('steps' in journal) {
    // A transaction: make the steps still to do, in order, then drop the old versions.
    const exchange = journal.steps.some((step) => step.kind === 'exchange' && !isDone(step)) ? pathExchange() : undefined;
    for (const step of journal.steps) makeStep(step, exchange);
    rmSync(file, { force: true });
    for (const staging of journal.staging) rmSync(staging, { recursive: true, force: true });
    return true;
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
  if (compareWithDisk(target, () => content, '') === 'unchanged') return false;
  const staged = join(dirname(target), `${stagingPrefix}${basename(target)}-${process.pid}-${Date.now()}`);
  const file = { shown } as PlannedFile;
  try {
    guard(file, () => {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(staged, content);
      renameSync(staged, target);
    });
  } finally {
    try {
      rmSync(staged, { force: true });
    } catch {
      // Its folder could not be made (a file in the way): there is nothing to remove.
    }
  }
  return true;
}

function createStagingDir(root: string, createRoot = true): string {
  const parent = dirname(root);
  const prefix = `${stagingPrefix}${basename(root)}-`;
  try {
    if (createRoot) mkdirSync(root, { recursive: true });
    removeDeadStagingDirs(parent, prefix);
    return mkdtempSync(join(parent, `${prefix}${process.pid}-`));
  } catch (error) {
    throw outputError(`cannot create a staging folder in ${parent}: ${failureReason(error)}`);
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
    throw outputError(`cannot write ${file.shown}: ${failureReason(error)}`);
  }
}

/** Why a file system call failed, in words (the common cases), for a one-line error. */
export function failureReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a file is in the way of a folder';
  if (code === 'EISDIR') return 'a folder is in the way';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on the device';
  return error instanceof Error ? error.message : String(error);
}
