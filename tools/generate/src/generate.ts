import { createHash } from 'node:crypto';
import type { Catalogue, CatalogueEntry, CatalogueModule, Diagnostic } from '@errcat/schema';
import { DEFAULT_LOCALE, writeCatalogueFile } from '@errcat/schema';
import type { Build, BuildModel, CodeModel, MessageEntry } from './model.js';
import { BUILDS, messageEntry, moduleLocales, primaryTexts } from './model.js';
import type { NameMap, RecordedNameMap, RecordedNames } from './naming.js';
import { assignNames, typePrefix } from './naming.js';
import { catalogueEntryFiles, catalogueExampleCode, cataloguePackage, cataloguePackageDir } from './catalogue-package.js';
import type { ModuleInfo } from './module-code.js';
import { buildCodeFiles } from './module-code.js';
import type { RuntimeRef } from './package.js';
import { INITIAL_VERSION, packageJson, packageReadme, packageSlug, runtimePackageJson, runtimeReadme } from './package.js';
import type { PackageSettings } from './settings.js';
import { modulePackageName, packageNameFor } from './settings.js';
import { RUNTIME_FOLDER, runtimeCode } from './runtime.js';

/** One file the generators want written, relative to the output root (`packages/`). */
export interface GeneratedFile {
  path: string;
  content: string;
  /** The file's bytes (UTF-8), when they are at hand already; `content` then decodes them. */
  bytes?: Uint8Array;
}

/** Options for {@link generatePackages}. */
export interface GenerateOptions {
  /** Committed name map from previous builds (module → code → recorded name), to keep names stable. */
  nameMap?: RecordedNameMap;
  /** Names set by hand (module → code → member name); win over everything. */
  nameOverrides?: NameMap;
  /**
   * Names to prefer over titles (module → code → member name), such as the SDK's enum members;
   * weaker than hand-set names and names already recorded in the name map.
   */
  nameHints?: NameMap;
  /**
   * APIs that throw each code (code as a decimal string → APIs), such as an SDK's `@throws`; a
   * build's `explain()` returns them as `thrownBy`. The public build lists only APIs without
   * `systemApi`.
   */
  thrownBy?: Record<string, readonly ThrowingApi[]>;
  /** Settings of the generated packages (`"packages"` in `errcat.config.json`): name pattern or scope, license, repository, author, engines. */
  packageSettings?: PackageSettings;
  /** Source files the catalogue came from, for the generated headers of modules whose catalogue entry names none. */
  sources?: string[];
  /** Current version of each generated package on disk (package name → version), kept as is; new packages get 0.1.0. */
  packageVersions?: Record<string, string>;
  /** Path of the config file holding `nameOverrides`, for diagnostics (default `docs-source/errcat.config.json`). */
  configFile?: string;
  /** Path of the committed name map, for diagnostics (default `docs-source/errcat.names.json`). */
  nameMapFile?: string;
  /**
   * Files of earlier builds, keyed by a hash of everything a module's package depends on, so an
   * unchanged module is not printed again (optional).
   */
  cache?: GenerateCache;
  /**
   * Make only these modules' packages (and the runtime and catalogue packages, which cover every
   * module); the others' are left as an earlier build made them: no files, no diagnostics, their
   * names as in `nameMap` (optional; default every module).
   */
  only?: ReadonlySet<string>;
  /**
   * The catalogue package's catalogue.json (its JSON, without the final newline, as
   * `writeCatalogueFile` of @errcat/schema gives it) and the code its README shows
   * ({@link catalogueExampleCode}), when the caller has them already. A build that redoes only
   * the modules in `only` makes the file from the last build's; its `catalogue.errors` then
   * needs only those modules' entries. Default: both made from `catalogue`.
   */
  catalogueFile?: { bytes: Uint8Array; exampleCode: number | undefined };
}

/** An API that throws a code. */
export interface ThrowingApi {
  /** Qualified name, e.g. `avSession.AVSession.setAVMetadata`. */
  name: string;
  /** True when only system applications may call it. */
  systemApi?: boolean;
}

/** Storage for {@link GenerateOptions.cache}; the caller decides where it lives. */
export interface GenerateCache {
  get(key: string): GeneratedFile[] | undefined;
  set(key: string, files: GeneratedFile[]): void;
  /** True when a lookup cannot find anything (no earlier build stored here): modules are then not hashed to be looked up. */
  readonly empty?: boolean;
}

/**
 * The files a cache holds under a key, or those `make` gives, then stored under it; without a
 * cache, made and no key computed.
 */
function cachedFiles(cache: GenerateCache | undefined, key: () => string, make: () => GeneratedFile[]): GeneratedFile[] {
  if (!cache) return make();
  const at = key();
  const cached = cache.get(at);
  if (cached) return cached;
  const made = make();
  cache.set(at, made);
  return made;
}

/** Result of {@link generatePackages}. */
export interface GenerateResult {
  /** Every file of every generated package, sorted by path. */
  files: GeneratedFile[];
  /** The name map after this build, to be committed. */
  nameMap: RecordedNameMap;
  /**
   * `placeholder-name` warnings, `name-alias-added` infos, and `invalid-name` errors for
   * unusable names in the config or the name map. (Codes missing in a locale are the merge's
   * `missing-in-locale`; the generators fill nothing in and report nothing more.)
   */
  diagnostics: Diagnostic[];
}

/** Package folders the workspace already uses for other things. */
const RESERVED_FOLDERS = new Set([cataloguePackageDir, RUNTIME_FOLDER]);

/** Everything generated for one module. */
export interface ModulePlan {
  info: ModuleInfo;
  slug: string;
  /** Lines saying the files are generated and from what. */
  header: string[];
  locales: string[];
  builds: Record<Build, BuildModel>;
}

/**
 * One module's package to print with {@link printModule}.
 */
export interface ModuleJob {
  plan: ModulePlan;
  version: string;
  runtime: RuntimeRef;
  settings: PackageSettings;
  /** Its cache key, when it was computed to look the module up. */
  key?: string;
}

/** A generation begun by {@link startGeneration}: its modules are planned, some still to print. */
export interface Generation {
  /** The modules the cache did not hold, in module order: each to be printed with {@link printModule}. */
  jobs: ModuleJob[];
  /** What naming the modules found, as `finish` gives it: an error here means the generation fails. */
  diagnostics: Diagnostic[];
  /**
   * Finish with the files of every job, in the order of `jobs`: they are stored in the cache
   * (unless `stored` says the printer did that), and the catalogue package is made.
   * @param printed `printModule(job)` of each job.
   * @param options `stored`: the printer stored each job under `job.key ?? moduleJobKey(job)`;
   *   `catalogueFile`: as {@link GenerateOptions.catalogueFile}, when it was not at hand before.
   */
  finish(printed: ReadonlyArray<readonly GeneratedFile[]>, options?: { stored?: boolean; catalogueFile?: GenerateOptions['catalogueFile'] }): GenerateResult;
}

/**
 * Generate the packages for a catalogue: for each module a package with a public entry and a
 * `./system` entry, each as ESM and CommonJS with declarations and one JSON table per locale;
 * the runtime package they share; and the catalogue package over all of them. Pure: returns files, writes nothing, and loads no compiler.
 * @param catalogue Merged catalogue.
 * @param options Names, versions and sources (optional).
 * @returns Files to write under `packages/`, the new name map, and diagnostics.
 */
export function generatePackages(catalogue: Catalogue, options: GenerateOptions = {}): GenerateResult {
  const generation = startGeneration(catalogue, options);
  return generation.finish(generation.jobs.map(printModule));
}

/**
 * {@link generatePackages} in two steps, so that the caller prints each module itself and can
 * pass its files on at once (a build hands them to a worker to write): names, plans and cache
 * lookups now, the rest in `finish`.
 * @param catalogue Merged catalogue.
 * @param options As for {@link generatePackages}.
 */
export function startGeneration(catalogue: Catalogue, options: GenerateOptions = {}): Generation {
  const diagnostics: Diagnostic[] = [];
  const nameMap: RecordedNameMap = {};
  const plans: ModulePlan[] = [];
  /** Every module, in module order, as the catalogue package names it. */
  const members: ModuleInfo[] = [];
  const slugs = new Map<string, string>();
  const allLocales = orderLocales(catalogue);

  for (const moduleName of Object.keys(catalogue.modules).sort()) {
    const module = catalogue.modules[moduleName]!;
    const slug = packageSlug(moduleName);
    const clash = slugs.get(slug);
    if (clash !== undefined || RESERVED_FOLDERS.has(slug) || !slug) {
      throw new Error(
        clash !== undefined
          ? `modules "${clash}" and "${moduleName}" would both generate packages/${slug}; rename one page`
          : `module "${moduleName}" would generate packages/${slug || '(empty)'}, a name the workspace reserves; rename the page`,
      );
    }
    slugs.set(slug, moduleName);
    if (options.only && !options.only.has(moduleName)) {
      // Left as it is: the catalogue package needs only what it is called.
      members.push(moduleInfo(module));
      continue;
    }
    const plan = planModule(catalogue, module, slug, options, allLocales, diagnostics);
    members.push(plan.plan.info);
    nameMap[moduleName] = plan.nameMap;
    plans.push(plan.plan);
  }
  // Keep name-map entries of modules that left the catalogue: their names stay reserved if they return.
  for (const [moduleName, names] of Object.entries(options.nameMap ?? {})) if (!nameMap[moduleName]) nameMap[moduleName] = { ...names };

  const settings = options.packageSettings ?? {};
  const runtimeName = packageNameFor(settings, RUNTIME_FOLDER);
  const runtime = { name: runtimeName, version: options.packageVersions?.[runtimeName] ?? INITIAL_VERSION };
  const { cache } = options;
  // Each module's files: from the cache, or the index of its job.
  const moduleSlots: Array<GeneratedFile[] | number> = [];
  const jobs: ModuleJob[] = [];
  for (const plan of plans) {
    const job: ModuleJob = { plan, version: options.packageVersions?.[modulePackageName(settings, plan.info.module)] ?? INITIAL_VERSION, runtime, settings };
    // Hashing a module's plan costs about as much as printing it: only worth it with a cache that may hold it.
    if (cache && !cache.empty) {
      job.key = moduleJobKey(job);
      const cached = cache.get(job.key);
      if (cached) {
        moduleSlots.push(cached);
        continue;
      }
    }
    moduleSlots.push(jobs.length);
    jobs.push(job);
  }

  const finish: Generation['finish'] = (printed, finishing = {}) => {
    if (printed.length !== jobs.length) throw new Error(`${jobs.length} modules to print, ${printed.length} printed`);
    if (cache && !finishing.stored) jobs.forEach((job, index) => cache.set(job.key ?? moduleJobKey(job), [...printed[index]!]));
    const files: GeneratedFile[] = runtimePackage(runtime, settings);
    for (const slot of moduleSlots) files.push(...(typeof slot === 'number' ? printed[slot]! : slot));
    const catalogueName = packageNameFor(settings, cataloguePackageDir);
    const catalogueMembers = members.map((info) => {
      const name = modulePackageName(settings, info.module);
      return { info, packageName: name, version: options.packageVersions?.[name] ?? INITIAL_VERSION };
    });
    // The catalogue package's code changes only with the module packages and the runtime, not with the texts.
    const entryKey = () => createHash('sha256').update(JSON.stringify({ catalogueEntry: { members: catalogueMembers, runtime } })).digest('hex');
    files.push(...cachedFiles(cache, entryKey, () => catalogueEntryFiles({ members: catalogueMembers, runtime })));
    const catalogueFile = finishing.catalogueFile ?? options.catalogueFile;
    files.push(
      ...cataloguePackage({
        catalogue,
        file: catalogueFile ?? { bytes: writeCatalogueFile(catalogue).bytes, exampleCode: catalogueExampleCode(Object.values(catalogue.errors)) },
        members: catalogueMembers,
        runtime,
        settings,
        version: options.packageVersions?.[catalogueName] ?? INITIAL_VERSION,
        sources: [...(options.sources ?? [])].sort(),
      }),
    );
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { files, nameMap: sortNameMap(nameMap), diagnostics: sortDiagnostics(diagnostics) };
  };
  return { jobs, diagnostics: sortDiagnostics(diagnostics), finish };
}

/** The runtime package every module package depends on. */
function runtimePackage(runtime: RuntimeRef, settings: PackageSettings): GeneratedFile[] {
  return [
    { path: `${RUNTIME_FOLDER}/package.json`, content: runtimePackageJson(runtime.version, settings) },
    { path: `${RUNTIME_FOLDER}/README.md`, content: runtimeReadme(runtime.name) },
    ...runtimeCode().map((file) => ({ path: `${RUNTIME_FOLDER}/${file.path}`, content: file.content })),
  ];
}

/** Header of a module's code files; its README names the pages they come from. */
const CODE_HEADER = ['Generated by errcat from the pages README.md names; do not edit: run `errcat build`.'];

/**
 * Every file of one module's package.
 * @param job A job of {@link Generation.jobs}.
 */
export function printModule({ plan, version, runtime, settings }: ModuleJob): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  // Locale → code → entry JSON of the public build, which the system build's tables start from.
  const publicEntries = new Map<string, Map<number, string>>();
  for (const build of BUILDS) {
    const model = plan.builds[build];
    const dir = `${plan.slug}/lib/${build}`;
    const tables = new Map<string, string[]>();
    for (const [locale, table] of model.messages) {
      const base = build === 'system' ? publicEntries.get(locale) : undefined;
      const entries = new Map<number, string>();
      for (const code of model.codes) {
        const entry = table.get(code.code);
        if (!entry) continue;
        const json = JSON.stringify(entry);
        // The system build loads the public table and adds only the entries that differ from it.
        if (base?.get(code.code) !== json) entries.set(code.code, json);
      }
      if (build === 'public') publicEntries.set(locale, entries);
      const parts = build === 'system' ? [`../public/${locale}.json`] : [];
      if (build === 'public' || entries.size > 0) {
        files.push({ path: `${dir}/${locale}.json`, content: `${tableJson(entries)}\n` });
        parts.push(`./${locale}.json`);
      }
      tables.set(locale, parts);
    }
    const thrownBy = model.codes.filter((code) => code.thrownBy.length > 0);
    if (thrownBy.length > 0) files.push({ path: `${dir}/thrown-by.json`, content: `${JSON.stringify(Object.fromEntries(thrownBy.map((code) => [String(code.code), code.thrownBy])))}\n` });
    const code = buildCodeFiles({
      info: plan.info,
      model,
      header: CODE_HEADER,
      runtime: runtime.name,
      tables,
      ...(thrownBy.length > 0 && { apis: './thrown-by.json' }),
      ...(build === 'system' && { publicCodes: plan.builds.public.codes }),
    });
    for (const [name, content] of Object.entries(code)) files.push({ path: `${dir}/${name}`, content });
  }
  files.push({ path: `${plan.slug}/package.json`, content: packageJson(plan.info, version, plan.locales, runtime, settings) });
  files.push({ path: `${plan.slug}/README.md`, content: packageReadme(plan.info, plan.builds.public, plan.builds.system, plan.header, modulePackageName(settings, plan.info.module), packageNameFor(settings, cataloguePackageDir)) });
  return files;
}

/** A table of texts as one compact JSON object keyed by code, from each entry's JSON. */
function tableJson(entries: ReadonlyMap<number, string>): string {
  return `{${[...entries].map(([code, json]) => `${JSON.stringify(String(code))}:${json}`).join(',')}}`;
}

/**
 * A hash of everything one module's files depend on: its key in the cache.
 * @param job A job of {@link Generation.jobs}.
 */
export function moduleJobKey({ plan, version, runtime, settings }: ModuleJob): string {
  // The message tables (maps) are hashed by their entries. Spelled out rather than with a
  // replacer, which keeps JSON.stringify off its fast path (480 modules at 16×: 166 → 134 ms).
  const builds = {} as Record<Build, unknown>;
  for (const [build, model] of Object.entries(plan.builds) as Array<[Build, BuildModel]>) {
    builds[build] = { ...model, messages: { map: [...model.messages].map(([locale, table]) => [locale, { map: [...table] }]) } };
  }
  const json = JSON.stringify({ version, runtime, settings, plan: { ...plan, builds } });
  return createHash('sha256').update(json).digest('hex');
}

function orderLocales(catalogue: Catalogue): string[] {
  const defaultLocale = catalogue.defaultLocale || DEFAULT_LOCALE;
  return [defaultLocale, ...[...new Set(catalogue.locales)].filter((locale) => locale !== defaultLocale).sort()];
}

function planModule(
  catalogue: Catalogue,
  module: CatalogueModule,
  slug: string,
  options: GenerateOptions,
  allLocales: readonly string[],
  diagnostics: Diagnostic[],
): { plan: ModulePlan; nameMap: RecordedNames } {
  const locales = moduleLocales(catalogue, module);
  const entries = module.codes.map((code) => {
    const entry = catalogue.errors[String(code)];
    if (!entry) throw new Error(`catalogue lists code ${code} under module "${module.name}" but has no entry for it`);
    return entry;
  });
  const naming = assignNames(
    entries.map((entry) => ({ code: entry.code, title: entry.locales[DEFAULT_LOCALE]?.title, message: englishMessage(entry, allLocales) })),
    options.nameMap?.[module.name],
    options.nameOverrides?.[module.name],
    options.nameHints?.[module.name],
  );
  const configFile = options.configFile ?? 'docs-source/errcat.config.json';
  const placeAt = (code: number) => {
    const entry = catalogue.errors[String(code)];
    return (entry && primaryTexts(entry, allLocales)?.position) ?? { file: module.sources[DEFAULT_LOCALE] ?? Object.values(module.sources)[0] ?? configFile, line: 1, column: 1 };
  };
  for (const code of naming.placeholders) {
    diagnostics.push({
      severity: 'warning',
      ruleId: 'placeholder-name',
      message: `${code} (module "${module.name}") is named ${naming.names.get(code)}: it has no English title or runtime message to be named after; set a name in ${configFile} ("names" → "${module.name}" → "${code}")`,
      position: placeAt(code),
    });
  }
  for (const { code, alias, name } of naming.added) {
    diagnostics.push({
      severity: 'info',
      ruleId: 'name-alias-added',
      message: `${code} (module "${module.name}") is now named ${name}; its earlier name ${alias} stays as a deprecated alias`,
      position: placeAt(code),
    });
  }
  for (const problem of naming.problems) {
    const file = problem.origin === 'override' ? (options.configFile ?? 'docs-source/errcat.config.json') : (options.nameMapFile ?? 'docs-source/errcat.names.json');
    diagnostics.push({
      severity: 'error',
      ruleId: 'invalid-name',
      message: `name for ${problem.code} in module "${module.name}": ${problem.reason}; set another name in ${file} ("${problem.origin === 'override' ? 'names' : module.name}" → "${module.name}" → "${problem.code}")`,
      position: { file, line: 1, column: 1 },
    });
  }

  const builds = {} as Record<'public' | 'system', BuildModel>;
  for (const build of BUILDS) {
    const included = entries.filter((entry) => build === 'system' || entry.visibility === 'public');
    const codes: CodeModel[] = included.map((entry) => {
      const texts = primaryTexts(entry, allLocales);
      const shown = texts ? messageEntry(texts, build) : undefined;
      return {
        code: entry.code,
        name: naming.names.get(entry.code)!,
        aliases: naming.aliases.get(entry.code) ?? [],
        thrownBy: [...new Set((options.thrownBy?.[String(entry.code)] ?? []).filter((api) => build === 'system' || !api.systemApi).map((api) => api.name))].sort(),
        title: shown?.title ?? '',
        message: shown?.message ?? '',
        system: entry.visibility === 'system',
      };
    });
    const messages = new Map<string, Map<number, MessageEntry>>();
    for (const locale of locales) {
      const table = new Map<number, MessageEntry>();
      for (const entry of included) {
        const localized = entry.locales[locale];
        if (localized) table.set(entry.code, messageEntry(localized, build));
      }
      messages.set(locale, table);
    }
    builds[build] = { build, codes, messages };
  }

  const sources = locales.map((locale) => module.sources[locale]).filter((source): source is string => source !== undefined);
  const shownSources = sources.length > 0 ? sources : (options.sources ?? []);
  const info = moduleInfo(module);
  const header = [
    shownSources.length > 0 ? 'Generated by errcat from:' : 'Generated by errcat from the error-code catalogue.',
    ...shownSources.map((source) => `  ${oneLine(source)}`),
    'Do not edit: change the pages and run `errcat build`.',
  ];
  return { plan: { info, slug, header, locales, builds }, nameMap: naming.nameMap };
}

/** A header line that no path can break out of (no line breaks, no comment ends). */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\*\//g, '* /').replace(/-->/g, '-- >');
}

/** The English runtime message of a code: the English page's, else any page's (pages keep it in English). */
function englishMessage(entry: CatalogueEntry, locales: readonly string[]): string | undefined {
  for (const locale of [DEFAULT_LOCALE, ...locales]) {
    const message = entry.locales[locale]?.message;
    if (message) return message;
  }
  return undefined;
}

function sortNameMap(map: RecordedNameMap): RecordedNameMap {
  return Object.fromEntries(Object.keys(map).sort().map((module) => [module, map[module]!]));
}

/** A module's name, type prefix and kit. */
function moduleInfo(module: CatalogueModule): ModuleInfo {
  const info: ModuleInfo = { module: module.name, prefix: typePrefix(module.name, module.metadata.kit) };
  if (module.metadata.kit) info.kit = module.metadata.kit.trim();
  return info;
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const key = (diagnostic: Diagnostic) => [diagnostic.position.file, String(diagnostic.position.line).padStart(8, '0'), String(diagnostic.position.column).padStart(8, '0'), diagnostic.message].join('\u0000');
  return [...diagnostics].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
