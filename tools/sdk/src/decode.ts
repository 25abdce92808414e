// Bytes of a declaration file → text, saying where the first byte that is not UTF-8 is.
import type { Diagnostic } from '@errcat/schema';

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/**
 * Decode a file. A file that is not UTF-8 is still read (bad bytes become U+FFFD) and gets a
 * warning at the first bad byte.
 * @param bytes The file's bytes.
 * @param file Path shown in the diagnostic.
 */
export function decodeSdkFile(bytes: Uint8Array, file: string): { text: string; diagnostics: Diagnostic[] } {
  // The lenient decoder is the fast one; only a text holding U+FFFD needs the strict check.
  let quick = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // A byte-order mark is dropped, as TextDecoder drops it.
  if (quick.charCodeAt(0) === 0xfeff) quick = quick.slice(1);
  if (!quick.includes('\uFFFD')) return { text: quick, diagnostics: [] };
  try {
    return { text: strict.decode(bytes), diagnostics: [] };
  } catch {
    const text = lenient.decode(bytes);
    const bad = text.indexOf('\uFFFD');
    const before = text.slice(0, Math.max(bad, 0));
    const line = before.split('\n').length;
    const column = bad - before.lastIndexOf('\n');
    return {
      text,
      diagnostics: [
        {
          severity: 'warning',
          ruleId: 'sdk-not-utf8',
          message: 'this file is not UTF-8; it is read with the bad bytes replaced by U+FFFD',
          position: { file, line, column },
        },
      ],
    };
  }
}
