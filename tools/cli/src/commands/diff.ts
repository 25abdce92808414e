// `errcat diff`: reads both sides (pages, folders, catalogue JSON or a git ref), then hands the
// two catalogues to the pure core in @errcat/diff. All file system, git and exit codes live here.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  declaredReleasesFromFiles,
  diffCatalogues,
  exitCodes,
  failingFindings,
  failOnValues,
  formatReport,
  modulePackageNamer,
  renderChangeset,
  reportFormats,
  type FailOn,
  type ReportFormat,
} from '@errcat/diff';
import { displayPath, ErrcatError, readTextFile } from '@errcat/build';
import { modulePackageName } from '@errcat/generate';
import type { CliIo } from '../io.js';
import { parseCommandArgs } from '../args.js';
import { formatReport as formatDiagnosticReport } from '../report.js';
import { colorEnabled, stderrIsTTY } from '../terminal.js';
import { readBaseSides } from '../diff/git.js';
import { defaultCacheDir } from '../locations.js';
import { DiffInputError, readPathSides, type Side } from '../diff/sides.js';


/** Exit code for output that could not be written. */
const writeFailed = 3;

export const diffUsage = `Usage: errcat diff <old> <new> [options]
       errcat diff --base <git-ref> [--docs <dir>] [options]

Compare two versions of the error-code docs and classify every change.
Each side is a page, a folder laid out as <locale>/<kit>/errorcode-<module>.md,
or a catalogue JSON file; - is a page or catalogue on standard input. Two pages are one module: from a file name
errorcode-<module>… (a revision suffix such as @8c3c18d5 or .orig ignored),
else the other page's name, else the page title. With --base, the docs folder
at <git-ref> of the repository holding it is compared with its working tree.

Options:
  --base <ref>        compare the docs folder at this git ref with the working tree
  --docs <dir>        docs folder for --base (default: docs-source at the root
                      of the repository you are in); paths in the report are
                      relative to the root of its repository
  --module <name>     module of page sides (wins over file names and titles)
  --locale <tag>      locale of page sides (default: a locale folder in the
                      path, else zh-CN for a title in Chinese, else en)
  --format <format>   text (default), markdown, json or github
  --output <file>     write the report to a file instead of standard output
  --fail-on <level>   breaking, non-breaking, info or none (default none);
                      an error in the new side's pages fails too
  --changesets <dir>  bumps declared in this folder's changesets excuse the
                      findings they cover from --fail-on
  --changeset         write errcat-<hash>.md with the bumps needed
  --changeset-dir <dir>  folder for --changeset (default .changeset, at the
                      repository root with --base)
  --cache <dir>       keep parse results of folder sides in <dir> (default: the
                      cache of errcat build); --no-cache keeps none
  -h, --help          show this help

Exit codes: 0 no finding at or above --fail-on, 1 some finding at or above it,
2 bad usage or unreadable input, 3 output could not be written.
`;

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
      const shown = displayPath(file, io.cwd);
      return { file: shown, content: readTextFile(file, shown) };
    });
}

function printDiagnostics(sides: readonly Side[], io: CliIo): void {
  const errors = sides.flatMap((side) => side.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'));
  io.stderr(formatDiagnosticReport(errors, { color: colorEnabled(stderrIsTTY(io), io.env) }));
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
    if (error instanceof DiffInputError || error instanceof ErrcatError) {
      io.stderr(`errcat diff: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

async function diffCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('diff', args, {
    base: { type: 'string' },
    docs: { type: 'string' },
    module: { type: 'string' },
    locale: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    'fail-on': { type: 'string' },
    changesets: { type: 'string' },
    changeset: { type: 'boolean' },
    'changeset-dir': { type: 'string' },
    cache: { type: 'string' },
    'no-cache': { type: 'boolean' },
  });
  if (values.help) {
    io.stdout(diffUsage);
    return exitCodes.ok;
  }
  const format = oneOf<ReportFormat>(values.format, reportFormats, '--format', 'text');
  const failOn = oneOf<FailOn>(values['fail-on'], failOnValues, '--fail-on', 'none');

  if (values.cache !== undefined && values['no-cache']) throw new DiffInputError('give --cache DIR or --no-cache, not both');
  // Parse results are shared with errcat build's cache: a page parsed once is not parsed again.
  const cacheDir = values['no-cache'] ? undefined : join(values.cache !== undefined ? resolve(io.cwd, values.cache) : defaultCacheDir(io.env), 'parse');
  let before: Side;
  let after: Side;
  let changesetBase = io.cwd;
  if (values.base !== undefined) {
    if (positionals.length > 0) throw new DiffInputError(`--base compares with the working tree: give no other side (got ${positionals.join(' ')})`);
    if (values.module !== undefined || values.locale !== undefined) throw new DiffInputError('--module and --locale apply to page sides, not to --base');
    const sides = await readBaseSides(values.base, values.docs, io.cwd, cacheDir);
    ({ before, after } = sides);
    changesetBase = sides.root;
  } else {
    if (values.docs !== undefined) throw new DiffInputError('--docs applies only with --base');
    if (positionals.length !== 2) throw new DiffInputError(`expected two sides, <old> <new>, or --base <ref> (see 'errcat diff --help')`);
    const [oldSpec, newSpec] = positionals as [string, string];
    const sides = await readPathSides(oldSpec, newSpec, {
      cwd: io.cwd,
      ...(values.module !== undefined && { module: values.module }),
      ...(values.locale !== undefined && { locale: values.locale }),
      ...(cacheDir !== undefined && { cacheDir }),
    });
    ({ before, after } = sides);
    for (const note of sides.notes) io.stderr(`errcat diff: ${note}\n`);
  }
  printDiagnostics([before, after], io);

  // Releases are of the packages the new docs build, named as their config names them.
  const packages = after.packages ?? before.packages;
  const report = diffCatalogues(before.catalogue, after.catalogue, {
    labels: { old: before.label, new: after.label },
    ...(packages && { packageNamer: modulePackageNamer((module) => modulePackageName(packages, module)) }),
  });
  const output = formatReport(report, format, { color: format === 'text' && !values.output && colorEnabled(io.isTTY, io.env) });
  if (values.output !== undefined) writeAtomic(resolve(io.cwd, values.output), output);
  else io.stdout(output);

  if (values.changeset) {
    const changeset = renderChangeset(report);
    if (!changeset) {
      io.stderr('errcat diff: no package needs a release; no changeset written\n');
    } else {
      // An explicit folder is the user's path; the default sits at the repository root under --base.
      const folder = values['changeset-dir'] !== undefined ? resolve(io.cwd, values['changeset-dir']) : join(changesetBase, '.changeset');
      const target = join(folder, changeset.fileName);
      writeAtomic(target, changeset.content);
      io.stderr(`errcat diff: wrote ${displayPath(target, io.cwd)} (${changeset.releases.map((release) => `${release.name}: ${release.type}`).join(', ')})\n`);
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
  let status: number = exitCodes.ok;
  if (failing.length > 0) {
    const covered = declared ? ' not covered by a changeset' : '';
    io.stderr(`errcat diff: ${failing.length} finding(s) at or above '${failOn}'${covered}\n`);
    status = exitCodes.failed;
  }
  // A gate never passes pages it could not read in full: what an error hides is not in the report.
  const newErrors = after.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  if (failOn !== 'none' && newErrors > 0) {
    io.stderr(`errcat diff: ${newErrors} error(s) in the pages of ${after.label}; the report may miss what they hide\n`);
    status = exitCodes.failed;
  }
  return status;
}
