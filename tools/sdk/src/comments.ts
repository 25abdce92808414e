// Separating a declaration file's comments from its code. Nine tenths of the SDK's text is
// JSDoc, which the TypeScript scanner would walk one character at a time; the parser gets the
// code alone (each comment replaced by one space) and the comments are read from the original.

/** A comment of the original text. */
export interface CommentRange {
  start: number;
  /** Offset just after it (after `*\/`, or at the line break of a `//` comment). */
  end: number;
  block: boolean;
}

/** A file with its comments taken out. */
export interface SplitText {
  /** The code: every comment replaced by one space. */
  code: string;
  /** Comments in order. */
  comments: CommentRange[];
  /** Offset in the original text of an offset in `code`. */
  toOriginal(offset: number): number;
}

const interesting = /[/'"`]/g;

/**
 * Take the comments out of a TypeScript declaration file. Strings and template literals are
 * skipped so that `/*` inside them stays text; declaration files have no regular expressions.
 */
export function splitComments(text: string): SplitText {
  const comments: CommentRange[] = [];
  // Start of each piece of code in the original text and in `code`.
  const originalStarts: number[] = [0];
  const codeStarts: number[] = [0];
  const pieces: string[] = [];
  let pieceStart = 0;
  let codeLength = 0;
  let at = 0;
  const cut = (start: number, end: number, block: boolean): void => {
    comments.push({ start, end, block });
    pieces.push(text.slice(pieceStart, start), ' ');
    codeLength += start - pieceStart + 1;
    pieceStart = end;
    originalStarts.push(end);
    codeStarts.push(codeLength);
  };
  while (at < text.length) {
    interesting.lastIndex = at;
    const found = interesting.exec(text);
    if (!found) break;
    const index = found.index;
    const char = text.charCodeAt(index);
    if (char === 0x2f /* / */) {
      const next = text.charCodeAt(index + 1);
      if (next === 0x2a) {
        const close = text.indexOf('*/', index + 2);
        const end = close === -1 ? text.length : close + 2;
        cut(index, end, true);
        at = end;
      } else if (next === 0x2f) {
        const newline = text.indexOf('\n', index + 2);
        const end = newline === -1 ? text.length : newline;
        cut(index, end, false);
        at = end;
      } else {
        at = index + 1;
      }
    } else if (char === 0x60 /* ` */) {
      at = skipTemplate(text, index + 1);
    } else {
      at = skipString(text, index + 1, char);
    }
  }
  pieces.push(text.slice(pieceStart));
  const code = pieces.join('');
  return {
    code,
    comments,
    toOriginal(offset: number): number {
      let low = 0;
      let high = codeStarts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (codeStarts[middle]! <= offset) low = middle;
        else high = middle - 1;
      }
      return originalStarts[low]! + (offset - codeStarts[low]!);
    },
  };
}

/** Offset after a quoted string whose opening quote is just before `from`; a line break ends a broken one. */
function skipString(text: string, from: number, quote: number): number {
  for (let at = from; at < text.length; at++) {
    const char = text.charCodeAt(at);
    if (char === 0x5c /* \ */) at++;
    else if (char === quote) return at + 1;
    else if (char === 0x0a) return at;
  }
  return text.length;
}

/** Offset after a template literal whose backtick is just before `from`, `${…}` nesting included. */
function skipTemplate(text: string, from: number): number {
  for (let at = from; at < text.length; at++) {
    const char = text.charCodeAt(at);
    if (char === 0x5c) at++;
    else if (char === 0x60) return at + 1;
    else if (char === 0x24 /* $ */ && text.charCodeAt(at + 1) === 0x7b /* { */) {
      let depth = 1;
      at += 2;
      for (; at < text.length && depth > 0; at++) {
        const inner = text.charCodeAt(at);
        if (inner === 0x7b) depth++;
        else if (inner === 0x7d) depth--;
        else if (inner === 0x60) at = skipTemplate(text, at + 1) - 1;
        else if (inner === 0x27 || inner === 0x22) at = skipString(text, at + 1, inner) - 1;
      }
      at--;
    }
  }
  return text.length;
}
