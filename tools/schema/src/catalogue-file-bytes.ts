// catalogue.json's bytes written piece by piece, with where each module's record and each entry
// ended up, so that a build which redoes a few modules can write the new file from the last one
// (the other modules' bytes copied as they are) instead of parsing and printing the whole
// catalogue. The bytes are always the UTF-8 of `JSON.stringify(encodeCatalogue(catalogue))`.
import { CATALOGUE_FILE_SCHEMA_VERSION, encodeEntry, StoredCatalogueError } from './catalogue-file.js';
import type { Catalogue, CatalogueEntry, CatalogueModule } from './types.js';

/** A piece of a file: `[start, end)` in bytes. */
export type ByteSpan = [start: number, end: number];

/** Where one module's pieces are in a catalogue.json file. */
export interface ModuleSpans {
  /** Its record: the value under its name in `modules` (absent when only entries name the module). */
  record?: ByteSpan;
  /** Its entries (those whose `module` it is): the values under their codes in `errors`, in file order. */
  entries: Array<[code: number, start: number, end: number]>;
}

/** Where the pieces of a catalogue.json file are. */
export interface CatalogueFileSpans {
  /** The `modules` object, braces included. */
  modules: ByteSpan;
  /** The `errors` object, braces included. */
  errors: ByteSpan;
  /** Each module's record and entries, by module name. */
  parts: Record<string, ModuleSpans>;
}

/** catalogue.json's bytes (the JSON without a final newline) and where its pieces are. */
export interface CatalogueFileBytes {
  bytes: Uint8Array;
  spans: CatalogueFileSpans;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The bytes catalogue.json holds for a catalogue (the UTF-8 of
 * `JSON.stringify(encodeCatalogue(catalogue))`), with where each piece is.
 * @param catalogue A catalogue as `mergeDocuments` gives it.
 */
export function writeCatalogueFile(catalogue: Catalogue): CatalogueFileBytes {
  const modules = Object.entries(catalogue.modules).map(([name, module]): Member => ({ key: name, module: name, json: JSON.stringify(module) }));
  const errors = Object.entries(catalogue.errors).map(([code, entry]): Member => entryMember(code, entry, catalogue.modules[entry.module]));
  return assemble({ ...catalogue, schemaVersion: CATALOGUE_FILE_SCHEMA_VERSION }, modules, errors, new Uint8Array(0));
}

/**
 * The bytes {@link writeCatalogueFile} gives for the catalogue of `last` with some modules'
 * records and entries replaced by those of `part` (as a merge of every page gives them when
 * those modules' pages, alone, merge to `part`), the other modules' bytes copied unread.
 * @param last An earlier catalogue.json with its spans.
 * @param part A catalogue holding the new records and entries of the replaced modules.
 * @param replaced Names of the modules to replace; each keeps its place among the modules.
 * @throws StoredCatalogueError When the spans do not fit the bytes.
 */
export function replaceCatalogueModules(last: CatalogueFileBytes, part: Catalogue, replaced: ReadonlySet<string>): CatalogueFileBytes {
  const { bytes, spans } = last;
  const old = (span: ByteSpan, where: string): ByteSpan => {
    checkSpan(bytes, span, where);
    return span;
  };
  const modules: Member[] = [];
  for (const name of moduleOrder(spans)) {
    if (!replaced.has(name)) modules.push({ key: name, module: name, old: old(spans.parts[name]!.record!, `/modules/${name}`) });
    else if (part.modules[name] !== undefined) modules.push({ key: name, module: name, json: JSON.stringify(part.modules[name]) });
  }
  const members: Array<Member & { code: number }> = [];
  for (const [name, module] of Object.entries(spans.parts)) {
    if (replaced.has(name)) continue;
    for (const [code, start, end] of module.entries) members.push({ code, key: String(code), module: name, old: old([start, end], `/errors/${code}`) });
  }
  for (const entry of Object.values(part.errors)) members.push({ code: entry.code, ...entryMember(String(entry.code), entry, part.modules[entry.module]) });
  // In the order JSON.stringify gives an object whose codes went in ascending, as a merge puts
  // them: array-index keys first, ascending, then the others as they went in. A code given twice
  // keeps its first place and its last value, as an object would.
  members.sort((a, b) => a.code - b.code);
  const errors: Member[] = [];
  for (const indexes of [true, false]) {
    for (const member of members) {
      if (isArrayIndex(member.code) !== indexes) continue;
      if (errors.length > 0 && errors.at(-1)!.key === member.key) errors[errors.length - 1] = member;
      else errors.push(member);
    }
  }
  return assemble(topLevel(last), modules, errors, bytes);
}

/**
 * The catalogue of a catalogue.json file without its entries (`errors` empty): the top-level
 * fields and every module's record, the entries left unread.
 * @param file A catalogue.json file with its spans.
 * @throws StoredCatalogueError When the spans do not fit the bytes.
 */
export function catalogueOutline(file: CatalogueFileBytes): Catalogue {
  checkSpan(file.bytes, file.spans.modules, '/modules');
  let modules: Record<string, CatalogueModule>;
  try {
    modules = JSON.parse(decoder.decode(file.bytes.subarray(...file.spans.modules))) as Record<string, CatalogueModule>;
  } catch {
    throw new StoredCatalogueError('/modules: the recorded span is not the modules of this catalogue.json');
  }
  return { ...(topLevel(file) as unknown as Catalogue), schemaVersion: 2, modules, errors: {} };
}

/** A member of `modules` or `errors`: its key, the module it belongs to, and its value as new JSON or a span of the last file's bytes. */
type Member = { key: string; module: string } & ({ json: string; old?: undefined } | { old: ByteSpan; json?: undefined });

function entryMember(code: string, entry: CatalogueEntry, module: CatalogueModule | undefined): Member {
  return { key: code, module: entry.module, json: JSON.stringify(encodeEntry(entry, module)) };
}

/** Whether an object key of this number is an array index, which JSON.stringify puts before the other keys. */
function isArrayIndex(code: number): boolean {
  return Number.isInteger(code) && code >= 0 && code <= 4294967294;
}

/** Bytes of a text in UTF-8 (JSON text has no lone surrogates). */
function utf8Length(text: string): number {
  let length = text.length;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) continue;
    if (unit < 0x800) length += 1;
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      // A surrogate pair: two units, four bytes.
      length += 2;
      index++;
    } else length += 2;
  }
  return length;
}

/** Every piece is a JSON object: a span that does not bound one belongs to another file. */
function checkSpan(bytes: Uint8Array, [start, end]: ByteSpan, where: string): void {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= bytes.length && bytes[start] === 0x7b && bytes[end - 1] === 0x7d)) {
    throw new StoredCatalogueError(`${where}: the recorded span ${start}–${end} is not an object of this catalogue.json`);
  }
}

/** Names of the modules with a record, in file order. */
function moduleOrder(spans: CatalogueFileSpans): string[] {
  return Object.entries(spans.parts)
    .filter(([, module]) => module.record !== undefined)
    .sort(([, a], [, b]) => a.record![0] - b.record![0])
    .map(([name]) => name);
}

/** The top-level fields of a catalogue.json file, `modules` and `errors` in their places but empty. */
function topLevel(file: CatalogueFileBytes): Record<string, unknown> {
  const { bytes, spans } = file;
  checkSpan(bytes, spans.modules, '/modules');
  checkSpan(bytes, spans.errors, '/errors');
  let value: unknown;
  try {
    const text = (from: number, to: number) => decoder.decode(bytes.subarray(from, to));
    value = JSON.parse(`${text(0, spans.modules[0])}{}${text(spans.modules[1], spans.errors[0])}{}${text(spans.errors[1], bytes.length)}`);
  } catch {
    throw new StoredCatalogueError('the recorded spans of modules and errors do not fit this catalogue.json');
  }
  const top = value as Record<string, unknown> | null;
  if (top?.['schemaVersion'] !== CATALOGUE_FILE_SCHEMA_VERSION) throw new StoredCatalogueError(`catalogue.json is not of schemaVersion ${CATALOGUE_FILE_SCHEMA_VERSION}`);
  return top;
}

/**
 * The bytes `JSON.stringify` gives for `top` with its `modules` and `errors` holding these
 * pieces, in their objects' key order, and where each piece lands. Pieces taken from `last`
 * that lay side by side there and do so again are copied as one run, separator included.
 */
function assemble(top: Record<string, unknown>, modules: readonly Member[], errors: readonly Member[], last: Uint8Array): CatalogueFileBytes {
  // Runs of the last file's bytes, and new text (encoded a run at a time), in order.
  const segments: Array<string | ByteSpan> = [];
  let pending: string[] = [];
  let at = 0;
  const putNew = (text: string) => {
    pending.push(text);
    at += utf8Length(text);
  };
  const putOld = (start: number, end: number) => {
    const previous = segments.at(-1);
    if (pending.length > 0) {
      segments.push(pending.join(''));
      pending = [];
    } else if (Array.isArray(previous) && previous[1] === start) {
      previous[1] = end;
      at += end - start;
      return;
    }
    segments.push([start, end]);
    at += end - start;
  };
  const parts = new Map<string, ModuleSpans>();
  const partOf = (name: string) => {
    let found = parts.get(name);
    if (!found) parts.set(name, (found = { entries: [] }));
    return found;
  };
  const object = (members: readonly Member[], placed: (member: Member, span: ByteSpan) => void): ByteSpan => {
    const start = at;
    putNew('{');
    let previousOld: ByteSpan | undefined;
    for (let index = 0; index < members.length; index++) {
      const member = members[index]!;
      const key = JSON.stringify(member.key);
      let from: number;
      if (member.old) {
        const [oldStart, oldEnd] = member.old;
        // Next to the last member in the last file too: the separator between them is this one.
        if (previousOld && previousOld[1] + 2 + utf8Length(key) === oldStart) {
          from = oldStart - previousOld[1] + at;
          putOld(previousOld[1], oldEnd);
        } else {
          putNew(index === 0 ? `${key}:` : `,${key}:`);
          from = at;
          putOld(oldStart, oldEnd);
        }
        previousOld = member.old;
      } else {
        putNew(index === 0 ? `${key}:` : `,${key}:`);
        from = at;
        putNew(member.json);
        previousOld = undefined;
      }
      placed(member, [from, at]);
    }
    putNew('}');
    return [start, at];
  };
  let modulesSpan: ByteSpan | undefined;
  let errorsSpan: ByteSpan | undefined;
  putNew('{');
  let first = true;
  for (const [key, value] of Object.entries(top)) {
    const json = key === 'modules' || key === 'errors' ? '' : JSON.stringify(value);
    // As JSON.stringify does, members without a JSON value are left out.
    if (json === undefined) continue;
    putNew(`${first ? '' : ','}${JSON.stringify(key)}:`);
    first = false;
    if (key === 'modules') modulesSpan = object(modules, (member, span) => (partOf(member.key).record = span));
    else if (key === 'errors') errorsSpan = object(errors, (member, [start, end]) => partOf(member.module).entries.push([Number(member.key), start, end]));
    else putNew(json);
  }
  putNew('}');
  if (!modulesSpan || !errorsSpan) throw new Error('a catalogue has modules and errors');
  if (pending.length > 0) segments.push(pending.join(''));
  const bytes = new Uint8Array(at);
  let offset = 0;
  for (const segment of segments) {
    if (Array.isArray(segment)) {
      bytes.set(last.subarray(segment[0], segment[1]), offset);
      offset += segment[1] - segment[0];
    } else {
      offset += encoder.encodeInto(segment, bytes.subarray(offset)).written;
    }
  }
  if (offset !== at) throw new Error(`catalogue.json came out ${offset} bytes long, not the ${at} its spans add up to`);
  return { bytes, spans: { modules: modulesSpan, errors: errorsSpan, parts: Object.fromEntries(parts) } };
}
