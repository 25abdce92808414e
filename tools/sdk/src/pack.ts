// A file index in a compact form for passing between threads and keeping in the cache: throws
// as arrays, with the file's APIs and messages each written once.
import type { SdkEnum, SdkFileIndex, SdkThrow } from './types.js';

/** `[code, message, line, column, api, flags, since, until]`; message and api index the file's tables. */
type PackedThrow = [number, number, number, number, number, number, string?, string?];

export interface PackedFileIndex {
  file: string;
  kit?: string;
  kitModules?: string[];
  apis: string[];
  messages: string[];
  throws: PackedThrow[];
  enums: SdkEnum[];
  uncoded: number;
  diagnostics: SdkFileIndex['diagnostics'];
}

const systemOnly = 1;
const staticOnly = 2;
const deprecated = 4;
const staticCopy = 8;

/** The compact form of a file index. */
export function packFileIndex(index: SdkFileIndex): PackedFileIndex {
  const apis = new Map<string, number>();
  const messages = new Map<string, number>();
  const slot = (table: Map<string, number>, value: string) => {
    let at = table.get(value);
    if (at === undefined) table.set(value, (at = table.size));
    return at;
  };
  const throws = index.throws.map((thrown): PackedThrow => {
    const flags = (thrown.systemOnly ? systemOnly : 0) | (thrown.staticOnly ? staticOnly : 0) | (thrown.deprecated ? deprecated : 0) | (thrown.staticCopy ? staticCopy : 0);
    const packed: PackedThrow = [thrown.code, slot(messages, thrown.message), thrown.line, thrown.column, slot(apis, thrown.api), flags];
    if (thrown.since !== undefined || thrown.until !== undefined) packed.push(thrown.since ?? '');
    if (thrown.until !== undefined) packed.push(thrown.until);
    return packed;
  });
  return {
    file: index.file,
    ...(index.kit !== undefined && { kit: index.kit }),
    ...(index.kitModules && { kitModules: index.kitModules }),
    apis: [...apis.keys()],
    messages: [...messages.keys()],
    throws,
    enums: index.enums,
    uncoded: index.uncoded,
    diagnostics: index.diagnostics,
  };
}

/** A file index from its compact form. */
export function unpackFileIndex(packed: PackedFileIndex): SdkFileIndex {
  const { file, kit } = packed;
  const throws = packed.throws.map(([code, message, line, column, api, flags, since, until]): SdkThrow => {
    const thrown: SdkThrow = { code, message: packed.messages[message]!, file, line, column, api: packed.apis[api]!, systemOnly: (flags & systemOnly) !== 0 };
    if (since) thrown.since = since;
    if (until !== undefined) thrown.until = until;
    if (flags & staticOnly) thrown.staticOnly = true;
    if (flags & deprecated) thrown.deprecated = true;
    if (kit !== undefined) thrown.kit = kit;
    if (flags & staticCopy) thrown.staticCopy = true;
    return thrown;
  });
  return {
    file,
    ...(kit !== undefined && { kit }),
    ...(packed.kitModules && { kitModules: packed.kitModules }),
    throws,
    enums: packed.enums,
    uncoded: packed.uncoded,
    diagnostics: packed.diagnostics,
  };
}
