import { readFileSync, statSync } from 'node:fs';
import { inputError } from './errors.js';

// ignoreBOM keeps a byte-order mark in the text, so redact can give it back unchanged.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Read a text file that must exist, be a file, be valid UTF-8 and not be empty.
 * @param file Absolute path.
 * @param shown Path as shown to the user.
 * @returns The text with a leading byte-order mark kept (callers decide whether to strip it).
 */
export function readTextFile(file: string, shown: string): string {
  let bytes: Buffer;
  try {
    if (statSync(file).isDirectory()) throw inputError(shown, 'is a folder, not a file');
    bytes = readFileSync(file);
  } catch (error) {
    throw describeReadError(error, shown);
  }
  if (bytes.length === 0) throw inputError(shown, 'file is empty');
  try {
    const text = utf8.decode(bytes);
    if (text.replace(/^\uFEFF/, '').trim() === '') throw inputError(shown, 'file holds only white space');
    return text;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    const { line, column } = firstInvalidUtf8(bytes);
    throw inputError(`${shown}:${line}:${column}`, 'not valid UTF-8');
  }
}

/**
 * Strip one leading byte-order mark.
 * @param text Text as read.
 */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describeReadError(error: unknown, shown: string): Error {
  if (!(error instanceof Error) || !('code' in error)) return error as Error;
  switch (error.code) {
    case 'ENOENT':
      return inputError(shown, 'no such file');
    case 'EACCES':
    case 'EPERM':
      return inputError(shown, 'permission denied');
    case 'EISDIR':
      return inputError(shown, 'is a folder, not a file');
    default:
      return inputError(shown, `cannot read (${String(error.code)})`);
  }
}

/**
 * Line and column (1-based, in characters) of the first byte that breaks UTF-8.
 * @param bytes Content known to hold invalid UTF-8.
 */
export function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number; offset: number } {
  // The longest prefix that still decodes (a cut-off sequence at its end is allowed while
  // streaming) grows with its length, so a binary search finds where the damage starts.
  let valid = 0;
  let invalid = bytes.length;
  if (decodesAsPrefix(bytes)) valid = bytes.length;
  while (invalid - valid > 1) {
    const middle = (valid + invalid) >>> 1;
    if (decodesAsPrefix(bytes.subarray(0, middle))) valid = middle;
    else invalid = middle;
  }
  // Report the start of the broken sequence: a lead byte whose continuation never came.
  let offset = valid;
  for (let back = 1; back <= 3 && back <= valid; back++) {
    const byte = bytes[valid - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0 && sequenceLength(byte) > back) offset = valid - back;
    break;
  }
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let index = 0; index < lineStart; index++) if (bytes[index] === 0x0a) line++;
  const column = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(lineStart, offset)).length + 1;
  return { line, column, offset };
}

function decodesAsPrefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function sequenceLength(leadByte: number): number {
  return leadByte >= 0xf0 ? 4 : leadByte >= 0xe0 ? 3 : 2;
}
