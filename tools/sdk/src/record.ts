// What both readers of a declaration file share: the JSDoc before each declaration read with
// the SDK's rules, and the throws and enums recorded with their places. Offsets given to it are
// offsets in the code (comments taken out); places are in the original text.
import type { Diagnostic } from '@errcat/schema';
import { braceProblems } from './balance.js';
import type { SplitText } from './comments.js';
import { blockSince, blockTags, docBlock, isDocComment, isFileBlock, isSystemBlock, mentions, readThrows, type DocBlock } from './jsdoc.js';
import type { SdkEnum, SdkEnumMember, SdkFileIndex, SdkThrow } from './types.js';

/** A declaration and what encloses it. */
export interface Scope {
  parent: Scope | undefined;
  /** Its part of the qualified name (`a.b` for `namespace a.b`); empty for a call signature. */
  name: string;
  systemOnly: boolean;
  deprecated: boolean;
  /** The qualified name, once asked for. */
  qualified?: string;
}

export function rootScope(): Scope {
  return { parent: undefined, name: '', systemOnly: false, deprecated: false };
}

export function qualifiedName(scope: Scope): string {
  if (scope.qualified !== undefined) return scope.qualified;
  const parent = scope.parent ? qualifiedName(scope.parent) : '';
  scope.qualified = parent && scope.name ? `${parent}.${scope.name}` : parent || scope.name;
  return scope.qualified;
}

/** An enum member as a reader found it. */
export interface FoundMember {
  name: string;
  /** Code offsets: before its leading comments, and of its first token. */
  fullStart: number;
  start: number;
  value: number | undefined;
  initializer: string;
}

const errorName = /err|fail/i;
const throwsAndSince: ReadonlySet<string> = new Set(['throws', 'since']);

export class Recorder {
  private readonly throws: SdkThrow[] = [];
  private readonly enums: SdkEnum[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly kit: string | undefined;
  private readonly staticCopy: boolean;
  /** Offsets of every `@throws` tag read, to find the ones no declaration carries. */
  private readonly seenThrows = new Set<number>();
  private uncoded = 0;
  private readonly lines: LineCounter;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly split: SplitText,
  ) {
    this.kit = /@kit\s+([^\s*]+)/.exec(text)?.[1];
    this.staticCopy = /\.static\.d\.ets$/.test(file);
    this.lines = new LineCounter(text);
  }

  /**
   * Read the JSDoc between `fullStart` and `start` (code offsets: the end of the token before the
   * declaration and its first token), record its throws, and give the scope of the declaration.
   */
  declare(fullStart: number, start: number, scope: Scope, name: string): Scope {
    const blocks = this.docBlocks(fullStart, start);
    let last: DocBlock | undefined;
    for (const block of blocks) if (!isFileBlock(block)) last = block;
    const inner: Scope = {
      parent: scope,
      name,
      systemOnly: scope.systemOnly || (last !== undefined && isSystemBlock(last)),
      deprecated: scope.deprecated || (last !== undefined && mentions(last, 'deprecated')),
    };
    let api: string | undefined;
    for (const block of blocks) {
      if (!mentions(block, 'throws')) continue;
      const tags = blockTags(block, throwsAndSince);
      for (const tag of tags) {
        if (tag.name !== 'throws') continue;
        this.seenThrows.add(tag.offset);
        const read = readThrows(tag.text);
        if (!read) {
          this.uncoded++;
          continue;
        }
        const place = this.lines.place(tag.offset);
        const since = read.since ?? blockSince(tags);
        api ??= qualifiedName(inner) || this.file;
        const thrown: SdkThrow = { code: read.code, message: read.message, file: this.file, line: place.line, column: place.column, api, systemOnly: inner.systemOnly };
        // Optional fields set one by one: this runs fifty thousand times.
        if (since !== undefined) thrown.since = since;
        if (read.until !== undefined) thrown.until = read.until;
        if (read.staticOnly) thrown.staticOnly = true;
        if (inner.deprecated) thrown.deprecated = true;
        if (this.kit !== undefined) thrown.kit = this.kit;
        if (this.staticCopy) thrown.staticCopy = true;
        this.throws.push(thrown);
      }
    }
    return inner;
  }

  /** Record an enum; its members' JSDoc is read here. */
  enumDeclaration(declared: Scope, enumName: string, nameStart: number, found: readonly FoundMember[]): void {
    const members: SdkEnumMember[] = found.map((member) => {
      const scope = this.declare(member.fullStart, member.start, declared, member.name);
      const place = this.place(member.start);
      return {
        name: member.name,
        ...(member.value !== undefined && { value: member.value }),
        initializer: member.initializer,
        line: place.line,
        column: place.column,
        systemOnly: scope.systemOnly,
      };
    });
    const place = this.place(nameStart);
    this.enums.push({
      name: qualifiedName(declared),
      file: this.file,
      line: place.line,
      column: place.column,
      systemOnly: declared.systemOnly,
      ...(declared.deprecated && { deprecated: true }),
      ...(this.kit !== undefined && { kit: this.kit }),
      ...(this.staticCopy && { staticCopy: true }),
      errorNamed: errorName.test(enumName),
      members,
    });
  }

  /** Report the file's unbalanced braces. */
  checkBraces(): void {
    this.diagnostics.push(...braceDiagnostics(this.split, this.file, (offset) => this.lines.place(offset)));
  }

  /** The index of the file. */
  finish(kitModules: string[] | undefined): SdkFileIndex {
    this.detachedThrows();
    return {
      file: this.file,
      ...(this.kit !== undefined && { kit: this.kit }),
      ...(kitModules && { kitModules }),
      throws: this.throws,
      enums: this.enums,
      uncoded: this.uncoded,
      diagnostics: this.diagnostics,
    };
  }

  /** Line and column of a code offset. */
  private place(codeOffset: number): { line: number; column: number } {
    return this.lines.place(this.split.toOriginal(codeOffset));
  }

  private docBlocks(fullStart: number, start: number): DocBlock[] {
    const from = this.split.toOriginal(fullStart);
    const to = this.split.toOriginal(start);
    if (to <= from) return [];
    const { comments } = this.split;
    let low = 0;
    let high = comments.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (comments[middle]!.start < from) low = middle + 1;
      else high = middle;
    }
    const blocks: DocBlock[] = [];
    for (let index = low; index < comments.length && comments[index]!.start < to; index++) {
      const comment = comments[index]!;
      if (comment.block && isDocComment(this.text, comment.start)) blocks.push(docBlock(this.text, comment.start, comment.end));
    }
    return blocks;
  }

  private detachedThrows(): void {
    // Fast path: every tag in the text was read with a declaration.
    let count = 0;
    for (let at = this.text.indexOf('@throws'); at !== -1; at = this.text.indexOf('@throws', at + 7)) count++;
    if (count === this.seenThrows.size) return;
    for (let at = this.text.indexOf('@throws'); at !== -1; at = this.text.indexOf('@throws', at + 7)) {
      if (this.seenThrows.has(at) || !startsCommentLine(this.text, at) || !this.inBlockComment(at)) continue;
      const place = this.lines.place(at);
      this.diagnostics.push({
        severity: 'info',
        ruleId: 'sdk-throws-detached',
        message: 'this @throws is in a comment that documents no declaration, so no API throws it',
        position: { file: this.file, line: place.line, column: place.column },
      });
    }
  }

  private inBlockComment(offset: number): boolean {
    const { comments } = this.split;
    let low = 0;
    let high = comments.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (comments[middle]!.start <= offset) low = middle;
      else high = middle - 1;
    }
    const comment = comments[low];
    return comment !== undefined && comment.block && comment.start <= offset && offset < comment.end;
  }
}

/** The unbalanced braces of a file as diagnostics. */
export function braceDiagnostics(split: SplitText, file: string, place: (offset: number) => { line: number; column: number }): Diagnostic[] {
  return braceProblems(split.code).map((problem) => {
    const at = place(split.toOriginal(problem.offset));
    const message =
      problem.kind === 'unopened'
        ? "this '}' closes no '{': the braces of the file do not balance"
        : `this '{' is never closed: the braces of the file do not balance${problem.swallowed === undefined ? '' : ` (the declaration at line ${place(split.toOriginal(problem.swallowed)).line} is read as inside it)`}`;
    return { severity: 'warning', ruleId: 'sdk-unbalanced-braces', message, position: { file, line: at.line, column: at.column } };
  });
}

/** Only blanks, `*` and `/**` before it on its line: a tag, not prose mentioning one. */
function startsCommentLine(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) return true;
    if (code !== 0x20 && code !== 0x09 && code !== 0x2a && code !== 0x2f) return false;
  }
  return true;
}

/**
 * Line and column of offsets. Places are asked for near the last one (mostly forward, an enum's
 * name after its members), so the counter walks from the last place with `indexOf` or
 * `lastIndexOf` instead of keeping every line start.
 */
export class LineCounter {
  private line = 1;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  place(offset: number): { line: number; column: number } {
    const { text } = this;
    while (offset < this.lineStart) {
      this.line--;
      this.lineStart = this.lineStart < 2 ? 0 : text.lastIndexOf('\n', this.lineStart - 2) + 1;
    }
    for (let next = text.indexOf('\n', this.lineStart); next !== -1 && next < offset; next = text.indexOf('\n', next + 1)) {
      this.line++;
      this.lineStart = next + 1;
    }
    return { line: this.line, column: offset - this.lineStart + 1 };
  }
}
