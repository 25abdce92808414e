import { dirname, resolve } from 'node:path';
import { build, displayPath, ExitCode, usageError, type CatalogueSummary } from '@errcat/build';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../io.js';
import { defaultCacheDir } from '../locations.js';
import { gateFlags, gateUsage, readGate, shownDiagnostics, warningsOverLimit, type Gate } from '../gate.js';
import { progressLabel } from '../progress-labels.js';
import { countSeverities, describeCounts, formatReport, plural, rebaseDiagnostics } from '../report.js';
import { colorEnabled, createProgress, stderrIsTTY } from '../terminal.js';
import { parseJobs } from './shared.js';

export const buildUsage = `Usage: errcat build [--docs DIR] [--out DIR] [--check] [--quiet] [--max-warnings N] [--jobs N] [--cache DIR | --no-cache] [--timings] [--sdk DIR]

Read every <docs>/<locale>/**/errorcode-*.md page, merge them into one catalogue, validate it,
and write the catalogue package (<out>/error-catalogue), the generated packages and the updated
name map (<docs>/errcat.names.json). Nothing is written when any diagnostic is an error.

Options:
  --docs DIR   folder of pages, one subfolder per locale (default: docs-source)
  --out DIR    folder of the generated packages (default: packages)
  --check      write nothing; exit 1 naming every missing or stale file
  --jobs N     parse with up to N worker threads (default: the number of CPUs; 1 = none)
  --cache DIR  keep parse and generate results in DIR, keyed by content and tool code
               (default: $ERRCAT_CACHE_DIR, else node_modules/.cache/errcat of errcat's
               installation, else the platform's cache folder)
  --no-cache   neither read nor write the cache
  --timings    print on stderr how long each step of the build took
  --sdk DIR    take member names from the enums of the SDK checkout in DIR (names set by
               hand or already recorded still win) and list in each code the APIs that throw it
${gateUsage}
  -h, --help   show this help

Diagnostics go to stderr, grouped by file; a build that finds its inputs unchanged prints its
summary only (run 'errcat check' for the diagnostics).

Reads <docs>/errcat.config.json when present:
  { "defaultLocale": "en", "borrowed": { "<module>": [<code>, …] },
    "names": { "<module>": { "<code>": "<MEMBER_NAME>" } },
    "packages": { "scope": "@acme" | "name": "@acme/errors-{module}", "license": "MIT",
                  "repository": "<url>" | { "url", "directory": "packages/{module}" },
                  "author": "<name>", "engines": { "node": ">=20.10" } } }
`;

/**
 * Run `errcat build`.
 * @param args Arguments after `build`.
 * @param io Process io.
 * @returns Exit code.
 */
export async function runBuild(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('build', args, {
    docs: { type: 'string', default: 'docs-source' },
    out: { type: 'string', default: 'packages' },
    check: { type: 'boolean', default: false },
    jobs: { type: 'string' },
    cache: { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    ...gateFlags,
    timings: { type: 'boolean', default: false },
    sdk: { type: 'string' },
  });
  if (values.help) {
    io.stdout(buildUsage);
    return ExitCode.ok;
  }
  if (positionals.length > 0) {
    throw usageError(`unexpected argument '${positionals[0]}' (use --docs DIR; see 'errcat build --help')`);
  }
  const jobs = parseJobs(values.jobs);
  const gate = readGate(values);
  const docsDir = resolve(io.cwd, values.docs);
  const outDir = resolve(io.cwd, values.out);
  const cacheDir = values['no-cache']
    ? undefined
    : values.cache !== undefined
      ? resolve(io.cwd, values.cache)
      : defaultCacheDir(io.env);
  // The SDK reader brings the TypeScript parser along: load it only for --sdk, so a plain build loads no compiler.
  const sdk =
    values.sdk === undefined
      ? undefined
      : (await import('@errcat/sdk')).sdkBuildInputs((await (await import('./sdk-input.js')).readSdkOption(values.sdk, io, cacheDir, jobs)).index);
  const progress = createProgress(io, 'errcat build', { quiet: gate.quiet });
  const started = performance.now();
  const phases: string[] = [];
  let result;
  try {
    result = await build({
      ...(sdk && { sdk }),
      docsDir,
      outDir,
      cwd: io.cwd,
      check: values.check,
      ...(cacheDir !== undefined && { cacheDir }),
      ...(jobs !== undefined && { jobs }),
      onEvent: (event) => {
        if (event.type === 'recovered') progress.io.stderr(`errcat build: finished the commit of an interrupted build in ${displayPath(event.root, io.cwd)}\n`);
        if (event.type === 'phase') phases.push(`${event.name} ${(event.ms / 1000).toFixed(3)}`);
      },
      onProgress: (event) => progress.update(progressLabel(event)),
    });
  } finally {
    progress.stop();
  }
  if (values.timings) io.stderr(`errcat build: took ${((performance.now() - started) / 1000).toFixed(3)} s (${phases.join(', ')})\n`);
  const overLimit = warningsOverLimit(result.diagnostics, gate);
  if (result.outcome === 'up-to-date') {
    // Unchanged pages: their diagnostics were reported when they changed; say how many and where to see them.
    if (!gate.quiet) io.stdout(`errcat build: ${describeCatalogue(result.summary)}; nothing changed since the last build (${plural(result.files, 'file')} up to date)\n`);
    const counts = countSeverities(result.diagnostics);
    const found = [plural(counts.warning, 'warning'), `${counts.info} info`].filter((part) => !part.startsWith('0 '));
    if (!gate.quiet && found.length > 0) io.stderr(`errcat build: the pages have ${found.join(' and ')}; run 'errcat check' to see them\n`);
    if (overLimit !== undefined) io.stderr(`errcat build: ${overLimit}\n`);
    return overLimit === undefined ? ExitCode.ok : ExitCode.failed;
  }
  const shown = rebaseDiagnostics(shownDiagnostics(result.diagnostics, gate), dirname(docsDir), io.cwd);
  io.stderr(formatReport(shown, { color: colorEnabled(stderrIsTTY(io), io.env) }));
  const exit = finish(result, gate, io);
  if (overLimit !== undefined) {
    io.stderr(`errcat build: ${overLimit}\n`);
    return ExitCode.failed;
  }
  return exit;
}

/** Print what a build that ran did, and its exit code. */
function finish(result: Exclude<Awaited<ReturnType<typeof build>>, { outcome: 'up-to-date' }>, gate: Gate, io: CliIo): number {
  switch (result.outcome) {
    case 'failed':
      io.stderr(`errcat build: ${describeCounts(countSeverities(result.diagnostics))}; nothing written\n`);
      return ExitCode.failed;
    case 'checked': {
      const outdated = result.plan.filter((file) => file.state !== 'unchanged');
      for (const file of outdated) io.stdout(`${file.state.padEnd(7)}  ${file.shown}\n`);
      for (const file of result.orphans) io.stdout(`orphan   ${file.shown}\n`);
      const count = outdated.length + result.orphans.length;
      if (count > 0) {
        io.stdout(`errcat build --check: ${plural(count, 'file')} out of date; run 'errcat build'\n`);
        return ExitCode.failed;
      }
      if (!gate.quiet) io.stdout(`errcat build --check: ${describeCatalogue(result.summary)}; all ${plural(result.plan.length, 'file')} up to date\n`);
      return ExitCode.ok;
    }
    case 'written': {
      const removedNote = result.removed.length > 0 ? `, ${result.removed.length} removed` : '';
      if (!gate.quiet) io.stdout(`errcat build: ${describeCatalogue(result.summary)}; ${result.written.length} written, ${result.unchanged.length} unchanged${removedNote}\n`);
      return ExitCode.ok;
    }
  }
}

/** `1 module, 64 codes (62 public, 2 system), 2 locales (en, zh-CN)`. */
function describeCatalogue(summary: CatalogueSummary): string {
  return [
    plural(summary.modules, 'module'),
    `${plural(summary.codes, 'code')} (${summary.publicCodes} public, ${summary.systemCodes} system)`,
    `${plural(summary.locales.length, 'locale')} (${summary.locales.join(', ')})`,
  ].join(', ');
}
