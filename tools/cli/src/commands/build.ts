import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { mergeDocuments } from '@errcat/catalogue';
import { moduleFromPath } from '@errcat/parser';
import type { Catalogue, Diagnostic } from '@errcat/schema';
import { normalizeLocale, validateCatalogue } from '@errcat/schema';
import { parseCommandArgs } from '../args.js';
import { parseJsonFile, readConfig, readNameMap, stableJson } from '../config.js';
import { ExitCode, inputError, usageError } from '../errors.js';
import { buildInputsHash, digestFiles, freshStamp, writeStamp } from '../build-stamp.js';
import { diskGenerateCache } from '../generate-cache.js';
import type { CliIo } from '../io.js';
import { parsePageFiles, type PageRef } from '../pages.js';
import { displayPath, findPages, requireFolder, resolveInside } from '../paths.js';
import { readTextFile } from '../read.js';
import { countSeverities, describeCounts, formatDiagnostics, plural } from '../report.js';
import { commitFiles, planFiles, recoverInterruptedCommit, type OutputFile } from '../write.js';
import { parseJobs } from './shared.js';

export const buildUsage = `Usage: errcat build [--docs DIR] [--out DIR] [--check] [--jobs N] [--cache DIR | --no-cache]

Read every <docs>/<locale>/**/errorcode-*.md page, merge them into one catalogue, validate it,
and write the catalogue package (<out>/error-catalogue), the generated packages and the updated
name map (<docs>/errcat.names.json). Nothing is written when any diagnostic is an error.

Options:
  --docs DIR   folder of pages, one subfolder per locale (default: docs-source)
  --out DIR    folder of the generated packages (default: packages)
  --check      write nothing; exit 1 naming every missing or stale file
  --jobs N     parse with up to N worker threads (default: the number of CPUs; 1 = none)
  --cache DIR  keep parse and generate results in DIR, keyed by content and tool code
               (default: node_modules/.cache/errcat beside the docs folder)
  --no-cache   neither read nor write the cache
  -h, --help   show this help

Reads <docs>/errcat.config.json when present:
  { "defaultLocale": "en", "borrowed": { "<module>": [<code>, …] },
    "names": { "<module>": { "<code>": "<MEMBER_NAME>" } } }
`;

/** Name of the catalogue package's folder under the output folder. */
export const cataloguePackageDir = 'error-catalogue';

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
  });
  if (values.help) {
    io.stdout(buildUsage);
    return ExitCode.ok;
  }
  if (positionals.length > 0) {
    throw usageError(`unexpected argument '${positionals[0]}' (use --docs DIR; see 'errcat build --help')`);
  }
  const jobs = parseJobs(values.jobs);
  const docsDir = resolve(io.cwd, values.docs);
  const outDir = resolve(io.cwd, values.out);
  requireFolder(docsDir, displayPath(docsDir, io.cwd), 'docs folder');
  // A build killed while moving its files into place is finished first, so nothing below sees a mix.
  if (!values.check) {
    if (recoverInterruptedCommit(outDir)) io.stderr(`errcat build: finished the commit of an interrupted build in ${displayPath(outDir, io.cwd)}\n`);
    recoverInterruptedCommit(docsDir);
  }
  // Paths recorded in the catalogue and generated headers are relative to the docs folder's
  // parent, so the output does not depend on where the command runs.
  const base = dirname(docsDir);
  const configFile = join(docsDir, 'errcat.config.json');
  const namesFile = join(docsDir, 'errcat.names.json');
  const config = readConfig(configFile, displayPath(configFile, io.cwd));
  const nameMap = readNameMap(namesFile, displayPath(namesFile, io.cwd));

  // The cache only saves work; --check must judge what is on disk from the pages alone.
  const cacheDir =
    values.check || values['no-cache'] ? undefined : values.cache !== undefined ? resolve(io.cwd, values.cache) : join(base, 'node_modules', '.cache', 'errcat');

  const { pages, diagnostics } = locatePages(docsDir, base);
  if (pages.length === 0) throw inputError(displayPath(docsDir, io.cwd), 'holds no <locale>/**/errorcode-*.md page');
  // Pages are hashed once; the config and name map again after the build, which may rewrite the map.
  const pagesDigest = cacheDir === undefined ? '' : digestFiles(pages.map((page) => page.file));
  const inputsHash = () => buildInputsHash(digestFiles([configFile, namesFile]) + pagesDigest, outDir);
  const inputs = cacheDir === undefined ? undefined : inputsHash();
  const stamp = cacheDir !== undefined && inputs !== undefined ? freshStamp(cacheDir, outDir, inputs) : undefined;
  if (stamp) {
    // Same inputs, same tools, outputs untouched since: the result would be what is on disk.
    io.stderr(stamp.stderr);
    io.stdout(`errcat build: ${stamp.summary}; nothing changed since the last build (${plural(stamp.outputs.length, 'file')} up to date)\n`);
    return ExitCode.ok;
  }
  const parsed = await parsePageFiles(pages, {
    ...(config.borrowed && { borrowed: config.borrowed }),
    ...(jobs && { jobs }),
    ...(cacheDir !== undefined && { cacheDir: join(cacheDir, 'parse') }),
  });
  diagnostics.push(...parsed.diagnostics);
  const { catalogue, diagnostics: mergeDiagnostics } = mergeDocuments(parsed.documents, {
    ...(config.defaultLocale !== undefined && { defaultLocale: normalizeLocale(config.defaultLocale) }),
    ...(config.borrowed && { borrowed: config.borrowed }),
  });
  diagnostics.push(...mergeDiagnostics);
  const catalogueShown = `${displayPath(join(outDir, cataloguePackageDir), base)}/catalogue.json`;
  diagnostics.push(
    ...validateCatalogue(catalogue).map(
      (issue): Diagnostic => ({
        severity: 'error',
        ruleId: 'catalogue-schema',
        message: `${issue.pointer || '/'} ${issue.message}`,
        position: { file: catalogueShown, line: 1, column: 1 },
      }),
    ),
  );
  const sources = pages.map((page) => page.shown).sort();
  // The generators bring the TypeScript compiler along: load them only when there is something to generate.
  const generated = countSeverities(diagnostics).error > 0 ? undefined : (await import('@errcat/generate')).generatePackages(catalogue, {
        nameMap,
        nameOverrides: config.names ?? {},
        sources,
        packageVersions: readPackageVersions(outDir),
        configFile: displayPath(configFile, base),
        nameMapFile: displayPath(namesFile, base),
        ...(cacheDir !== undefined && { cache: diskGenerateCache(cacheDir) }),
      });
  if (generated) diagnostics.push(...generated.diagnostics);
  const printed = formatDiagnostics(diagnostics);
  io.stderr(printed);
  const counts = countSeverities(diagnostics);
  if (!generated || counts.error > 0) {
    io.stderr(`errcat build: ${describeCounts(counts)}; nothing written\n`);
    return ExitCode.failed;
  }

  const outFiles: OutputFile[] = [
    ...cataloguePackage(catalogue, sources, outDir).map((file) => ({ ...file, root: outDir })),
    ...generated.files.map((file) => ({ root: outDir, path: file.path, content: file.content })),
  ];
  const previous = readManifest(outDir, io.cwd);
  const manifest = outFiles.map((file) => file.path).sort();
  const files: OutputFile[] = [
    ...outFiles,
    { root: docsDir, path: 'errcat.names.json', content: stableJson(generated.nameMap) },
    { root: outDir, path: manifestName, content: stableJson({ generatedBy: 'errcat build', files: manifest }), last: true },
  ];
  const plan = planFiles(files, io.cwd);
  // Files an earlier build wrote that this one does not (a module whose page is gone, say).
  const wanted = new Set(manifest);
  const orphans = previous
    .filter((path) => !wanted.has(path))
    .map((path) => resolveInside(outDir, path))
    .filter((target) => existsSync(target))
    .map((target) => ({ root: outDir, target, shown: displayPath(target, io.cwd) }));
  const summary = describeCatalogue(catalogue);
  if (values.check) {
    const outdated = plan.filter((file) => file.state !== 'unchanged');
    for (const file of outdated) io.stdout(`${file.state.padEnd(7)}  ${file.shown}\n`);
    for (const file of orphans) io.stdout(`orphan   ${file.shown}\n`);
    const count = outdated.length + orphans.length;
    if (count > 0) {
      io.stdout(`errcat build --check: ${plural(count, 'file')} out of date; run 'errcat build'\n`);
      return ExitCode.failed;
    }
    io.stdout(`errcat build --check: ${summary}; all ${plural(plan.length, 'file')} up to date\n`);
    return ExitCode.ok;
  }
  const { written, unchanged, removed } = commitFiles(plan, orphans, { wholeRoots: [outDir] });
  if (cacheDir !== undefined) {
    writeStamp(cacheDir, outDir, inputsHash(), plan.map((file) => file.target), printed, summary);
  }
  const removedNote = removed.length > 0 ? `, ${removed.length} removed` : '';
  io.stdout(`errcat build: ${summary}; ${written.length} written, ${unchanged.length} unchanged${removedNote}\n`);
  return ExitCode.ok;
}

/** File in the out folder listing every file the last build wrote there. */
export const manifestName = '.errcat-manifest.json';

/** Paths the previous build wrote under the out folder (none when it left no manifest). */
function readManifest(outDir: string, cwd: string): string[] {
  const file = join(outDir, manifestName);
  if (!existsSync(file)) return [];
  const shown = displayPath(file, cwd);
  const value = parseJsonFile(readTextFile(file, shown), shown) as { files?: unknown } | null;
  if (!Array.isArray(value?.files) || !value.files.every((path) => typeof path === 'string')) {
    throw inputError(shown, '"files" must be an array of paths');
  }
  return value.files as string[];
}

/** Pages under `<docs>/<locale>/…`, with locale and kit folder from their place. */
function locatePages(docsDir: string, base: string): { pages: PageRef[]; diagnostics: Diagnostic[] } {
  const pages: PageRef[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of findPages(docsDir)) {
    const folders = relative(docsDir, file).split(sep).slice(0, -1);
    const shown = displayPath(file, base);
    if (folders.length === 0) {
      diagnostics.push({
        severity: 'warning',
        ruleId: 'page-outside-locale',
        message: 'page skipped: pages belong in a locale folder (<docs>/<locale>/…)',
        position: { file: shown, line: 1, column: 1 },
      });
      continue;
    }
    const module = moduleFromPath(file);
    // Module names become folder and package names; refuse any that could not be one.
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(module)) {
      throw inputError(shown, `module name "${module}" (from the file name) must start with a letter or digit and hold only letters, digits, ".", "_" and "-"`);
    }
    pages.push({ file, shown, locale: normalizeLocale(folders[0]!), kitFolder: folders.length > 1 ? folders.at(-1)! : null });
  }
  return { pages, diagnostics };
}

/** `1 module, 64 codes (62 public, 2 system), 2 locales (en, zh-CN)`. */
function describeCatalogue(catalogue: Catalogue): string {
  const entries = Object.values(catalogue.errors);
  const system = entries.filter((entry) => entry.visibility === 'system').length;
  return [
    plural(Object.keys(catalogue.modules).length, 'module'),
    `${plural(entries.length, 'code')} (${entries.length - system} public, ${system} system)`,
    `${plural(catalogue.locales.length, 'locale')} (${catalogue.locales.join(', ')})`,
  ].join(', ');
}

/**
 * The `@errcat/error-catalogue` package: the catalogue as JSON, a package.json exporting it and a
 * README. The version already on disk is kept, so release tooling can bump it.
 * @param catalogue Validated catalogue.
 * @param sources Pages it came from.
 * @param outDir Output folder (read for the current version).
 */
export function cataloguePackage(catalogue: Catalogue, sources: readonly string[], outDir: string): Array<{ path: string; content: string }> {
  const dir = cataloguePackageDir;
  const manifest = {
    name: '@errcat/error-catalogue',
    version: currentVersion(join(outDir, dir, 'package.json')) ?? '0.1.0',
    description: 'Every OpenHarmony error code errcat knows, with its texts per locale, as one JSON catalogue.',
    type: 'module',
    exports: { '.': './catalogue.json', './catalogue.json': './catalogue.json', './package.json': './package.json' },
    files: ['catalogue.json'],
    sideEffects: false,
  };
  return [
    { path: `${dir}/catalogue.json`, content: `${JSON.stringify(catalogue, null, 2)}\n` },
    { path: `${dir}/package.json`, content: `${JSON.stringify(manifest, null, 2)}\n` },
    { path: `${dir}/README.md`, content: catalogueReadme(catalogue, sources) },
  ];
}

function currentVersion(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const version = (JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

function catalogueReadme(catalogue: Catalogue, sources: readonly string[]): string {
  const rows = Object.values(catalogue.modules).map(
    (module) => `| \`${module.name}\` | ${module.metadata.kit ?? ''} | ${module.counts.public} | ${module.counts.system} |`,
  );
  const example = Object.keys(catalogue.errors)[0] ?? '0';
  return [
    '<!-- <auto-generated /> by `errcat build`; edit the pages in the docs folder instead. -->',
    '# @errcat/error-catalogue',
    '',
    'Every error code documented in the errcat docs folder, merged into one JSON catalogue: modules,',
    'codes, visibility (public or system-only) and texts per locale. Its shape is the `Catalogue`',
    'type and JSON Schema of `@errcat/schema`.',
    '',
    '```js',
    "import catalogue from '@errcat/error-catalogue' with { type: 'json' };",
    '',
    `console.log(catalogue.errors['${example}']?.locales['${catalogue.defaultLocale}']?.message);`,
    '```',
    '',
    `Locales: ${catalogue.locales.join(', ')} (falls back to ${catalogue.defaultLocale}).`,
    '',
    '| module | kit | public codes | system codes |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    'Generated from:',
    '',
    ...sources.map((source) => `- \`${source}\``),
    '',
  ].join('\n');
}

/**
 * Versions of the packages already in the output folder (name → version), so a build keeps what
 * `changeset version` set instead of resetting it.
 * @param outDir Output folder.
 */
function readPackageVersions(outDir: string): Record<string, string> {
  const versions: Record<string, string> = {};
  if (!existsSync(outDir)) return versions;
  for (const entry of readdirSync(outDir, { withFileTypes: true })) {
    const manifest = join(outDir, entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifest)) continue;
    try {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown; version?: unknown };
      if (typeof name === 'string' && typeof version === 'string') versions[name] = version;
    } catch {
      // An unreadable package.json is regenerated from scratch.
    }
  }
  return versions;
}
