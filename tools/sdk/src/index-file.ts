// One declaration file → what it throws and the enums it declares. Pure: text in, index out.
import { splitComments } from './comments.js';
import { parserWalk } from './parse-walk.js';
import { braceDiagnostics, LineCounter, Recorder } from './record.js';
import { tokenWalk } from './token-walk.js';
import type { SdkFileIndex } from './types.js';

/** Options of {@link indexSdkFile}. */
export interface IndexFileOptions {
  /**
   * `tokens` (default): the scanner-driven reader, the parser where it gives up; `parser`: the
   * TypeScript parser for every file (the reference the token reader is tested against).
   */
  reader?: 'tokens' | 'parser';
}

/**
 * Index one SDK declaration file.
 * @param text The file's text.
 * @param file Its path inside the SDK checkout (`api/@ohos.multimedia.avsession.d.ts`), used in every place.
 * @param options Which reader.
 */
export function indexSdkFile(text: string, file: string, options: IndexFileOptions = {}): SdkFileIndex {
  const split = splitComments(text);
  const kits = file.startsWith('kits/');
  // A file that throws nothing and declares no enum holds nothing to index: only its braces are checked.
  if (!text.includes('@throws') && !/\benum\s/.test(split.code) && !kits) {
    const kit = /@kit\s+([^\s*]+)/.exec(text)?.[1];
    const lines = new LineCounter(text);
    return { file, ...(kit !== undefined && { kit }), throws: [], enums: [], uncoded: 0, diagnostics: braceDiagnostics(split, file, (offset) => lines.place(offset)) };
  }
  // ArkTS `struct` reads as a class when spelled as one; same length, so every offset holds.
  const code = file.endsWith('.ets') ? split.code.replace(/\b(declare\s+)struct(?=\s)/g, '$1class ') : split.code;
  if (options.reader !== 'parser') {
    const recorder = new Recorder(text, file, split);
    const specifiers = tokenWalk(code, recorder);
    if (specifiers) return recorder.finish(kits ? specifiers : undefined);
  }
  const recorder = new Recorder(text, file, split);
  const specifiers = parserWalk(file, code, recorder);
  return recorder.finish(kits ? specifiers : undefined);
}
