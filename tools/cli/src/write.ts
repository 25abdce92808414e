import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError, ExitCode } from './errors.js';
import { displayPath, resolveInside } from './paths.js';

/** A file a command wants on disk. */
export interface OutputFile {
  /** Absolute folder the file must stay inside. */
  root: string;
  /** Path inside the root, `/`-separated. */
  path: string;
  content: string;
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
 * was; each file is always either its old or its new content, never a mix; and only a kill
 * during the short rename pass can leave some files new and others old (the next build completes
 * it). Staging folders of dead builds are removed by the next build.
 * @param plan Output of {@link planFiles}.
 */
export function commitFiles(plan: readonly PlannedFile[]): CommitResult {
  const written = plan.filter((file) => file.state !== 'unchanged');
  const unchanged = plan.filter((file) => file.state === 'unchanged');
  if (written.length === 0) return { written, unchanged };
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
    for (const { file, stagedPath } of staged) guard(file, () => renameSync(stagedPath, file.target));
  } finally {
    for (const staging of stagingDirs.values()) rmSync(staging, { recursive: true, force: true });
  }
  return { written, unchanged };
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
