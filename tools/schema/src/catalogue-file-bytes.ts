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
  const modules: Record<string, Piece> = {};
  for (const [name, module] of Object.entries(catalogue.modules)) modules[name] = { module: name, json: JSON.stringify(module) };
  const errors: Record<string, Piece> = {};
  for (const [code, entry] of Object.entries(catalogue.errors)) errors[code] = entryPiece(entry, catalogue.modules[entry.module]);
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
  const modules: Record<string, Piece> = {};
  for (const name of moduleOrder(spans)) {
    if (!replaced.has(name)) modules[name] = { module: name, old: old(spans.parts[name]!.record!, `/modules/${name}`) };
    else if (part.modules[name] !== undefined) modules[name] = { module: name, json: JSON.stringify(part.modules[name]) };
  }
  const pieces: Array<[number, Piece]> = [];
  for (const [name, module] of Object.entries(spans.parts)) {
    if (replaced.has(name)) continue;
    for (const [code, start, end] of module.entries) pieces.push([code, { module: name, old: old([start, end], `/errors/${code}`) }]);
  }
  for (const entry of Object.values(part.errors)) pieces.push([entry.code, entryPiece(entry, part.modules[entry.module])]);
  // Codes go in ascending, as a merge puts them (JSON then orders array-index keys first).
  const errors: Record<string, Piece> = {};
  for (const [code, piece] of pieces.sort((a, b) => a[0] - b[0])) errors[String(code)] = piece;
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

/** A member's value: new JSON, or a span of the last file's bytes. */
type Piece = { module: string; json: string; old?: undefined } | { module: string; old: ByteSpan; json?: undefined };

function entryPiece(entry: CatalogueEntry, module: CatalogueModule | undefined): Piece {
  return { module: entry.module, json: JSON.stringify(encodeEntry(entry, module)) };
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
function assemble(top: Record<string, unknown>, modules: Record<string, Piece>, errors: Record<string, Piece>, last: Uint8Array): CatalogueFileBytes {
  // Runs of the last file's bytes, and new bytes, in order.
  const segments: Array<Uint8Array | ByteSpan> = [];
  let at = 0;
  const putNew = (text: string) => {
    const encoded = encoder.encode(text);
    segments.push(encoded);
    at += encoded.length;
  };
  const putOld = (start: number, end: number) => {
    const previous = segments.at(-1);
    if (Array.isArray(previous) && previous[1] === start) previous[1] = end;
    else segments.push([start, end]);
    at += end - start;
  };
  const parts = new Map<string, ModuleSpans>();
  const partOf = (name: string) => {
    let found = parts.get(name);
    if (!found) parts.set(name, (found = { entries: [] }));
    return found;
  };
  const object = (members: Record<string, Piece>, placed: (key: string, piece: Piece, span: ByteSpan) => void): ByteSpan => {
    const start = at;
    putNew('{');
    let previousOld: ByteSpan | undefined;
    let first = true;
    for (const [key, piece] of Object.entries(members)) {
      const separator = `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      let from: number;
      if (piece.old) {
        const [oldStart, oldEnd] = piece.old;
        // Next to the last piece in the last file too: the separator between them is this one.
        if (previousOld && previousOld[1] + encoder.encode(separator).length === oldStart) {
          from = at + (oldStart - previousOld[1]);
          putOld(previousOld[1], oldEnd);
        } else {
          putNew(separator);
          from = at;
          putOld(oldStart, oldEnd);
        }
        previousOld = piece.old;
      } else {
        putNew(separator);
        from = at;
        putNew(piece.json);
        previousOld = undefined;
      }
      placed(key, piece, [from, at]);
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
    if (key === 'modules') modulesSpan = object(modules, (name, _piece, span) => (partOf(name).record = span));
    else if (key === 'errors') errorsSpan = object(errors, (code, piece, [start, end]) => partOf(piece.module).entries.push([Number(code), start, end]));
    else putNew(json);
  }
  putNew('}');
  if (!modulesSpan || !errorsSpan) throw new Error('a catalogue has modules and errors');
  const bytes = new Uint8Array(at);
  let offset = 0;
  for (const segment of segments) {
    const piece = Array.isArray(segment) ? last.subarray(segment[0], segment[1]) : segment;
    bytes.set(piece, offset);
    offset += piece.length;
  }
  return { bytes, spans: { modules: modulesSpan, errors: errorsSpan, parts: Object.fromEntries(parts) } };
}
