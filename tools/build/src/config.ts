import { existsSync } from 'node:fs';
import type { PackageSettings, RecordedNameMap } from '@errcat/generate';
// The settings check alone: the generators are not loaded to read a config.
import { packageSettingsProblem } from '@errcat/generate/settings';
import { inputError } from './errors.js';
import { jsonErrorOffset } from './json-error.js';
import { readTextFile, stripBom } from './read.js';

/** Module → code (decimal string) → enum member name. */
export type NameMap = Record<string, Record<string, string>>;

/** `errcat.config.json` beside the docs. */
export interface ErrcatConfig {
  /** Locale other locales fall back to. */
  defaultLocale?: string;
  /** Codes each module documents but does not own: module → codes. */
  borrowed?: Record<string, number[]>;
  /** Enum member names set by hand: module → code → name. */
  names?: NameMap;
  /** Settings of the generated packages: npm scope or name pattern, license, repository, author, engines. */
  packages?: PackageSettings;
}

/**
 * Parse JSON text, reporting a syntax error with its line and column.
 * @param text JSON text (a BOM is allowed).
 * @param shown Path as shown to the user.
 */
export function parseJsonFile(text: string, shown: string): unknown {
  const json = stripBom(text);
  try {
    return JSON.parse(json);
  } catch {
    const offset = jsonErrorOffset(json) ?? 0;
    const found = offset < json.length ? `unexpected ${JSON.stringify(json[offset])}` : 'unexpected end of text';
    throw inputError(`${shown}:${lineColumn(json, offset)}`, `not valid JSON (${found})`);
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${line}:${column}`;
}

/**
 * Read `errcat.config.json`; a missing file is an empty config.
 * @param file Absolute path.
 * @param shown Path as shown to the user.
 */
export function readConfig(file: string, shown: string): ErrcatConfig {
  if (!existsSync(file)) return {};
  return parseConfig(readTextFile(file, shown), shown);
}

/**
 * Read the text of an `errcat.config.json` (a file's, or a blob's at a git ref).
 * @param text Its content.
 * @param shown Where it is, as shown to the user.
 */
export function parseConfig(text: string, shown: string): ErrcatConfig {
  const value = parseJsonFile(text, shown);
  if (!isObject(value)) throw inputError(shown, 'must hold a JSON object');
  const known = new Set(['$schema', 'defaultLocale', 'borrowed', 'names', 'packages']);
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw inputError(shown, `unknown key "${key}" (known: defaultLocale, borrowed, names, packages)`);
  }
  const config: ErrcatConfig = {};
  if (value.defaultLocale !== undefined) {
    if (typeof value.defaultLocale !== 'string' || value.defaultLocale === '') {
      throw inputError(shown, '"defaultLocale" must be a locale tag such as "en"');
    }
    config.defaultLocale = value.defaultLocale;
  }
  if (value.borrowed !== undefined) {
    if (!isObject(value.borrowed)) throw inputError(shown, '"borrowed" must map module names to arrays of codes');
    const borrowed: Record<string, number[]> = {};
    for (const [module, codes] of Object.entries(value.borrowed)) {
      if (!Array.isArray(codes) || !codes.every((code) => Number.isSafeInteger(code))) {
        throw inputError(shown, `"borrowed.${module}" must be an array of integer codes`);
      }
      borrowed[module] = codes as number[];
    }
    config.borrowed = borrowed;
  }
  if (value.names !== undefined) config.names = readNameMapValue(value.names, shown, 'names');
  if (value.packages !== undefined) {
    const problem = packageSettingsProblem(value.packages);
    if (problem !== undefined) throw inputError(shown, `"packages" ${problem}`);
    config.packages = value.packages as PackageSettings;
  }
  return config;
}

/**
 * Read the committed name map (`errcat.names.json`); a missing file is an empty map.
 * @param file Absolute path.
 * @param shown Path as shown to the user.
 */
export function readNameMap(file: string, shown: string): RecordedNameMap {
  if (!existsSync(file)) return {};
  return readNameMapValue(parseJsonFile(readTextFile(file, shown), shown), shown, undefined) as RecordedNameMap;
}

function readNameMapValue(value: unknown, shown: string, key: string | undefined): NameMap {
  const where = key ? `"${key}"` : 'the name map';
  if (!isObject(value)) throw inputError(shown, `${where} must map module names to {code: name} objects`);
  const map: NameMap = {};
  for (const [module, names] of Object.entries(value)) {
    const path = key ? `${key}.${module}` : module;
    if (!isObject(names)) throw inputError(shown, `"${path}" must map codes to names`);
    for (const [code, name] of Object.entries(names)) {
      if (!/^-?\d+$/.test(code)) throw inputError(shown, `"${path}" has a key "${code}" that is not a code`);
      if (typeof name === 'string' && name !== '') continue;
      // The committed name map also records provisional names and deprecated aliases: {name, from?, aliases?}.
      if (key === undefined && isRecordedName(name)) continue;
      throw inputError(shown, `"${path}.${code}" must be a non-empty name${key === undefined ? ' or {"name", "from"?, "aliases"?}' : ''}`);
    }
    map[module] = names as Record<string, string>;
  }
  return map;
}

function isRecordedName(value: unknown): boolean {
  if (!isObject(value) || typeof value.name !== 'string' || value.name === '') return false;
  if (Object.keys(value).some((field) => !['name', 'from', 'aliases'].includes(field))) return false;
  if (value.from !== undefined && value.from !== 'message' && value.from !== 'placeholder') return false;
  return value.aliases === undefined || (Array.isArray(value.aliases) && value.aliases.every((alias) => typeof alias === 'string' && alias !== ''));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON with object keys sorted (integer-like keys numerically, as JavaScript orders them), 2-space
 * indent and a trailing newline: the same bytes for the same data, whatever the insertion order.
 * @param value JSON-compatible data.
 */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}
