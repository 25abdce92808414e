import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { mergeDocuments } from '@errcat/catalogue';
import { moduleFromPath } from '@errcat/parser';
import type { Catalogue, Diagnostic, ThrowingApi } from '@errcat/schema';
import { normalizeLocale, validateCatalogue } from '@errcat/schema';
import { buildInputsHash, digestFiles, hasStamp, readStamp, stampIsFresh, writeStamp } from './build-stamp.js';
import { parseJsonFile, readConfig, readNameMap, stableJson } from './config.js';
import { hasErrors } from './diagnostics.js';
import { inputError } from './errors.js';
import { diskGenerateCache, type CachedFile } from './generate-cache.js';
import { recordFiles } from './output-index.js';
import { parsePageFiles, readPages, type PageRef } from './pages.js';
import { parallelThreshold, startParsePool, type ParsePool } from './parse-pool.js';
import { displayPath, findPages, requireFolder, resolveInside } from './paths.js';
import type { ProgressListener } from './progress.js';
import { readTextFile } from './read.js';
import { commitFiles, planFiles, recoverInterruptedCommit, type OutputFile, type PlannedFile, type RemovedFile } from './write.js';

/** What {@link build} is asked to do. */
export interface BuildOptions {
  /** Folder of pages, one subfolder per locale (relative paths resolve from `cwd`). */
  docsDir: string;
  /** Folder of the generated packages. */
  outDir: string;
  /** Folder for parse and generate results and the build stamp; no cache when undefined (and never under `check`). */
  cacheDir?: string;
  /** Write nothing; compare what would be written with the disk. */
  check?: boolean;
  /** Most worker threads to parse with (1: none; default: the machine's parallelism). */
  jobs?: number;
  /** Folder that paths in errors and in the plan are shown relative to. */
  cwd: string;
  /** Told what the build does as it goes. */
  onEvent?: (event: BuildEvent) => void;
  /** Told which step the build is in, for a progress display. */
  onProgress?: ProgressListener;
  /** What the SDK says about the codes (`errcat build --sdk`), made by @errcat/sdk's `sdkBuildInputs`. */
  sdk?: SdkInputs;
}

/** The SDK's inputs to a build, keyed by code (decimal string). */
export interface SdkInputs {
  /** Code → the SDK's enum member name: weaker than names set by hand or recorded, stronger than titles. */
  nameHints: Record<string, string>;
  /** Code → the APIs that throw it, sorted by name. */
  thrownBy: Record<string, ThrowingApi[]>;
  /** A hash of both, so a build with other SDK inputs is not up to date. */
  digest: string;
}

/** Something a build did that its caller may want to say. */
export type BuildEvent =
  | {
      /** A build killed while committing its files was finished first. */
      type: 'recovered';
      /** The output folder it was finished in. */
      root: string;
    }
  | {
      /** One step of the build finished. */
      type: 'phase';
      name: BuildPhase;
      /** Wall-clock milliseconds it took. */
      ms: number;
    };

/** The steps of a build, in order. */
export type BuildPhase = 'read' | 'hash' | 'parse' | 'merge' | 'load' | 'validate' | 'generate' | 'plan' | 'commit' | 'stamp';

/** Counts of a catalogue, for the one-line summary of a build. */
export interface CatalogueSummary {
  modules: number;
  codes: number;
  publicCodes: number;
  systemCodes: number;
  locales: string[];
}

/** What {@link build} did. Every outcome carries every diagnostic found. */
export type BuildResult =
  /** An error diagnostic: nothing was written. */
  | { outcome: 'failed'; diagnostics: Diagnostic[] }
  /** Same inputs, same tools, outputs untouched since the last build: nothing to do. */
  | { outcome: 'up-to-date'; diagnostics: Diagnostic[]; summary: CatalogueSummary; files: number }
  /** `check`: the plan compared with the disk, and files an earlier build wrote that are no longer made. */
  | { outcome: 'checked'; diagnostics: Diagnostic[]; summary: CatalogueSummary; plan: PlannedFile[]; orphans: RemovedFile[] }
  /** The output was brought up to date. */
  | {
      outcome: 'written';
      diagnostics: Diagnostic[];
      summary: CatalogueSummary;
      plan: PlannedFile[];
      written: PlannedFile[];
      unchanged: PlannedFile[];
      removed: RemovedFile[];
    };

/** File in the out folder listing every file the last build wrote there. */
export const manifestName = '.errcat-manifest.json';

/**
 * Build the catalogue package, the generated packages and the name map from a docs folder.
 * Nothing is written when any diagnostic is an error, and the output is replaced as one step.
 * @param options Folders, cache, parallelism.
 * @returns The outcome with its diagnostics; throws an {@link ErrcatError} for unreadable input or unwritable output.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const { cwd } = options;
  const docsDir = resolve(cwd, options.docsDir);
  const outDir = resolve(cwd, options.outDir);
  const check = options.check === true;
  let mark = performance.now();
  const phase = (name: BuildPhase) => {
    const now = performance.now();
    options.onEvent?.({ type: 'phase', name, ms: now - mark });
    mark = now;
  };
  requireFolder(docsDir, displayPath(docsDir, cwd), 'docs folder');
  // A build killed while moving its files into place is finished first, so nothing below sees a mix.
  if (!check) {
    if (recoverInterruptedCommit(outDir)) options.onEvent?.({ type: 'recovered', root: outDir });
    recoverInterruptedCommit(docsDir);
  }
  // The cache only saves work; a check must judge what is on disk from the pages alone.
  const cacheDir = check || options.cacheDir === undefined ? undefined : resolve(cwd, options.cacheDir);
  // Paths recorded in the catalogue and generated headers are relative to the docs folder's
  // parent, so the output does not depend on where the command runs.
  const located = locatePages(docsDir, dirname(docsDir));
  if (located.pages.length === 0) throw inputError(displayPath(docsDir, cwd), 'holds no <locale>/**/errorcode-*.md page');
  // Workers take a while to load the parser: start them now, while config and pages are read
  // and hashed, when this build will parse (no earlier build left a stamp) enough Markdown.
  const pool = startPoolIfWorthIt(located.pages, options.jobs, cacheDir === undefined || !hasStamp(cacheDir, outDir));
  try {
    return await buildWith({ ...options, docsDir, outDir, check, cacheDir }, located, pool, phase);
  } finally {
    await pool?.close();
  }
}

/** The rest of {@link build}, once the pages are found and workers (maybe) started. */
async function buildWith(
  options: BuildOptions & { check: boolean },
  located: { pages: PageRef[]; diagnostics: Diagnostic[] },
  pool: ParsePool | undefined,
  phase: (name: BuildPhase) => void,
): Promise<BuildResult> {
  const { docsDir, outDir, cwd, check, cacheDir } = options;
  const base = dirname(docsDir);
  const configFile = join(docsDir, 'errcat.config.json');
  const namesFile = join(docsDir, 'errcat.names.json');
  const config = readConfig(configFile, displayPath(configFile, cwd));
  const nameMap = readNameMap(namesFile, displayPath(namesFile, cwd));
  const diagnostics = located.diagnostics;
  phase('read');
  // Pages are read and hashed once; the config and name map again after the build, which may rewrite the map.
  const { pages, digest: pagesDigest } = readPages(located.pages);
  const inputsHash = () => buildInputsHash(digestFiles([configFile, namesFile]) + pagesDigest + (options.sdk ? `sdk:${options.sdk.digest}` : ''), outDir);
  // What the last build wrote: enough to skip this one when nothing changed, else to compare
  // outputs by their stats instead of reading them back.
  const last = cacheDir === undefined ? undefined : readStamp(cacheDir, outDir);
  const fresh = last !== undefined && stampIsFresh(last, inputsHash());
  phase('hash');
  if (fresh) {
    const { diagnostics: found, summary, outputs } = last.stamp;
    return { outcome: 'up-to-date', diagnostics: found, summary, files: Object.keys(outputs).length };
  }

  const parsed = await parsePageFiles(pages, {
    ...(config.borrowed && { borrowed: config.borrowed }),
    ...(options.jobs !== undefined && { jobs: options.jobs }),
    ...(cacheDir !== undefined && { cacheDir: join(cacheDir, 'parse') }),
    ...(pool !== undefined && { pool }),
    ...(options.onProgress && { onProgress: options.onProgress }),
  });
  diagnostics.push(...parsed.diagnostics);
  phase('parse');
  options.onProgress?.({ phase: 'merge' });
  const { catalogue, diagnostics: mergeDiagnostics } = mergeDocuments(parsed.documents, {
    ...(config.defaultLocale !== undefined && { defaultLocale: normalizeLocale(config.defaultLocale) }),
    ...(config.borrowed && { borrowed: config.borrowed }),
  });
  diagnostics.push(...mergeDiagnostics);
  if (options.sdk) addThrownBy(catalogue, options.sdk);
  phase('merge');
  // The generators bring the TypeScript compiler along: load them only when there is something to generate.
  const generate = hasErrors(diagnostics) ? undefined : await import('@errcat/generate');
  phase('load');
  const catalogueShown = `${displayPath(join(outDir, generate?.cataloguePackageDir ?? 'error-catalogue'), base)}/catalogue.json`;
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
  phase('validate');
  const sources = pages.map((page) => page.shown).sort();
  if (generate && !hasErrors(diagnostics)) options.onProgress?.({ phase: 'generate', total: Object.keys(catalogue.modules).length });
  const generated =
    generate === undefined || hasErrors(diagnostics)
      ? undefined
      : generate.generatePackages(catalogue, {
          nameMap,
          nameOverrides: config.names ?? {},
          ...(config.packages && { packageSettings: config.packages }),
          sources,
          packageVersions: readPackageVersions(outDir),
          configFile: displayPath(configFile, base),
          nameMapFile: displayPath(namesFile, base),
          ...(cacheDir !== undefined && { cache: diskGenerateCache(cacheDir) }),
          ...(options.sdk && { nameHints: moduleNameHints(catalogue, options.sdk), thrownBy: options.sdk.thrownBy }),
        });
  if (generated) diagnostics.push(...generated.diagnostics);
  phase('generate');
  if (!generate || !generated || hasErrors(diagnostics)) return { outcome: 'failed', diagnostics };

  const outFiles: OutputFile[] = [
    // Files of unchanged modules come from the cache with their hash, their text unread.
    ...generated.files.map((file): OutputFile => {
      const hash = (file as Partial<CachedFile>).hash;
      return {
        root: outDir,
        path: file.path,
        ...(hash !== undefined && { hash }),
        get content() {
          return file.content;
        },
      };
    }),
  ];
  const previous = readManifest(outDir, cwd);
  const manifest = outFiles.map((file) => file.path).sort();
  const files: OutputFile[] = [
    ...outFiles,
    { root: docsDir, path: 'errcat.names.json', content: stableJson(generated.nameMap) },
    { root: outDir, path: manifestName, content: stableJson({ generatedBy: 'errcat build', files: manifest }), last: true },
  ];
  const plan = planFiles(files, cwd, last?.index);
  // Files an earlier build wrote that this one does not (a module whose page is gone, say).
  const wanted = new Set(manifest);
  const orphans = previous
    .filter((path) => !wanted.has(path))
    .map((path) => resolveInside(outDir, path))
    .filter((target) => existsSync(target))
    .map((target) => ({ root: outDir, target, shown: displayPath(target, cwd) }));
  const summary = summarizeCatalogue(catalogue);
  phase('plan');
  if (check) return { outcome: 'checked', diagnostics, summary, plan, orphans };
  options.onProgress?.({ phase: 'write', total: plan.filter((file) => file.state !== 'unchanged').length });
  const { written, unchanged, removed } = commitFiles(plan, orphans, { swapRoots: [outDir] });
  phase('commit');
  if (cacheDir !== undefined) {
    writeStamp(cacheDir, outDir, { inputs: inputsHash(), outputs: recordFiles(plan), diagnostics, summary });
  }
  phase('stamp');
  return { outcome: 'written', diagnostics, summary, plan, written, unchanged, removed };
}

/** Workers for a build that will parse at least the parallel threshold of Markdown, on more than one thread. */
function startPoolIfWorthIt(pages: readonly PageRef[], jobs: number | undefined, willParse: boolean): ParsePool | undefined {
  const size = Math.min(jobs ?? availableParallelism(), pages.length);
  if (!willParse || size < 2) return undefined;
  let bytes = 0;
  for (const page of pages) bytes += statSync(page.file).size;
  return bytes >= parallelThreshold() ? startParsePool(size) : undefined;
}

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

/**
 * Counts of modules, codes and locales of a catalogue.
 * @param catalogue The catalogue.
 */
export function summarizeCatalogue(catalogue: Catalogue): CatalogueSummary {
  const entries = Object.values(catalogue.errors);
  const system = entries.filter((entry) => entry.visibility === 'system').length;
  return {
    modules: Object.keys(catalogue.modules).length,
    codes: entries.length,
    publicCodes: entries.length - system,
    systemCodes: system,
    locales: [...catalogue.locales],
  };
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

// ---- SDK inputs (`errcat build --sdk`) ------------------------------------------------------------

/** The SDK's name hints per module, as the generators take them. */
function moduleNameHints(catalogue: Catalogue, sdk: SdkInputs): Record<string, Record<string, string>> {
  const hints: Record<string, Record<string, string>> = {};
  for (const module of Object.values(catalogue.modules)) {
    const named = module.codes.filter((code) => sdk.nameHints[String(code)] !== undefined).map((code) => [String(code), sdk.nameHints[String(code)]!]);
    if (named.length > 0) hints[module.name] = Object.fromEntries(named);
  }
  return hints;
}

/** Each catalogue entry the SDK throws lists the APIs that throw it. */
function addThrownBy(catalogue: Catalogue, sdk: SdkInputs): void {
  for (const entry of Object.values(catalogue.errors)) {
    const apis = sdk.thrownBy[String(entry.code)];
    if (apis && apis.length > 0) entry.thrownBy = apis.map((api) => ({ ...api }));
  }
}
