import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { mergeDocuments } from '@errcat/catalogue';
import { moduleFromPath } from '@errcat/parser/paths';
import type { GeneratedFile, GenerateOptions, RecordedNameMap } from '@errcat/generate';
import type { Catalogue, CatalogueFileBytes, CatalogueFileSpans, Diagnostic, ErrorDocument, ThrowingApi } from '@errcat/schema';
import { catalogueOutline, normalizeLocale, replaceCatalogueModules, validateCatalogue, writeCatalogueFile } from '@errcat/schema';
import { buildInputsHash, digestFiles, readStamp, stampIsFresh, stampTime, writeStamp } from './build-stamp.js';
import { parseJsonFile, readConfig, readNameMap, stableJson, type ErrcatConfig } from './config.js';
import { hasErrors } from './diagnostics.js';
import { inputError } from './errors.js';
import { diskGenerateCache, generateCacheFolder, normalized, type CachedFile } from './generate-cache.js';
import {
  changedModulesAlone,
  codesOf,
  diagnosticsByModule,
  globalKey,
  localesOf,
  moduleKeys,
  pagesByModule,
  partOf,
  type BuildState,
  type ModuleState,
} from './incremental.js';
import { hashContent, knownHash, recordFiles, type OutputIndex } from './output-index.js';
import { parsePageFiles, readPages, type PageRef } from './pages.js';
import { parallelThreshold, startParsePool, type ParsePool } from './parse-pool.js';
import { displayPath, findPages, requireFolder, resolveInside } from './paths.js';
import type { ProgressListener } from './progress.js';
import { readTextFile } from './read.js';
import {
  closeStagingArea,
  commitFiles,
  openStagingArea,
  planFiles,
  recoverInterruptedCommit,
  type OutputFile,
  type PlannedFile,
  type RemovedFile,
  type StagingArea,
} from './write.js';

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

/**
 * The steps of a build, in order. A whole build parses, merges, loads the generators, then
 * validates and generates; a build that redoes only the changed modules loads the generators
 * first and has `reuse` (checking the unchanged modules' files and reading the last catalogue).
 */
export type BuildPhase = 'read' | 'hash' | 'load' | 'reuse' | 'parse' | 'merge' | 'validate' | 'generate' | 'plan' | 'commit' | 'stamp';

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
      /** The modules whose inputs changed, when only they were redone (absent when everything was). */
      redone?: string[];
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
  // and hashed, when this build will parse (no earlier build left a stamp) enough Markdown —
  // or, in a rebuild, for the pages changed since the last build, by their stats (a hint only:
  // what changed is decided by their contents).
  const stamped = cacheDir === undefined ? undefined : stampTime(cacheDir, outDir);
  const pool = stamped === undefined ? startPoolIfWorthIt(located.pages, options.jobs) : undefined;
  const changedPool = stamped === undefined ? undefined : startChangedPool(located.pages.filter((page) => changedSince(page.file, stamped)), options.jobs);
  try {
    return await buildWith({ ...options, docsDir, outDir, check, cacheDir }, located, { pool, changedPool }, phase);
  } finally {
    await Promise.all([pool?.close(), changedPool?.close()]);
  }
}

/**
 * Give a module's printed files to a worker to write (see {@link ParsePool.storePrinted}).
 * @returns The files as the plan takes them: their texts with LF line endings, and their hashes.
 */
function handOver(pool: ParsePool, files: readonly GeneratedFile[], stageDir: string | undefined, cache: { dir: string; key: string } | undefined): CachedFile[] {
  const contents = files.map((file) => normalized(file.content));
  const hashes = contents.map((content) => hashContent(content));
  if (stageDir !== undefined || cache) pool.storePrinted({ paths: files.map((file) => file.path), contents, hashes, ...(stageDir !== undefined && { stageDir }), ...(cache && { cache }) });
  return files.map((file, index) => ({ path: file.path, content: contents[index]!, hash: hashes[index]! }));
}

/** Whether a file was written or replaced at or after a time (or cannot be told). */
function changedSince(file: string, time: number): boolean {
  try {
    const stat = statSync(file);
    return Math.max(stat.mtimeMs, stat.ctimeMs) >= time;
  } catch {
    return true;
  }
}

/** What a build has made before it plans and writes: the generated files, what it found. */
interface Produced {
  summary: CatalogueSummary;
  diagnostics: Diagnostic[];
  /** Files of the generated packages to plan (every one, or those of the changed modules and the runtime). */
  files: GeneratedFile[];
  /** Files of unchanged modules, known to be on disk as the last build left them. */
  kept: PlannedFile[];
  nameMap: RecordedNameMap;
  /** What to keep of each module for the next build; none when the build cannot be redone in part. */
  modules: Record<string, ModuleState> | undefined;
  /** Where catalogue.json keeps its modules and its entries, for the next build. */
  catalogueFile: Pick<CatalogueFileSpans, 'modules' | 'errors'>;
  /** The modules redone, when not all were. */
  redone?: string[];
}

/** Everything the producers share. */
interface Context {
  options: BuildOptions & { check: boolean; docsDir: string; outDir: string };
  cacheDir: string | undefined;
  base: string;
  configFile: string;
  namesFile: string;
  config: ErrcatConfig;
  nameMap: RecordedNameMap;
  pages: PageRef[];
  located: Diagnostic[];
  /** Workers for a whole build's parse, started before the pages were read. */
  pool: ParsePool | undefined;
  /** Workers for the pages that seemed changed since the last build, started as early. */
  changedPool: ParsePool | undefined;
  last: ReturnType<typeof readStamp>;
  phase: (name: BuildPhase) => void;
  /** Hash of what every module depends on alike. */
  key: string;
  /** Package folders written ahead for the commit, if any (removed after the build, whatever happens). */
  staging: { area?: StagingArea | undefined };
}

type Generate = typeof import('@errcat/generate');

/** What the generators are given, the same for a whole build and for one that redoes some modules. */
function generateOptions(context: Context, catalogue: Catalogue): GenerateOptions {
  const { options, cacheDir, base, configFile, namesFile, config, nameMap, pages } = context;
  // A worker stores what the generators made, while this thread goes on (the build settles it before its commit).
  const workers = context.pool ?? context.changedPool;
  return {
    nameMap,
    nameOverrides: config.names ?? {},
    ...(config.packages && { packageSettings: config.packages }),
    sources: pages.map((page) => page.shown).sort(),
    packageVersions: readPackageVersions(options.outDir),
    configFile: displayPath(configFile, base),
    nameMapFile: displayPath(namesFile, base),
    ...(cacheDir !== undefined && { cache: diskGenerateCache(cacheDir, workers && ((entry) => workers.storeGenerated(entry))) }),
    ...(options.sdk && { nameHints: moduleNameHints(catalogue, options.sdk), thrownBy: options.sdk.thrownBy }),
  };
}

/** The rest of {@link build}, once the pages are found and workers (maybe) started. */
async function buildWith(
  options: BuildOptions & { check: boolean },
  located: { pages: PageRef[]; diagnostics: Diagnostic[] },
  { pool, changedPool }: { pool: ParsePool | undefined; changedPool: ParsePool | undefined },
  phase: (name: BuildPhase) => void,
): Promise<BuildResult> {
  const { docsDir, outDir, cwd, check, cacheDir } = options;
  const base = dirname(docsDir);
  const configFile = join(docsDir, 'errcat.config.json');
  const namesFile = join(docsDir, 'errcat.names.json');
  const config = readConfig(configFile, displayPath(configFile, cwd));
  const nameMap = readNameMap(namesFile, displayPath(namesFile, cwd));
  phase('read');
  // Pages are read and hashed once; the config and name map again after the build, which may rewrite the map.
  const { pages, digest: pagesDigest } = readPages(located.pages);
  const inputsHash = () => buildInputsHash(digestFiles([configFile, namesFile]) + pagesDigest + (options.sdk ? `sdk:${options.sdk.digest}` : ''), outDir);
  // What the last build wrote: enough to skip this one when nothing changed, else to compare
  // outputs by their stats instead of reading them back, and to redo only the changed modules.
  const last = cacheDir === undefined ? undefined : readStamp(cacheDir, outDir);
  const fresh = last !== undefined && stampIsFresh(last, inputsHash());
  phase('hash');
  if (fresh) {
    const { diagnostics: found, summary, outputs } = last.stamp;
    return { outcome: 'up-to-date', diagnostics: found, summary, files: Object.keys(outputs).length };
  }
  const context: Context = {
    options: { ...options, docsDir, outDir },
    cacheDir,
    base,
    configFile,
    namesFile,
    config,
    nameMap,
    pages,
    located: located.diagnostics,
    pool,
    changedPool,
    last,
    phase,
    key: globalKey(buildInputsHash('', outDir), config, pages),
    staging: {},
  };
  try {
    return await commitProduced(context, inputsHash);
  } finally {
    // A build that stopped early waits for the workers' writes into its staging area before removing it.
    if (context.staging.area) await pool?.settle().catch(() => {});
    closeStagingArea(context.staging.area);
  }
}

/** The rest of {@link buildWith}: produce the files, plan them against the disk, commit, stamp. */
async function commitProduced(context: Context, inputsHash: () => string): Promise<BuildResult> {
  const { options, cacheDir, last, pool, changedPool, phase } = context;
  const { docsDir, outDir, cwd, check } = options;
  const produced = (await produceChanged(context)) ?? (await produceAll(context));
  if ('failed' in produced) return { outcome: 'failed', diagnostics: produced.diagnostics };
  const { summary, diagnostics } = produced;

  // Files of unchanged modules come from the cache with their hash, their text unread.
  const moduleFiles = produced.files.map((file): OutputFile => {
    const hash = (file as Partial<CachedFile>).hash;
    return {
      root: outDir,
      path: file.path,
      ...(hash !== undefined && { hash }),
      ...(file.bytes && { bytes: file.bytes }),
      get content() {
        return file.content;
      },
    };
  });
  const previous = readManifest(outDir, cwd);
  const manifest = [...moduleFiles, ...produced.kept].map((file) => file.path).sort();
  const planned = planFiles(
    [
      ...moduleFiles,
      { root: docsDir, path: 'errcat.names.json', content: stableJson(produced.nameMap) },
      { root: outDir, path: manifestName, content: stableJson({ generatedBy: 'errcat build', files: manifest }), last: true },
    ],
    cwd,
    last?.index,
  );
  const byPath = (a: PlannedFile, b: PlannedFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const plan = [...[...planned.slice(0, moduleFiles.length), ...produced.kept].sort(byPath), ...planned.slice(moduleFiles.length)];
  // Files an earlier build wrote that this one does not (a module whose page is gone, say).
  const wanted = new Set(manifest);
  const orphans = previous
    .filter((path) => !wanted.has(path))
    .map((path) => resolveInside(outDir, path))
    .filter((target) => existsSync(target))
    .map((target) => ({ root: outDir, target, shown: displayPath(target, cwd) }));
  phase('plan');
  if (check) return { outcome: 'checked', diagnostics, summary, plan, orphans };
  options.onProgress?.({ phase: 'write', total: plan.filter((file) => file.state !== 'unchanged').length });
  // The workers' cache writes end before the commit: a build that cannot write its cache writes nothing.
  await Promise.all([pool?.settle(), changedPool?.settle()]);
  const staged = context.staging.area;
  const { written, unchanged, removed } = commitFiles(plan, orphans, { swapRoots: [outDir], ...(staged && { staged }) });
  phase('commit');
  if (cacheDir !== undefined) {
    const state: BuildState | undefined = produced.modules && { key: context.key, modules: produced.modules, catalogue: produced.catalogueFile };
    // Files of unchanged modules were not touched: their records stay as the last build took them.
    const keptPaths = new Set(produced.kept.map((file) => file.target));
    const outputs = { ...recordFiles(plan.filter((file) => !keptPaths.has(file.target))) };
    for (const target of keptPaths) outputs[target] = last!.index.files[target]!;
    writeStamp(cacheDir, outDir, { inputs: inputsHash(), outputs, diagnostics, summary, ...(state && { state }) });
  }
  phase('stamp');
  return { outcome: 'written', diagnostics, summary, plan, written, unchanged, removed, ...(produced.redone && { redone: produced.redone }) };
}

/** What a producer gives when an error stops the build. */
interface Failed {
  failed: true;
  diagnostics: Diagnostic[];
}

/** Parse, merge, validate and generate everything. */
async function produceAll(context: Context): Promise<(Produced & { generate: Generate }) | Failed> {
  const { options, cacheDir, base, config, pages, phase } = context;
  const { outDir } = options;
  const diagnostics = [...context.located];
  // The generators load while the pages are parsed; they are used only when there is something to generate.
  const loading = import('@errcat/generate');
  loading.catch(() => {});
  const parsed = await parsePageFiles(pages, {
    ...(config.borrowed && { borrowed: config.borrowed }),
    ...(options.jobs !== undefined && { jobs: options.jobs }),
    ...(cacheDir !== undefined && { cacheDir: join(cacheDir, 'parse') }),
    ...(context.pool !== undefined && { pool: context.pool }),
    ...(options.onProgress && { onProgress: options.onProgress }),
  });
  diagnostics.push(...parsed.diagnostics);
  phase('parse');
  options.onProgress?.({ phase: 'merge' });
  const { catalogue, diagnostics: mergeDiagnostics } = mergeDocuments(parsed.documents, mergeOptions(config));
  diagnostics.push(...mergeDiagnostics);
  if (options.sdk) addThrownBy(catalogue, options.sdk);
  phase('merge');
  const generate = hasErrors(diagnostics) ? undefined : await loading;
  phase('load');
  diagnostics.push(...schemaDiagnostics(catalogue, outDir, base, generate?.cataloguePackageDir ?? 'error-catalogue'));
  phase('validate');
  if (!generate || hasErrors(diagnostics)) return { failed: true, diagnostics };
  options.onProgress?.({ phase: 'generate', total: Object.keys(catalogue.modules).length });
  const generation = generate.startGeneration(catalogue, generateOptions(context, catalogue));
  if (hasErrors(generation.diagnostics)) return { failed: true, diagnostics: [...diagnostics, ...generation.diagnostics] };
  const { pool } = context;
  // With workers, each module's files go to one as soon as they are printed: a package folder
  // the output does not hold yet is written into a staging area of the commit's, and the
  // generate cache is stored, while this thread prints the next.
  const stage = pool && !options.check ? (context.staging.area = openStagingArea(outDir)) : undefined;
  const cacheFolder = cacheDir === undefined ? undefined : generateCacheFolder(cacheDir);
  const printed = generation.jobs.map((job) => {
    const files = generate.printModule(job);
    if (!pool) return files;
    const ahead = stage !== undefined && !existsSync(join(outDir, job.plan.slug));
    if (ahead) stage.folders.add(job.plan.slug);
    return handOver(pool, files, ahead ? stage.dir : undefined, cacheFolder === undefined ? undefined : { dir: cacheFolder, key: job.key ?? generate.moduleJobKey(job) });
  });
  const file = writeCatalogueFile(catalogue);
  const catalogueFile = { bytes: file.bytes, exampleCode: generate.catalogueExampleCode(Object.values(catalogue.errors)) };
  const generated = generation.finish(printed, { stored: pool !== undefined, catalogueFile });
  diagnostics.push(...generated.diagnostics);
  phase('generate');
  if (hasErrors(diagnostics)) return { failed: true, diagnostics };
  const states =
    cacheDir === undefined
      ? undefined
      : moduleStates(context, generate, parsed.documents, [...parsed.diagnostics, ...mergeDiagnostics, ...generated.diagnostics], generated.files, generated.nameMap);
  return {
    generate,
    summary: summarizeCatalogue(catalogue),
    diagnostics,
    files: generated.files,
    kept: [],
    nameMap: generated.nameMap,
    modules: states && withCatalogueSpans(states, file.spans, systemCodesOf(catalogue)),
    catalogueFile: { modules: file.spans.modules, errors: file.spans.errors },
  };
}

/**
 * Redo only the modules whose inputs changed since the last build, when that gives exactly what
 * a whole build gives (see incremental.ts); undefined when it cannot, and the whole build is done.
 */
async function produceChanged(context: Context): Promise<(Produced & { generate: Generate }) | Failed | undefined> {
  const { options, cacheDir, nameMap, pages, last } = context;
  const state = last?.stamp.state;
  // The SDK's inputs are keyed by code, across modules: a build with them is done whole.
  if (cacheDir === undefined || !last || !state || state.key !== context.key || options.sdk) return undefined;
  const modules = pagesByModule(pages);
  const keys = moduleKeys(context.key, modules, nameMap);
  if (keys.size !== Object.keys(state.modules).length || [...keys.keys()].some((name) => !state.modules[name])) return undefined;
  const changed = new Set([...keys].filter(([name, key]) => state.modules[name]!.key !== key).map(([name]) => name));
  const changedPages = [...changed].flatMap((name) => modules.get(name)!);
  // The changed pages are parsed on another core, where a worker loads the parser meanwhile,
  // while this thread loads the generators and checks what the last build left.
  const own = context.changedPool === undefined;
  const pool = context.changedPool ?? startChangedPool(changedPages, options.jobs);
  const parsing = parsePageFiles(changedPages, {
    ...(context.config.borrowed && { borrowed: context.config.borrowed }),
    cacheDir: join(cacheDir, 'parse'),
    ...(pool !== undefined && { pool }),
    ...(options.onProgress && { onProgress: options.onProgress }),
  }).then(
    (parsed) => ({ parsed }),
    (error: unknown) => ({ error }),
  );
  try {
    const produced = await produceChangedWith(context, { state, changed, changedPages, parsing });
    // The worker writes the parse cache after the parse; a write that failed fails the build.
    await pool?.settle();
    return produced;
  } finally {
    // Done before the build goes on, even when it is done whole after all (then from the cache).
    await parsing;
    if (own) await pool?.close();
  }
}

/**
 * Workers for the changed pages: one, on another core, so that loading the parser overlaps the
 * rest of the rebuild; as many as may run when there is enough Markdown to split; none on one core.
 */
function startChangedPool(pages: readonly PageRef[], jobs: number | undefined): ParsePool | undefined {
  const threads = Math.min(jobs ?? availableParallelism(), availableParallelism());
  if (threads < 2 || pages.length === 0) return undefined;
  let bytes = 0;
  for (const page of pages) bytes += page.source?.length ?? statSync(page.file).size;
  return startParsePool(bytes >= parallelThreshold() ? Math.min(threads, pages.length) : 1);
}

/** {@link produceChanged} once the changed modules are known and their pages are being parsed. */
async function produceChangedWith(
  context: Context,
  { state, changed, changedPages, parsing }: {
    state: BuildState;
    changed: ReadonlySet<string>;
    changedPages: PageRef[];
    parsing: Promise<{ parsed: Awaited<ReturnType<typeof parsePageFiles>> } | { error: unknown }>;
  },
): Promise<(Produced & { generate: Generate }) | Failed | undefined> {
  const { options, base, config, last, phase } = context;
  const { outDir, cwd } = options;
  if (!last) return undefined;
  const generate = await import('@errcat/generate');
  phase('load');
  // The runtime package's version (kept as on disk) is the last build's while its manifest is as it left it.
  if (knownHash(last.index, join(outDir, generate.RUNTIME_FOLDER, 'package.json')) === undefined) return undefined;
  // Every file of every unchanged module must still be what the last build wrote.
  const kept: PlannedFile[] = [];
  for (const [name, known] of Object.entries(state.modules)) {
    if (changed.has(name)) continue;
    for (const { path, hash } of known.files) {
      const target = join(outDir, ...path.split('/'));
      if (knownHash(last.index, target) !== hash) return undefined;
      kept.push({
        root: outDir,
        path,
        target,
        get shown() {
          return displayPath(target, cwd);
        },
        hash,
        state: 'unchanged',
        // The stats prove the file holds what the last build wrote: read it only when asked.
        get content(): string {
          return readFileSync(target, 'utf8');
        },
      });
    }
  }
  const previous = readLastCatalogueFile(outDir, last.index, generate, state);
  if (!previous) return undefined;
  phase('reuse');
  const diagnostics = [...context.located];
  const outcome = await parsing;
  if ('error' in outcome) throw outcome.error;
  const { parsed } = outcome;
  phase('parse');
  const documentsOf = groupDocuments(parsed.documents);
  const codes = new Map([...changed].map((name) => [name, codesOf(documentsOf.get(name) ?? [])]));
  if (!changedModulesAlone(state.modules, changed, codes, localesOf(parsed.documents))) return undefined;
  options.onProgress?.({ phase: 'merge' });
  const merged = mergeDocuments(parsed.documents, mergeOptions(config));
  // The catalogue as the generators need it: every module, the changed modules' entries only.
  const modulesNow: Catalogue['modules'] = {};
  for (const [name, module] of Object.entries(previous.outline.modules)) {
    const now = changed.has(name) ? merged.catalogue.modules[name] : module;
    if (now !== undefined) modulesNow[name] = now;
  }
  const catalogue: Catalogue = { ...previous.outline, modules: modulesNow, errors: merged.catalogue.errors };
  let file: CatalogueFileBytes;
  try {
    file = replaceCatalogueModules(previous.file, merged.catalogue, changed);
  } catch {
    return undefined;
  }
  phase('merge');
  const part = partOf(catalogue, changed);
  const schema = schemaDiagnostics(part, outDir, base, generate.cataloguePackageDir);
  phase('validate');
  // Diagnostics as a whole build gives them: those of the unchanged modules' pages, then the changed ones'.
  for (const [name, known] of Object.entries(state.modules)) if (!changed.has(name)) diagnostics.push(...known.diagnostics);
  const fresh: Diagnostic[] = [...parsed.diagnostics, ...merged.diagnostics, ...schema];
  if (hasErrors(fresh)) return { failed: true, diagnostics: [...diagnostics, ...fresh] };
  options.onProgress?.({ phase: 'generate', total: changed.size });
  // What the whole catalogue gives, from the modules' states: the last build's, the changed modules' anew.
  const systemCodes = systemCodesOf(merged.catalogue);
  for (const [name, known] of Object.entries(state.modules)) if (!changed.has(name)) systemCodes.set(name, known.systemCodes);
  const system = new Set([...systemCodes.values()].flat());
  const entries = Object.values(file.spans.parts)
    .flatMap((module) => module.entries)
    .sort((a, b) => a[1] - b[1]);
  const exampleCode = generate.catalogueExampleCode(entries.map(([code]) => ({ code, visibility: system.has(code) ? 'system' : 'public' })));
  // The changed modules' packages are made again; the runtime and catalogue packages always are.
  const generated = generate.generatePackages(catalogue, { ...generateOptions(context, catalogue), only: changed, catalogueFile: { bytes: file.bytes, exampleCode } });
  fresh.push(...generated.diagnostics);
  phase('generate');
  diagnostics.push(...fresh);
  if (hasErrors(fresh)) return { failed: true, diagnostics };
  const changedStates = moduleStates({ ...context, pages: changedPages }, generate, parsed.documents, fresh, generated.files, generated.nameMap);
  const states = changedStates && withCatalogueSpans({ ...state.modules, ...changedStates }, file.spans, systemCodes);
  if (!states) return undefined;
  return {
    generate,
    summary: catalogueSummary(catalogue, entries.length, system.size),
    diagnostics,
    files: generated.files,
    kept,
    nameMap: generated.nameMap,
    modules: states,
    catalogueFile: { modules: file.spans.modules, errors: file.spans.errors },
    redone: [...changed].sort(),
  };
}

/** Merge settings from the config. */
function mergeOptions(config: ErrcatConfig): { defaultLocale?: string; borrowed?: Record<string, number[]> } {
  return {
    ...(config.defaultLocale !== undefined && { defaultLocale: normalizeLocale(config.defaultLocale) }),
    ...(config.borrowed && { borrowed: config.borrowed }),
  };
}

/** Where a catalogue breaks its schema, as error diagnostics at the catalogue package's file. */
function schemaDiagnostics(catalogue: Catalogue, outDir: string, base: string, packageDir: string): Diagnostic[] {
  const shown = `${displayPath(join(outDir, packageDir), base)}/catalogue.json`;
  return validateCatalogue(catalogue).map((issue) => ({
    severity: 'error',
    ruleId: 'catalogue-schema',
    message: `${issue.pointer || '/'} ${issue.message}`,
    position: { file: shown, line: 1, column: 1 },
  }));
}

/** What {@link moduleStates} knows of a module before the catalogue's pieces are placed. */
type ModuleStateWithoutCatalogue = Omit<ModuleState, 'catalogue' | 'systemCodes'>;

/** Documents by module. */
function groupDocuments(documents: readonly ErrorDocument[]): Map<string, ErrorDocument[]> {
  const byModule = new Map<string, ErrorDocument[]>();
  for (const document of documents) {
    let list = byModule.get(document.module);
    if (!list) byModule.set(document.module, (list = []));
    list.push(document);
  }
  return byModule;
}

/**
 * What to keep of each module for the next build: its key, codes, locales, files and diagnostics;
 * undefined when a diagnostic or a generated file belongs to no module's pages or package.
 */
function moduleStates(
  context: Context,
  generate: Generate,
  documents: readonly ErrorDocument[],
  diagnostics: readonly Diagnostic[],
  files: readonly GeneratedFile[],
  written: RecordedNameMap,
): Record<string, ModuleStateWithoutCatalogue> | undefined {
  const modules = pagesByModule(context.pages);
  const moduleOfFile = new Map([...modules].flatMap(([name, pages]) => pages.map((page): [string, string] => [page.shown, name])));
  const found = diagnosticsByModule(diagnostics, moduleOfFile);
  if (!found) return undefined;
  // The next build reads the name map this one writes, and names once recorded stay: a module
  // gives the same output from it, so its key is of the written names. Only a module that got a
  // new alias reports that once; the next build must redo it without the report, so its key is of
  // the names it read.
  const namesFor = Object.fromEntries(
    [...modules.keys()].map((name) => [name, found.get(name)?.some((diagnostic) => diagnostic.ruleId === 'name-alias-added') ? context.nameMap[name] : written[name]]),
  );
  const keys = moduleKeys(context.key, modules, namesFor);
  const moduleOfSlug = new Map([...modules.keys()].map((name) => [generate.packageSlug(name), name]));
  const filesOf = new Map<string, Array<{ path: string; hash: string }>>();
  for (const file of files) {
    const folder = file.path.split('/')[0]!;
    if (folder === generate.RUNTIME_FOLDER || folder === generate.cataloguePackageDir) continue;
    const module = moduleOfSlug.get(folder);
    if (module === undefined) return undefined;
    let list = filesOf.get(module);
    if (!list) filesOf.set(module, (list = []));
    list.push({ path: file.path, hash: (file as Partial<CachedFile>).hash ?? hashContent(normalized(file.content)) });
  }
  const documentsOf = groupDocuments(documents);
  const states: Record<string, ModuleStateWithoutCatalogue> = {};
  for (const [name, key] of keys) {
    const own = documentsOf.get(name) ?? [];
    states[name] = { key, codes: codesOf(own), locales: localesOf(own), files: filesOf.get(name) ?? [], diagnostics: found.get(name) ?? [] };
  }
  return states;
}

/**
 * The last build's catalogue.json with where its pieces are, and its outline (every module, no
 * entries), when its stats prove it is still what that build wrote. Its entries are not parsed.
 */
function readLastCatalogueFile(outDir: string, index: OutputIndex, generate: Generate, state: BuildState): { file: CatalogueFileBytes; outline: Catalogue } | undefined {
  const target = join(outDir, generate.cataloguePackageDir, 'catalogue.json');
  if (knownHash(index, target) === undefined || !state.catalogue) return undefined;
  const parts: CatalogueFileSpans['parts'] = {};
  for (const [name, known] of Object.entries(state.modules)) if (known.catalogue) parts[name] = known.catalogue;
  try {
    const bytes = readFileSync(target);
    const file = { bytes: bytes.at(-1) === 0x0a ? bytes.subarray(0, -1) : bytes, spans: { ...state.catalogue, parts } };
    return { file, outline: catalogueOutline(file) };
  } catch {
    return undefined;
  }
}

/** The codes of each module's entries that only system applications may receive. */
function systemCodesOf(catalogue: Catalogue): Map<string, number[]> {
  const codes = new Map<string, number[]>(Object.keys(catalogue.modules).map((name) => [name, []]));
  for (const entry of Object.values(catalogue.errors)) {
    if (entry.visibility !== 'system') continue;
    let list = codes.get(entry.module);
    if (!list) codes.set(entry.module, (list = []));
    list.push(entry.code);
  }
  return codes;
}

/**
 * Module states with where catalogue.json now keeps each module's pieces, and its system codes;
 * undefined when the file has pieces of a module that has no state (no pages).
 */
function withCatalogueSpans(
  states: Record<string, ModuleStateWithoutCatalogue>,
  spans: CatalogueFileSpans,
  systemCodes: ReadonlyMap<string, number[]>,
): Record<string, ModuleState> | undefined {
  if (Object.keys(spans.parts).some((name) => states[name] === undefined)) return undefined;
  const result: Record<string, ModuleState> = {};
  for (const [name, known] of Object.entries(states)) {
    result[name] = { ...known, catalogue: spans.parts[name] ?? { entries: [] }, systemCodes: systemCodes.get(name) ?? [] };
  }
  return result;
}

/** Workers for a build that will parse at least the parallel threshold of Markdown, on more than one thread. */
function startPoolIfWorthIt(pages: readonly PageRef[], jobs: number | undefined): ParsePool | undefined {
  const size = Math.min(jobs ?? availableParallelism(), pages.length);
  if (size < 2) return undefined;
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

/** A module name that can be a folder and a package name. */
const validModule = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

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
    if (!validModule.test(module)) {
      // `errorcode-x@<rev>.md` is how a revision is saved for `errcat diff`, not a page of its own.
      const saved = /^([^@]+)@[^@]+$/.exec(module)?.[1];
      const hint =
        saved !== undefined && validModule.test(saved)
          ? `; it looks like a saved revision of errorcode-${saved}.md: keep such files outside the docs folder (errcat diff reads them from anywhere)`
          : '';
      throw inputError(shown, `module name "${module}" (from the file name) must start with a letter or digit and hold only letters, digits, ".", "_" and "-"${hint}`);
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
  return catalogueSummary(catalogue, entries.length, entries.filter((entry) => entry.visibility === 'system').length);
}

/** The summary of a catalogue's modules and locales with its codes counted by the caller (a part rebuild holds only some entries). */
function catalogueSummary(catalogue: Catalogue, codes: number, systemCodes: number): CatalogueSummary {
  return { modules: Object.keys(catalogue.modules).length, codes, publicCodes: codes - systemCodes, systemCodes, locales: [...catalogue.locales] };
}

/**
 * Versions of the packages already in the output folder (name → version), so a build keeps what
 * `changeset version` set instead of resetting it.
 * @param outDir Output folder.
 */
function readPackageVersions(outDir: string): Record<string, string> {
  if (!existsSync(outDir)) return {};
  return readPackageVersionsOf(
    outDir,
    readdirSync(outDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name),
  );
}

/**
 * {@link readPackageVersions} for some package folders only.
 * @param outDir Output folder.
 * @param folders Package folders in it.
 */
function readPackageVersionsOf(outDir: string, folders: readonly string[]): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const folder of folders) {
    const manifest = join(outDir, folder, 'package.json');
    if (!existsSync(manifest)) continue;
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
