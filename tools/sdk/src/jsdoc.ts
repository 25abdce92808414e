// Reading the JSDoc blocks of SDK declarations: tags with their places, and the SDK's own
// rules for `@throws`, `@systemapi` / `@publicapi` and `@since`.

/** One `@tag` of a block, its text running on until the next tag. */
export interface DocTag {
  name: string;
  /** Text after the tag name, continuation lines joined with `\n`. */
  text: string;
  /** Offset of the `@` in the file. */
  offset: number;
}

/** A JSDoc block (`/** … *\/`), its tags read only when asked for. */
export interface DocBlock {
  /** Offsets of the block in the file. */
  start: number;
  end: number;
  /** The block's text, `/**` to `*\/`. */
  body: string;
}

/** A block of a file. */
export function docBlock(text: string, start: number, end: number): DocBlock {
  return { start, end, body: text.slice(start, end) };
}

const tagStart = /^@([A-Za-z][\w-]*)/;

/**
 * Whether a comment is a JSDoc block. `/*** if arkts dynamic *\/` and `/*** endif *\/` begin with
 * `/**` too but are build markers, not documentation.
 */
export function isDocComment(text: string, start: number): boolean {
  return text.startsWith('/**', start) && text.charCodeAt(start + 3) !== 0x2a && text.charCodeAt(start + 3) !== 0x2f;
}

/** The tags of a block (only those named in `wanted`, when given). */
export function blockTags(block: DocBlock, wanted?: ReadonlySet<string>): DocTag[] {
  return wanted === undefined ? parseDocTags(block.body, block.start) : findDocTags(block.body, block.start, wanted);
}

/**
 * The tags named in `wanted`, as `parseDocTags` gives them, found by searching for their names
 * instead of reading every line: a block's description and `@param`s are skipped unread.
 */
export function findDocTags(body: string, offset: number, wanted: ReadonlySet<string>): DocTag[] {
  const tags: DocTag[] = [];
  const bodyEnd = body.length - 2;
  for (const name of wanted) {
    const key = `@${name}`;
    for (let at = body.indexOf(key, 3); at !== -1 && at < bodyEnd; at = body.indexOf(key, at + key.length)) {
      const after = at + key.length;
      if (after < bodyEnd && isNameChar(body.charCodeAt(after))) continue;
      const lineStart = Math.max(3, body.lastIndexOf('\n', at - 1) + 1);
      if (marginEnd(body, lineStart, at) !== at) continue;
      let lineEnd = body.indexOf('\n', at);
      if (lineEnd === -1 || lineEnd > bodyEnd) lineEnd = bodyEnd;
      let text = body.slice(after, trimmedEnd(body, after, lineEnd)).trim();
      // Continuation lines, up to the next tag.
      for (let next = lineEnd + 1; next <= bodyEnd; ) {
        let end = body.indexOf('\n', next);
        if (end === -1 || end > bodyEnd) end = bodyEnd;
        const from = marginEnd(body, next, end);
        if (body.charCodeAt(from) === 0x40 /* @ */ && isLetter(body.charCodeAt(from + 1)) && from + 1 < end) break;
        text += `\n${body.slice(from, trimmedEnd(body, from, end))}`;
        next = end + 1;
      }
      tags.push({ name, text: text.trimEnd(), offset: offset + at });
    }
  }
  return tags.length > 1 ? tags.sort((a, b) => a.offset - b.offset) : tags;
}

/** Where a line's text starts: after blanks, one `*`, blanks. */
function marginEnd(body: string, from: number, lineEnd: number): number {
  while (from < lineEnd && isBlank(body.charCodeAt(from))) from++;
  if (body.charCodeAt(from) === 0x2a && from < lineEnd) from++;
  while (from < lineEnd && isBlank(body.charCodeAt(from))) from++;
  return from;
}

function trimmedEnd(body: string, from: number, to: number): number {
  while (to > from && isBlank(body.charCodeAt(to - 1))) to--;
  return to;
}

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isNameChar(code: number): boolean {
  return isLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2d;
}

/**
 * Split the text of a JSDoc block into tags.
 * @param body The block, `/**` to `*\/`.
 * @param offset Offset of the block in its file, added to every tag's offset.
 */
export function parseDocTags(body: string, offset = 0, wanted?: ReadonlySet<string>): DocTag[] {
  const tags: DocTag[] = [];
  let current: DocTag | undefined;
  // Inside a tag that is not wanted: its continuation lines are skipped.
  let skipping = false;
  let lineStart = 3;
  const bodyEnd = body.length - 2;
  while (lineStart <= bodyEnd) {
    let lineEnd = body.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > bodyEnd) lineEnd = bodyEnd;
    // Strip the margin: blanks, one `*`, blanks.
    let from = lineStart;
    while (from < lineEnd && isBlank(body.charCodeAt(from))) from++;
    if (body.charCodeAt(from) === 0x2a && from < lineEnd) from++;
    while (from < lineEnd && isBlank(body.charCodeAt(from))) from++;
    let to = lineEnd;
    while (to > from && isBlank(body.charCodeAt(to - 1))) to--;
    if (body.charCodeAt(from) === 0x40 /* @ */) {
      const line = body.slice(from, to);
      const match = tagStart.exec(line);
      if (match) {
        skipping = wanted !== undefined && !wanted.has(match[1]!);
        if (!skipping) {
          current = { name: match[1]!, text: line.slice(match[0].length).trim(), offset: offset + from };
          tags.push(current);
        }
        lineStart = lineEnd + 1;
        continue;
      }
    }
    if (current && !skipping) current.text += `\n${body.slice(from, to)}`;
    lineStart = lineEnd + 1;
  }
  for (const tag of tags) tag.text = tag.text.trimEnd();
  return tags;
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d;
}

/** The block mentions `@<name>`. */
export function mentions(block: DocBlock, name: string): boolean {
  return block.body.includes(`@${name}`);
}

const publicSince = /@publicapi\s*\[\s*since\s*[^\s\]]/;

/**
 * System-only by the SDK's own rule (`build-tools/delete_systemapi_plugin.js`): the block says
 * `@systemapi` and has no `@publicapi [since X]` (which makes the API public from X on). Like that
 * rule, it looks for the words anywhere in the block.
 */
export function isSystemBlock(block: DocBlock): boolean {
  return block.body.includes('@systemapi') && !publicSince.test(block.body);
}

const fileTag = /@file\b/;

/** The file header block (`@file`), which never makes a declaration system-only. */
export function isFileBlock(block: DocBlock): boolean {
  return block.body.includes('@file') && fileTag.test(block.body);
}

/** First version of the first `@since` of some tags (`@since 10 dynamic` → `10`). */
export function blockSince(tags: readonly DocTag[]): string | undefined {
  for (const tag of tags) {
    if (tag.name !== 'since') continue;
    const version = /^[\d.]+(?:\(\d+\))?/.exec(tag.text)?.[0];
    if (version) return version;
  }
  return undefined;
}

/** A `@throws` tag read: code, message and version markers. */
export interface ThrowsTag {
  code: number;
  message: string;
  since?: string;
  until?: string;
  staticOnly?: boolean;
}

// `{ BusinessError }` (any spacing), a bare `BusinessError` or nothing, then the code, then an optional separator.
const throwsHead = /^(?:\{\s*([^}]*?)\s*\}\s*|BusinessError\s+)?(-?\d+)(?=$|[\s\-\u2013\u2014:])\s*(?:[-\u2013\u2014:]+\s*)?/;
const sinceMarker = /\[\s*since\s*([\d.]+(?:\(\d+\))?)\s*(?:-\s*(?:since\s*)?([\d.]+(?:\(\d+\))?)\s*)?\]/gi;
const editionMarker = /\[\s*(staticonly|dynamiconly)\s*\]/gi;
const lineBreakTag = /<br\s*\/?>/gi;

/**
 * Read the text of a `@throws` tag.
 * @returns undefined when it names no code (`{ TypedError } close fail`, `BusinessError if invoked failed`).
 */
export function readThrows(text: string): ThrowsTag | undefined {
  const head = throwsHead.exec(text);
  if (!head) return undefined;
  const code = Number(head[2]);
  if (!Number.isSafeInteger(code)) return undefined;
  let message = text.slice(head[0].length);
  let since: string | undefined;
  let until: string | undefined;
  let staticOnly = false;
  // Most messages have no marker and no tag: the replacements run only when one may be there.
  if (message.includes('[')) {
    message = message.replace(sinceMarker, (_, from: string, to: string | undefined) => {
      since ??= from;
      if (to !== undefined) until ??= to;
      return ' ';
    });
    message = message.replace(editionMarker, (_, edition: string) => {
      if (edition.toLowerCase() === 'staticonly') staticOnly = true;
      return ' ';
    });
  }
  if (message.includes('<')) message = message.replace(lineBreakTag, ' ');
  message = /\s\s|[\t\n\r]/.test(message) ? message.replace(/\s+/g, ' ').trim() : message.trim();
  return { code, message, ...(since !== undefined && { since }), ...(until !== undefined && { until }), ...(staticOnly ? { staticOnly: true } : {}) };
}
