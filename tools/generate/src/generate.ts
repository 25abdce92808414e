import { createHash } from 'node:crypto';
import type { Catalogue, CatalogueModule, Diagnostic } from '@errcat/schema';
import { DEFAULT_LOCALE } from '@errcat/schema';
import { createProject, emitProject, typeCheckProject } from './emit.js';
import type { BuildModel, CodeModel, MessageEntry } from './model.js';
import { BUILDS, messageEntry, missingTranslations, moduleLocales, primaryTexts } from './model.js';
import type { NameMap } from './naming.js';
import { assignNames, typePrefix } from './naming.js';
import { INITIAL_VERSION, packageJson, packageReadme, packageSlug } from './package.js';
import type { ModuleFormat, ModuleInfo } from './sources.js';
import { addBuildSources } from './sources.js';

/** One file the generators want written, relative to the output root (`packages/`). */
export interface GeneratedFile {
  path: string;
  content: string;
}

/** Options for {@link generatePackages}. */
export interface GenerateOptions {
  /** Committed name map from previous builds (module → code → member name), to keep names stable. */
  nameMap?: NameMap;
  /** Names set by hand (module → code → member name); win over everything. */
  nameOverrides?: NameMap;
  /** Source files the catalogue came from, for the generated headers of modules whose catalogue entry names none. */
  sources?: string[];
  /** Current version of each generated package on disk (package name → version), kept as is; new packages get 0.1.0. */
  packageVersions?: Record<string, string>;
  /** Path of the config file holding `nameOverrides`, for diagnostics (default `docs-source/errcat.config.json`). */
  configFile?: string;
  /** Path of the committed name map, for diagnostics (default `docs-source/errcat.names.json`). */
  nameMapFile?: string;
  /**
   * Also type-check the generated sources with the full compiler before emitting (slower; the
   * generator's tests do it, so a build need not).
   */
  typeCheck?: boolean;
  /**
   * Emitted files of earlier builds, keyed by a hash of everything a module's output depends on,
   * so an unchanged module is not emitted again (optional).
   */
  cache?: GenerateCache;
}

/** Storage for {@link GenerateOptions.cache}; the caller decides where it lives. */
export interface GenerateCache {
  get(key: string): GeneratedFile[] | undefined;
  set(key: string, files: GeneratedFile[]): void;
}

/** Result of {@link generatePackages}. */
export interface GenerateResult {
  /** Every file of every generated package, sorted by path. */
  files: GeneratedFile[];
  /** The name map after this build, to be committed. */
  nameMap: NameMap;
  /** `missing-translation` warnings; `invalid-name` errors for unusable names in the config or the name map. */
  diagnostics: Diagnostic[];
}

/** How many modules share one in-memory compiler project. */
const MODULES_PER_PROJECT = 24;

/** Package folders the workspace already uses for other things. */
const RESERVED_FOLDERS = new Set(['error-catalogue']);

/** Everything generated for one module before emitting. */
interface ModulePlan {
  info: ModuleInfo;
  slug: string;
  /** Lines saying the files are generated and from what. */
  header: string[];
  locales: string[];
  builds: Record<'public' | 'system', BuildModel>;
}

/**
 * Generate the packages for a catalogue: for each module a package with a public entry and a
 * `./system` entry, each as ESM and CommonJS with declarations. Pure: returns files, writes nothing.
 * @param catalogue Merged catalogue.
 * @param options Names, versions and sources (optional).
 * @returns Files to write under `packages/`, the new name map, and diagnostics.
 */
export function generatePackages(catalogue: Catalogue, options: GenerateOptions = {}): GenerateResult {
  const diagnostics: Diagnostic[] = [];
  const nameMap: NameMap = {};
  const plans: ModulePlan[] = [];
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
    const plan = planModule(catalogue, module, slug, options, allLocales, diagnostics);
    nameMap[moduleName] = plan.nameMap;
    plans.push(plan.plan);
    diagnostics.push(...missingTranslations(catalogue, module, allLocales));
  }
  // Keep name-map entries of modules that left the catalogue: their names stay reserved if they return.
  for (const [moduleName, names] of Object.entries(options.nameMap ?? {})) if (!nameMap[moduleName]) nameMap[moduleName] = { ...names };

  const files: GeneratedFile[] = [];
  for (const format of ['esm', 'cjs'] as ModuleFormat[]) {
    const keys = new Map(plans.map((plan) => [plan, planKey(plan, format, options.typeCheck === true)]));
    const pending = plans.filter((plan) => {
      const cached = options.cache?.get(keys.get(plan)!);
      if (cached) files.push(...cached);
      return !cached;
    });
    // Modules go through the compiler in batches, so memory stays bounded however many there are.
    for (let start = 0; start < pending.length; start += MODULES_PER_PROJECT) {
      const batch = pending.slice(start, start + MODULES_PER_PROJECT);
      const project = createProject(format);
      for (const plan of batch) {
        for (const build of BUILDS) addBuildSources(project, `/${plan.slug}/lib/${build}`, plan.info, plan.builds[build], format);
      }
      if (options.typeCheck) typeCheckProject(project);
      const emittedByPlan = new Map<ModulePlan, GeneratedFile[]>(batch.map((plan) => [plan, []]));
      for (const emitted of emitProject(project)) {
        const plan = planOf(batch, emitted.path);
        emittedByPlan.get(plan)!.push({ path: emitted.path.replace(/^\//, ''), content: `${codeHeader(plan.header)}${emitted.text}` });
      }
      for (const [plan, emitted] of emittedByPlan) {
        files.push(...emitted);
        options.cache?.set(keys.get(plan)!, emitted);
      }
    }
  }
  for (const plan of plans) {
    const version = options.packageVersions?.[`@errcat/${plan.slug}`] ?? INITIAL_VERSION;
    files.push({ path: `${plan.slug}/package.json`, content: packageJson(plan.info, version, plan.locales) });
    files.push({ path: `${plan.slug}/README.md`, content: packageReadme(plan.info, plan.builds.public, plan.builds.system, plan.header) });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, nameMap: sortNameMap(nameMap), diagnostics: sortDiagnostics(diagnostics) };
}

/** A hash of everything one module's emitted code depends on. */
function planKey(plan: ModulePlan, format: ModuleFormat, typeCheck: boolean): string {
  // Maps and sets (the message tables) are hashed by their entries.
  const json = JSON.stringify({ format, typeCheck, plan }, (_key, value: unknown) =>
    value instanceof Map ? { map: [...value] } : value instanceof Set ? { set: [...value] } : value,
  );
  return createHash('sha256').update(json).digest('hex');
}

function planOf(plans: readonly ModulePlan[], path: string): ModulePlan {
  const slug = path.split('/')[1];
  const found = plans.find((candidate) => candidate.slug === slug);
  if (!found) throw new Error(`emitted file ${path} belongs to no module`);
  return found;
}

function codeHeader(header: readonly string[]): string {
  return ['// <auto-generated />', ...header.map((line) => `// ${line}`), ''].join('\n');
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
): { plan: ModulePlan; nameMap: Record<string, string> } {
  const locales = moduleLocales(catalogue, module);
  const entries = module.codes.map((code) => {
    const entry = catalogue.errors[String(code)];
    if (!entry) throw new Error(`catalogue lists code ${code} under module "${module.name}" but has no entry for it`);
    return entry;
  });
  const naming = assignNames(
    entries.map((entry) => ({ code: entry.code, title: entry.locales[DEFAULT_LOCALE]?.title })),
    options.nameMap?.[module.name],
    options.nameOverrides?.[module.name],
  );
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
  const info: ModuleInfo = { module: module.name, prefix: typePrefix(module.name, module.metadata.kit) };
  if (module.metadata.kit) info.kit = module.metadata.kit.trim();
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

function sortNameMap(map: NameMap): NameMap {
  return Object.fromEntries(Object.keys(map).sort().map((module) => [module, map[module]!]));
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const key = (diagnostic: Diagnostic) => [diagnostic.position.file, String(diagnostic.position.line).padStart(8, '0'), String(diagnostic.position.column).padStart(8, '0'), diagnostic.message].join('\u0000');
  return [...diagnostics].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
