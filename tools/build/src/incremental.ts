// What a build keeps of each module so that the next one redoes only the modules whose inputs
// changed: their pages are parsed, merged, validated and generated on their own, everything else
// is taken from the last build. It is done only where that gives exactly what a whole build
// gives (see changedModulesAlone); anywhere else the build does everything.
import { createHash } from 'node:crypto';
import { moduleFromPath } from '@errcat/parser/paths';
import type { Catalogue, CatalogueEntry, CatalogueFileSpans, CatalogueModule, Diagnostic, ErrorDocument, ModuleSpans } from '@errcat/schema';
import { normalizeLocale } from '@errcat/schema';
import { stableJson, type ErrcatConfig } from './config.js';
import type { PageRef } from './pages.js';

/** What a build knew of one module. */
export interface ModuleState {
  /** Hash of everything the module's part of the output depends on (see moduleKeys). */
  key: string;
  /** Every code its pages document, owned or borrowed. */
  codes: number[];
  /** The locales of its pages. */
  locales: string[];
  /** Its package's files, under the out folder, with their hashes. */
  files: Array<{ path: string; hash: string }>;
  /** What parsing, merging and generating found on its pages. */
  diagnostics: Diagnostic[];
  /** Where the catalogue.json the build wrote keeps the module's record and entries. */
  catalogue?: ModuleSpans;
  /** The codes of its entries that only system applications may receive. */
  systemCodes: number[];
}

/** What a build knew of every module, for the next build. */
export interface BuildState {
  /** Hash of what every module depends on alike (see globalKey). */
  key: string;
  modules: Record<string, ModuleState>;
  /** Where the catalogue.json the build wrote keeps its modules and its entries. */
  catalogue?: Pick<CatalogueFileSpans, 'modules' | 'errors'>;
}

/**
 * Hash of the inputs every module's output depends on: the tools, the config and which pages
 * there are (paths, locales, kit folders). When it changes, the whole build is redone.
 * @param tools Hash of the code of every step and of the out folder.
 * @param config The docs folder's config.
 * @param pages Every page.
 */
export function globalKey(tools: string, config: ErrcatConfig, pages: readonly PageRef[]): string {
  const hash = createHash('sha256').update(tools).update('\0').update(JSON.stringify(config));
  for (const page of [...pages].sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0))) {
    hash.update('\0').update(page.shown).update('\0').update(page.locale ?? '').update('\0').update(page.kitFolder ?? '');
  }
  return hash.digest('hex');
}

/**
 * The pages of each module, by module name.
 * @param pages Pages.
 */
export function pagesByModule(pages: readonly PageRef[]): Map<string, PageRef[]> {
  const modules = new Map<string, PageRef[]>();
  for (const page of pages) {
    const module = moduleFromPath(page.file);
    let list = modules.get(module);
    if (!list) modules.set(module, (list = []));
    list.push(page);
  }
  return modules;
}

/**
 * Hash of each module's own inputs on top of the global ones: its pages' texts and its entries
 * in the name map.
 * @param global From {@link globalKey}.
 * @param modules From {@link pagesByModule} (pages read by readPages, so each has its digest).
 * @param nameMap Recorded names by module.
 */
export function moduleKeys(global: string, modules: ReadonlyMap<string, readonly PageRef[]>, nameMap: Readonly<Record<string, unknown>>): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [module, pages] of modules) {
    const hash = createHash('sha256').update(global).update('\0').update(module).update('\0').update(stableJson(nameMap[module] ?? null));
    for (const page of [...pages].sort((a, b) => (a.shown < b.shown ? -1 : 1))) hash.update('\0').update(page.shown).update('\0').update(page.digest ?? '');
    keys.set(module, hash.digest('hex'));
  }
  return keys;
}

/** Every code documented on a module's pages, ascending. */
export function codesOf(documents: readonly ErrorDocument[]): number[] {
  return [...new Set(documents.flatMap((document) => document.errors.map((entry) => entry.code)))].sort((a, b) => a - b);
}

/** The locales of a module's pages, sorted. */
export function localesOf(documents: readonly ErrorDocument[]): string[] {
  return [...new Set(documents.map((document) => normalizeLocale(document.locale)))].sort();
}

/**
 * Sort diagnostics out by the module whose page they point at.
 * @param diagnostics Diagnostics of parsing, merging and generating.
 * @param moduleOfFile Shown path of each page → its module.
 * @returns Diagnostics per module, or undefined when one points at no page (then a build cannot be redone in part).
 */
export function diagnosticsByModule(diagnostics: readonly Diagnostic[], moduleOfFile: ReadonlyMap<string, string>): Map<string, Diagnostic[]> | undefined {
  const byModule = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const module = moduleOfFile.get(diagnostic.position.file);
    if (module === undefined) return undefined;
    let list = byModule.get(module);
    if (!list) byModule.set(module, (list = []));
    list.push(diagnostic);
  }
  return byModule;
}

/**
 * Whether merging the changed modules' pages on their own gives exactly their part of a merge of
 * every page: no code of theirs (before or after the change) is documented by another module,
 * so no code changes hands, and together they have every locale of the catalogue, which a merge
 * checks each module against.
 * @param state The last build's modules.
 * @param changed Names of the changed modules.
 * @param codes Codes each changed module documents now.
 * @param locales Locales of the changed modules' pages now.
 */
export function changedModulesAlone(
  state: Readonly<Record<string, ModuleState>>,
  changed: ReadonlySet<string>,
  codes: ReadonlyMap<string, readonly number[]>,
  locales: readonly string[],
): boolean {
  const others = new Set<number>();
  const allLocales = new Set<string>();
  for (const [module, known] of Object.entries(state)) {
    for (const locale of known.locales) allLocales.add(locale);
    if (!changed.has(module)) for (const code of known.codes) others.add(code);
  }
  for (const module of changed) {
    for (const code of [...(state[module]?.codes ?? []), ...(codes.get(module) ?? [])]) if (others.has(code)) return false;
  }
  return locales.length === allLocales.size && locales.every((locale) => allLocales.has(locale));
}

/**
 * The part of a catalogue that belongs to some modules: their module entries and code entries,
 * with the catalogue's locales (for validating and generating them alone).
 * @param catalogue A whole catalogue.
 * @param names The modules.
 */
export function partOf(catalogue: Catalogue, names: ReadonlySet<string>): Catalogue {
  const modules: Record<string, CatalogueModule> = {};
  for (const [name, module] of Object.entries(catalogue.modules)) if (names.has(name)) modules[name] = module;
  const errors: Record<string, CatalogueEntry> = {};
  for (const [code, entry] of Object.entries(catalogue.errors)) if (names.has(entry.module)) errors[code] = entry;
  return { ...catalogue, modules, errors };
}
