/** Module → code (decimal string) → enum member name. */
export type NameMap = Record<string, Record<string, string>>;

/** Words no generated identifier may be, even though upper-case names never hit them by accident. */
const RESERVED_WORDS = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'implements interface let package private protected public static yield await arguments eval undefined NaN Infinity'
  ).split(' '),
);

/** Longest name derived from a title; longer titles are cut at a word boundary. */
const MAX_DERIVED_LENGTH = 60;

/**
 * Whether a string can name an enum member and an object key without surprises.
 * `__proto__` is refused because it sets the prototype in an object literal.
 * @param name Candidate name.
 */
export function isSafeIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && !RESERVED_WORDS.has(name) && name !== '__proto__';
}

/**
 * Name used when a title gives nothing usable (non-Latin, empty).
 * @param code The error code.
 */
export function fallbackName(code: number): string {
  return `E_${code}`;
}

/**
 * Upper snake case name from an English title: `Session Service Exception` → `SESSION_SERVICE_EXCEPTION`.
 * @param title Title as Markdown source.
 * @param code The code, for the fallback `E_<code>` when the title has no Latin words.
 */
export function nameFromTitle(title: string, code: number): string {
  const plain = title
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const words = plain
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z0-9]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toUpperCase());
  let name = '';
  for (const word of words) {
    const next = name ? `${name}_${word}` : word;
    if (next.length > MAX_DERIVED_LENGTH && name) break;
    name = next;
  }
  if (!name) return fallbackName(code);
  if (/^[0-9]/.test(name)) name = `E_${name}`;
  return isSafeIdentifier(name) ? name : fallbackName(code);
}

/**
 * PascalCase type prefix for a module: the kit's own spelling when the kit name is the module
 * name (`AVSession Kit` + `avsession` → `AVSession`), else the module name in PascalCase
 * (`net-mdns` → `NetMdns`, `backgroundProcessManager` → `BackgroundProcessManager`).
 * @param module Module name from `errorcode-<module>.md`.
 * @param kit Kit name from the page metadata (optional).
 */
export function typePrefix(module: string, kit?: string): string {
  const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  const kitName = kit?.trim().replace(/\s+kit$/i, '').trim();
  if (kitName && squash(kitName) === squash(module) && /^[A-Za-z][A-Za-z0-9 ]*$/.test(kitName)) {
    return kitName.split(/\s+/).map(capitalise).join('');
  }
  const pascal = module
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map(capitalise)
    .join('');
  if (!pascal) throw new Error(`module name "${module}" has no letters or digits to name its types after`);
  return /^[0-9]/.test(pascal) ? `Module${pascal}` : pascal;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A name given by hand or kept from an earlier build that cannot be used, and why. */
export interface NamingProblem {
  code: number;
  name: string;
  /** `override` (from the config) or `name-map` (from the committed map). */
  origin: 'override' | 'name-map';
  reason: string;
}

/** Names chosen for one module. */
export interface ModuleNames {
  /** Code → member name, for every code asked for. */
  names: Map<number, string>;
  /** The module's entry of the name map after this build (earlier entries for vanished codes kept). */
  nameMap: Record<string, string>;
  problems: NamingProblem[];
}

/** What {@link assignNames} needs to know about one code. */
export interface NamingInput {
  code: number;
  /** English title (Markdown source), or undefined when the code has no English text. */
  title: string | undefined;
}

/**
 * Choose a member name for every code of a module. Hand-set overrides win; then names from the
 * committed map (so a title edit never renames a member); then names from titles, in ascending
 * code order, suffixed with `_<code>` when taken. Names of codes that left the module stay
 * reserved, so a name never comes to mean another code.
 * @param codes Codes of the module with their English titles.
 * @param previous The module's entry of the committed name map (optional).
 * @param overrides The module's hand-set names (optional).
 */
export function assignNames(
  codes: readonly NamingInput[],
  previous: Record<string, string> = {},
  overrides: Record<string, string> = {},
): ModuleNames {
  const sorted = [...codes].sort((a, b) => a.code - b.code);
  const present = new Set(sorted.map((entry) => entry.code));
  const names = new Map<number, string>();
  const taken = new Map<string, number>();
  const problems: NamingProblem[] = [];

  const claim = (code: number, name: string) => {
    names.set(code, name);
    taken.set(name, code);
  };
  const refuse = (code: number, name: string, origin: NamingProblem['origin']): boolean => {
    if (!isSafeIdentifier(name)) {
      problems.push({ code, name, origin, reason: `"${name}" is not a usable identifier (letters, digits, _ and $, not starting with a digit, not a reserved word)` });
      return true;
    }
    const holder = taken.get(name);
    if (holder !== undefined && holder !== code) {
      problems.push({ code, name, origin, reason: `"${name}" is already the name of ${holder}` });
      return true;
    }
    return false;
  };

  for (const [key, name] of sortedByCode(overrides)) {
    const code = Number(key);
    if (!present.has(code)) continue;
    if (!refuse(code, name, 'override')) claim(code, name);
  }
  for (const [key, name] of sortedByCode(previous)) {
    const code = Number(key);
    if (names.has(code) || !present.has(code)) {
      // A name an override replaced, or of a code that left, is not handed to another code.
      if (!taken.has(name)) taken.set(name, code);
      continue;
    }
    if (!refuse(code, name, 'name-map')) claim(code, name);
  }
  for (const { code, title } of sorted) {
    if (names.has(code)) continue;
    const base = title === undefined ? fallbackName(code) : nameFromTitle(title, code);
    let name = base;
    if (taken.has(name)) name = base === fallbackName(code) ? `${base}_` : `${base}_${code}`;
    while (taken.has(name)) name = `${name}_`;
    claim(code, name);
  }

  const nameMap: Record<string, string> = {};
  for (const [key, name] of sortedByCode(previous)) if (!present.has(Number(key))) nameMap[key] = name;
  for (const [code, name] of names) nameMap[String(code)] = name;
  return { names, nameMap: sortRecordByCode(nameMap), problems };
}

function sortedByCode(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => Number(a) - Number(b));
}

function sortRecordByCode(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(sortedByCode(record));
}
