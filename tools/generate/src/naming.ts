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

/**
 * One code's entry in the committed name map. A plain string is a stable name. The object form
 * says more: `from` marks a provisional name (taken from the runtime message, or the `E_<code>`
 * placeholder) that a better source replaces, and `aliases` lists earlier names that stay in the
 * generated code as deprecated aliases of the same value.
 */
export type RecordedName = string | { name: string; from?: 'message' | 'placeholder'; aliases?: string[] };

/** A module's entry of the committed name map: code (decimal string) → recorded name. */
export type RecordedNames = Record<string, RecordedName>;

/** The committed name map: module → code → recorded name. */
export type RecordedNameMap = Record<string, RecordedNames>;

/** A name given by hand or kept from an earlier build that cannot be used, and why. */
export interface NamingProblem {
  code: number;
  name: string;
  /** `override` (from the config) or `name-map` (from the committed map). */
  origin: 'override' | 'name-map';
  reason: string;
}

/** An alias a build added: `alias` was the code's name and stays, deprecated, beside `name`. */
export interface AddedAlias {
  code: number;
  alias: string;
  name: string;
}

/** Names chosen for one module. */
export interface ModuleNames {
  /** Code → member name, for every code asked for. */
  names: Map<number, string>;
  /** Code → deprecated aliases (earlier names), for codes that have any. */
  aliases: Map<number, string[]>;
  /** Aliases this build added. */
  added: AddedAlias[];
  /** Codes that got the `E_<code>` placeholder: nothing English to name them after. */
  placeholders: number[];
  /** The module's entry of the name map after this build (earlier entries for vanished codes kept). */
  nameMap: RecordedNames;
  problems: NamingProblem[];
}

/** What {@link assignNames} needs to know about one code. */
export interface NamingInput {
  code: number;
  /** English title (Markdown source), or undefined when the code has no English text. */
  title: string | undefined;
  /** English runtime message, from any locale (pages keep it in English), when there is one. */
  message?: string | undefined;
}

/** How strong each source of a name is; a stronger one replaces a recorded provisional name. */
const STRENGTH = { placeholder: 0, message: 1, title: 2, hint: 3, recorded: 4, override: 5 } as const;

/** A recorded entry, read: its name, how strong it is, and its aliases. */
function readRecorded(code: string, entry: RecordedName): { name: string; strength: number; aliases: string[] } {
  if (typeof entry === 'string') {
    // Name maps written before provisional names were marked hold placeholders as plain strings.
    return { name: entry, strength: entry === fallbackName(Number(code)) ? STRENGTH.placeholder : STRENGTH.recorded, aliases: [] };
  }
  const strength = entry.from === 'placeholder' ? STRENGTH.placeholder : entry.from === 'message' ? STRENGTH.message : STRENGTH.recorded;
  return { name: entry.name, strength, aliases: [...(entry.aliases ?? [])] };
}

/**
 * A name from English text, or undefined when the text has no Latin words.
 * @param text Title or message.
 * @param code The code.
 */
function derivedName(text: string | undefined, code: number): string | undefined {
  if (text === undefined) return undefined;
  const name = nameFromTitle(text, code);
  return name === fallbackName(code) ? undefined : name;
}

/**
 * Choose a member name for every code of a module. In order of authority: hand-set overrides; the
 * committed name map (so a title edit never renames a member); hints (the SDK's own enum names);
 * the English title; the English runtime message; and last the placeholder `E_<code>`. Names
 * from the message and placeholders are provisional: a better source replaces them later. A code
 * whose name changes keeps every earlier name as a deprecated alias, so nothing compiled against
 * an earlier build disappears. Names of codes that left the module stay reserved, so a name never
 * comes to mean another code.
 * @param codes Codes of the module with their English texts.
 * @param recorded The module's entry of the committed name map (optional).
 * @param overrides The module's hand-set names (optional).
 * @param hints Names to prefer over titles, such as the SDK's (optional).
 */
export function assignNames(
  codes: readonly NamingInput[],
  recorded: RecordedNames = {},
  overrides: Record<string, string> = {},
  hints: Record<string, string> = {},
): ModuleNames {
  const sorted = [...codes].sort((a, b) => a.code - b.code);
  const present = new Set(sorted.map((entry) => entry.code));
  const names = new Map<number, string>();
  const taken = new Map<string, number>();
  const problems: NamingProblem[] = [];
  const previous = new Map<number, { name: string; strength: number; aliases: string[] }>();

  const usable = (name: string) => isSafeIdentifier(name);
  const refuse = (code: number, name: string, origin: NamingProblem['origin']): boolean => {
    if (!usable(name)) {
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

  // Recorded names and aliases are reserved first, for their own codes, present or not.
  for (const [key, entry] of sortedByCode(recorded)) {
    const code = Number(key);
    const read = readRecorded(key, entry);
    const own = [read.name, ...read.aliases].filter((name) => {
      if (!present.has(code)) return !taken.has(name);
      return !refuse(code, name, 'name-map');
    });
    for (const name of own) taken.set(name, code);
    if (present.has(code) && own.includes(read.name)) previous.set(code, { ...read, aliases: read.aliases.filter((alias) => own.includes(alias)) });
  }
  const strengths = new Map<number, number>();
  for (const [key, name] of sortedByCode(overrides)) {
    const code = Number(key);
    if (!present.has(code) || refuse(code, name, 'override')) continue;
    names.set(code, name);
    strengths.set(code, STRENGTH.override);
    taken.set(name, code);
  }
  for (const { code, title, message } of sorted) {
    const earlier = previous.get(code);
    if (!names.has(code) && earlier && earlier.strength === STRENGTH.recorded) {
      names.set(code, earlier.name);
      strengths.set(code, STRENGTH.recorded);
      continue;
    }
    if (names.has(code)) continue;
    const free = (name: string) => usable(name) && (taken.get(name) ?? code) === code;
    const hint = hints[String(code)];
    const fromTitle = derivedName(title, code);
    const fromMessage = fromTitle === undefined ? derivedName(message, code) : undefined;
    const candidates: Array<[string | undefined, number]> = [
      [hint !== undefined && free(hint) ? hint : undefined, STRENGTH.hint],
      [fromTitle, STRENGTH.title],
      [fromMessage, STRENGTH.message],
    ];
    const [best, strength] = candidates.find(([name]) => name !== undefined) ?? [undefined, STRENGTH.placeholder];
    if (earlier && earlier.strength >= strength) {
      names.set(code, earlier.name);
      strengths.set(code, earlier.strength);
      continue;
    }
    const base = best ?? fallbackName(code);
    let name = base;
    if (!free(name)) name = best === undefined ? `${base}_` : `${base}_${code}`;
    while (!free(name)) name = `${name}_`;
    names.set(code, name);
    strengths.set(code, strength);
    taken.set(name, code);
  }

  const aliases = new Map<number, string[]>();
  const added: AddedAlias[] = [];
  const placeholders: number[] = [];
  const nameMap: RecordedNames = {};
  for (const [key, entry] of sortedByCode(recorded)) if (!present.has(Number(key))) nameMap[key] = entry;
  for (const { code } of sorted) {
    const name = names.get(code)!;
    const earlier = previous.get(code);
    const kept = (earlier?.aliases ?? []).filter((alias) => alias !== name);
    if (earlier && earlier.name !== name) {
      kept.push(earlier.name);
      added.push({ code, alias: earlier.name, name });
    }
    if (kept.length > 0) aliases.set(code, kept);
    const strength = strengths.get(code)!;
    if (strength === STRENGTH.placeholder) placeholders.push(code);
    const from = strength === STRENGTH.placeholder ? 'placeholder' : strength === STRENGTH.message ? 'message' : undefined;
    nameMap[String(code)] = from === undefined && kept.length === 0 ? name : { name, ...(from && { from }), ...(kept.length > 0 && { aliases: kept }) };
  }
  return { names, aliases, added, placeholders, nameMap: sortRecordByCode(nameMap), problems };
}

function sortedByCode<T>(record: Record<string, T>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => Number(a) - Number(b));
}

function sortRecordByCode<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(sortedByCode(record));
}
