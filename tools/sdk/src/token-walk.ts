// Reading a file's declarations from the TypeScript scanner's tokens. A declaration file is a
// tree of namespaces, interfaces, classes, enums and type literals whose leaves are signatures;
// this reader follows that tree and skips each signature as a balanced run of tokens, which
// costs a fifth of building the parser's syntax tree. It gives up (returns undefined) on
// anything it does not know, and the file goes to the parser instead; the two readers give the
// same index (tested on every fixture, and compared on the whole SDK).
import type * as TS from 'typescript';
import { binary } from './parse-walk.js';
import { rootScope, type FoundMember, type Recorder, type Scope } from './record.js';
import { typescript } from './typescript.js';

let ts: typeof TS;
let K: typeof TS.SyntaxKind;

function isIdentifierOrKeyword(kind: TS.SyntaxKind): boolean {
  return kind === K.Identifier || (kind >= K.FirstKeyword && kind <= K.LastKeyword);
}

/** The reader met something it does not read; the parser takes the file. */
class GiveUp extends Error {
  constructor(readonly at = 0) {
    super("give up");
  }
}

/**
 * Walk a file's declarations from its tokens and record them.
 * @param code The file's code (comments taken out), `struct` already spelled `class`.
 * @param recorder Where declarations go (left unusable when this gives up).
 * @returns The module specifiers of its imports and exports, or undefined when the parser must read the file.
 */
export function tokenWalk(code: string, recorder: Recorder): string[] | undefined {
  if (!ts) {
    ts = typescript();
    K = ts.SyntaxKind;
    kindSets();
  }
  try {
    const walk = new TokenWalk(code, recorder);
    const specifiers = walk.file();
    if (walk.unbalanced) recorder.checkBraces();
    return specifiers;
  } catch (error) {
    if (error instanceof GiveUp) {
      if (process.env["ERRCAT_SDK_DEBUG"]) process.stderr.write(`token reader gave up at ${(error as GiveUp).stack}\n`);
      return undefined;
    }
    throw error;
  }
}

/** Modifiers before a statement. */
const statementModifiers = new Set<string>(['export', 'declare', 'default', 'abstract', 'async']);
/** Modifiers before a class or interface member. */
const memberModifiers = new Set<string>(['public', 'private', 'protected', 'static', 'readonly', 'abstract', 'declare', 'override', 'accessor', 'async', 'get', 'set', 'export', 'default']);

class TokenWalk {
  private readonly scanner: TS.Scanner;
  private token: TS.SyntaxKind = 0;
  private start = 0;
  private end = 0;
  /** End of the token before the current one: where the current declaration's leading comments begin. */
  private previousEnd = 0;
  private lineBreak = false;
  private previousToken: TS.SyntaxKind = 0;
  /** First token of the statement or member being read: a line break before it ends nothing. */
  private constructStart = -1;
  private readonly specifiers = new Set<string>();

  constructor(
    private readonly code: string,
    private readonly recorder: Recorder,
  ) {
    this.scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code);
    this.next();
  }

  /** Braces that do not balance were met (the parser's recovery was followed). */
  unbalanced = false;

  file(): string[] {
    this.statements(rootScope(), false);
    return [...this.specifiers].sort();
  }

  /**
   * A line in a body that starts a declaration of the enclosing file or namespace
   * (`declare interface …`, `export class …`): the body before it was never closed.
   */
  private startsDeclarationInBody(): boolean {
    if (!this.lineBreak) return false;
    const word = this.word();
    if (word !== 'declare' && word !== 'export') return false;
    const after = this.peek().text;
    return bodyBreakers.has(after);
  }

  // ---- tokens ----------------------------------------------------------------------------------

  private next(): void {
    this.previousEnd = this.end;
    this.previousToken = this.token;
    this.token = this.scanner.scan();
    this.start = this.scanner.getTokenStart();
    this.end = this.scanner.getTokenEnd();
    this.lineBreak = this.scanner.hasPrecedingLineBreak();
  }

  private is(kind: TS.SyntaxKind): boolean {
    return this.token === kind;
  }

  private text(): string {
    return this.scanner.getTokenValue();
  }

  private isName(): boolean {
    return isIdentifierOrKeyword(this.token);
  }

  /** The word the current token spells, when it is an identifier or keyword. */
  private word(): string | undefined {
    return this.isName() ? this.scanner.getTokenValue() : undefined;
  }

  private expect(kind: TS.SyntaxKind): void {
    if (this.token !== kind) throw new GiveUp();
    this.next();
  }

  /** What the next token is, without moving. */
  private peek(): { kind: TS.SyntaxKind; text: string } {
    return this.scanner.lookAhead(() => {
      const kind = this.scanner.scan();
      return { kind, text: this.scanner.getTokenText() };
    });
  }

  /** Whether the `{…}` at the current token is the whole type, what follows it ending the construct. */
  private literalIsWhole(ends: () => boolean): boolean {
    const saved = { token: this.token, start: this.start, end: this.end, previousEnd: this.previousEnd, lineBreak: this.lineBreak };
    try {
      return this.scanner.lookAhead(() => {
        this.skipBalanced();
        return ends();
      });
    } catch (error) {
      if (error instanceof GiveUp) return false;
      throw error;
    } finally {
      Object.assign(this, saved);
    }
  }

  // ---- statements ------------------------------------------------------------------------------

  /** Statements up to the `}` of a block (not consumed) or the end of the file. */
  private statements(scope: Scope, inBlock: boolean): void {
    for (;;) {
      if (this.is(K.EndOfFileToken)) {
        // A block never closed ends with the file, as the parser has it.
        if (inBlock) this.unbalanced = true;
        return;
      }
      if (this.is(K.CloseBraceToken)) {
        if (inBlock) return;
        // A `}` that closes nothing is skipped, as the parser does.
        this.unbalanced = true;
        this.next();
        continue;
      }
      if (this.is(K.SemicolonToken)) {
        this.next();
        continue;
      }
      const before = this.start;
      this.statement(scope);
      if (this.start === before) throw new GiveUp();
    }
  }

  private statement(scope: Scope): void {
    const fullStart = this.previousEnd;
    const start = this.start;
    this.constructStart = start;
    this.decorators();
    let word = this.word();
    if (word === 'export' || word === 'import') {
      const after = this.peek();
      // `export { … } from '…'`, `export * from …`, `export =`, `export default x;`, `import …`.
      if (word === 'import' || after.kind === K.OpenBraceToken || after.kind === K.AsteriskToken || after.kind === K.EqualsToken || (after.text === 'type' && this.peekIsTypeOnlyExport())) {
        this.recorder.declare(fullStart, start, scope, '');
        this.importOrExport();
        return;
      }
      if (after.text === 'default') {
        const afterDefault = this.scanner.lookAhead(() => {
          this.scanner.scan();
          this.scanner.scan();
          return this.scanner.getTokenText();
        });
        if (!['class', 'interface', 'function', 'abstract', 'enum', 'namespace', 'declare', 'async'].includes(afterDefault)) {
          this.recorder.declare(fullStart, start, scope, '');
          this.skipStatement();
          return;
        }
      }
    }
    while (word !== undefined && statementModifiers.has(word) && this.modifierFollows()) {
      this.next();
      word = this.word();
    }
    if (word === 'const' && this.peek().text === 'enum') {
      this.next();
      word = 'enum';
    }
    switch (word) {
      case 'namespace':
      case 'module':
      case 'global':
        this.namespace(fullStart, start, scope, word === 'global');
        return;
      case 'interface':
      case 'class':
        this.typeDeclaration(fullStart, start, scope, word);
        return;
      case 'enum':
        this.enumDeclaration(fullStart, start, scope);
        return;
      case 'function':
        this.next();
        this.recorder.declare(fullStart, start, scope, this.isName() ? this.word()! : 'default');
        this.skipStatement();
        return;
      case 'const':
      case 'let':
      case 'var':
        this.variables(fullStart, start, scope);
        return;
      case 'type':
        if (this.peekIsName()) {
          this.typeAlias(fullStart, start, scope);
          return;
        }
        break;
      default:
        break;
    }
    this.recorder.declare(fullStart, start, scope, '');
    this.skipStatement();
  }

  private peekIsName(): boolean {
    return isIdentifierOrKeyword(this.peek().kind);
  }

  private peekIsTypeOnlyExport(): boolean {
    // `export type { A } from …` (not `export type A = …`).
    return this.scanner.lookAhead(() => {
      this.scanner.scan();
      return this.scanner.scan() === K.OpenBraceToken;
    });
  }

  /** A statement modifier is one when a declaration word or another modifier follows it. */
  private modifierFollows(): boolean {
    const after = this.peek();
    return isIdentifierOrKeyword(after.kind) || after.kind === K.AtToken;
  }

  /** `@Name`, `@Name.x`, `@Name(…)` before a declaration. */
  private decorators(): void {
    while (this.is(K.AtToken)) {
      this.next();
      if (!this.isName()) throw new GiveUp();
      this.next();
      while (this.is(K.DotToken)) {
        this.next();
        if (!this.isName()) throw new GiveUp();
        this.next();
      }
      if (this.is(K.OpenParenToken)) this.skipBalanced();
    }
  }

  private namespace(fullStart: number, start: number, scope: Scope, global: boolean): void {
    this.next();
    const names: string[] = [];
    if (!global) {
      if (this.is(K.StringLiteral)) {
        this.next();
      } else {
        if (!this.isName()) throw new GiveUp();
        names.push(this.text());
        this.next();
        while (this.is(K.DotToken)) {
          this.next();
          if (!this.isName()) throw new GiveUp();
          names.push(this.text());
          this.next();
        }
      }
    }
    const declared = this.recorder.declare(fullStart, start, scope, names.join('.'));
    if (this.is(K.SemicolonToken)) {
      this.next();
      return;
    }
    this.expect(K.OpenBraceToken);
    this.statements(declared, true);
    if (this.is(K.CloseBraceToken)) this.next();
  }

  /** `interface Name<…> extends … { members }`, `class Name<…> extends … implements … { members }`. */
  private typeDeclaration(fullStart: number, start: number, scope: Scope, kind: string): void {
    this.next();
    let name = 'default';
    if (this.isName() && !(kind === 'class' && (this.word() === 'extends' || this.word() === 'implements'))) {
      name = this.text();
      this.next();
    } else if (kind === 'interface') {
      throw new GiveUp();
    }
    const declared = this.recorder.declare(fullStart, start, scope, name);
    // Type parameters and heritage clauses, up to the body.
    while (!this.is(K.OpenBraceToken)) {
      if (this.is(K.EndOfFileToken) || this.is(K.SemicolonToken) || this.is(K.CloseBraceToken)) throw new GiveUp();
      this.skipOne();
    }
    this.members(declared);
  }

  private typeAlias(fullStart: number, start: number, scope: Scope): void {
    this.next();
    const declared = this.recorder.declare(fullStart, start, scope, this.text());
    this.next();
    if (this.is(K.LessThanToken)) this.skipBalanced();
    this.expect(K.EqualsToken);
    // Only a type that is the literal has its members read, as the parser has it (not `{ … }[]`).
    if (this.is(K.OpenBraceToken) && this.literalIsWhole(() => this.atStatementEnd())) this.members(declared);
    this.skipStatement();
  }

  /** `const a: { members }, b: T;` — the first name documents the statement, type literals are read. */
  private variables(fullStart: number, start: number, scope: Scope): void {
    this.next();
    let declared: Scope | undefined;
    for (;;) {
      if (!this.isName()) throw new GiveUp();
      const name = this.text();
      const first = declared === undefined;
      declared ??= this.recorder.declare(fullStart, start, scope, name);
      this.next();
      if (this.is(K.ExclamationToken)) this.next();
      if (this.is(K.ColonToken)) {
        this.next();
        if (this.is(K.OpenBraceToken) && this.literalIsWhole(() => this.atDeclaratorEnd())) {
          this.members(first ? declared : { ...declared, name, qualified: undefined });
        }
      }
      this.skipUntil((walk) => walk.is(K.CommaToken) || walk.atStatementEnd());
      if (this.is(K.CommaToken)) {
        this.next();
        continue;
      }
      this.endStatement();
      return;
    }
  }

  /** `import … from '…'`, `import '…'`, `export … from '…'`: the module specifier is kept. */
  private importOrExport(): void {
    let previousWord: string | undefined = this.word();
    this.next();
    for (;;) {
      if (this.atStatementEnd()) break;
      if (this.is(K.StringLiteral) && (previousWord === 'from' || previousWord === 'import')) this.specifiers.add(this.text());
      previousWord = this.word();
      this.skipOne();
    }
    this.endStatement();
  }

  // ---- members ---------------------------------------------------------------------------------

  /** `{ members }` of an interface, class or type literal; the current token is `{`. */
  private members(scope: Scope): void {
    this.expect(K.OpenBraceToken);
    for (;;) {
      if (this.is(K.CloseBraceToken)) {
        this.next();
        return;
      }
      if (this.is(K.EndOfFileToken) || this.startsDeclarationInBody()) {
        // A body whose `}` is missing ends where the next declaration starts, as the parser has it.
        this.unbalanced = true;
        return;
      }
      if (this.is(K.SemicolonToken) || this.is(K.CommaToken)) {
        this.next();
        continue;
      }
      const before = this.start;
      this.member(scope);
      if (this.start === before) throw new GiveUp();
    }
  }

  private member(scope: Scope): void {
    const fullStart = this.previousEnd;
    const start = this.start;
    this.constructStart = start;
    this.decorators();
    while (this.isName() && memberModifiers.has(this.word()!) && this.memberModifierFollows()) this.next();
    let name: string;
    let literalType = false;
    if (this.is(K.OpenParenToken) || this.is(K.LessThanToken)) {
      name = '';
    } else if (this.word() === 'new' && [K.OpenParenToken, K.LessThanToken].includes(this.peek().kind)) {
      name = 'constructor';
      this.next();
    } else if (this.is(K.OpenBracketToken)) {
      name = this.bracketName();
    } else if (this.isName() || this.is(K.StringLiteral) || this.is(K.NumericLiteral) || this.is(K.PrivateIdentifier)) {
      name = this.is(K.PrivateIdentifier) ? this.code.slice(this.start, this.end) : this.text();
      this.next();
      if (this.is(K.QuestionToken) || this.is(K.ExclamationToken)) this.next();
      if (this.is(K.ColonToken)) {
        this.next();
        // Only a property whose whole type is the literal has its members read, as the parser has it.
        literalType = this.is(K.OpenBraceToken) && this.literalIsWhole(() => this.atMemberEnd());
      }
    } else {
      throw new GiveUp();
    }
    const declared = this.recorder.declare(fullStart, start, scope, name);
    if (literalType) {
      this.members(declared);
      return;
    }
    this.skipUntil((walk) => walk.atMemberEnd());
  }

  /** `[Symbol.iterator]` → `[iterator]`; `[key: string]: T` → `[index]`; other computed names → nothing. */
  private bracketName(): string {
    const isIndex = this.scanner.lookAhead(() => {
      const first = this.scanner.scan();
      return isIdentifierOrKeyword(first) && this.scanner.scan() === K.ColonToken;
    });
    if (isIndex) return '[index]';
    const inside: Array<{ kind: TS.SyntaxKind; text: string }> = [];
    this.next();
    let depth = 1;
    for (;;) {
      if (this.is(K.EndOfFileToken)) throw new GiveUp();
      if (this.is(K.OpenBracketToken)) depth++;
      if (this.is(K.CloseBracketToken) && --depth === 0) break;
      inside.push({ kind: this.token, text: this.text() });
      this.next();
    }
    this.next();
    if (this.is(K.QuestionToken)) this.next();
    const [a, dot, b] = inside;
    if (inside.length === 3 && a && isIdentifierOrKeyword(a.kind) && dot?.kind === K.DotToken && b && isIdentifierOrKeyword(b.kind)) return `[${b.text}]`;
    return '';
  }

  private memberModifierFollows(): boolean {
    const after = this.peek();
    return isIdentifierOrKeyword(after.kind) || [K.StringLiteral, K.NumericLiteral, K.OpenBracketToken, K.PrivateIdentifier, K.AsteriskToken].includes(after.kind);
  }

  // ---- enums -----------------------------------------------------------------------------------

  private enumDeclaration(fullStart: number, start: number, scope: Scope): void {
    this.next();
    if (!this.isName()) throw new GiveUp();
    const enumName = this.text();
    const nameStart = this.start;
    const declared = this.recorder.declare(fullStart, start, scope, enumName);
    this.next();
    // ArkTS gives some enums a value type: `enum Ratio: double {`.
    if (this.is(K.ColonToken)) while (!this.is(K.OpenBraceToken)) this.skipOne();
    this.expect(K.OpenBraceToken);
    const members: FoundMember[] = [];
    const known = new Map<string, number>();
    let previous: number | undefined = -1;
    for (;;) {
      if (this.is(K.CloseBraceToken)) {
        this.next();
        break;
      }
      if (this.is(K.CommaToken)) {
        this.next();
        continue;
      }
      const memberFullStart = this.previousEnd;
      const memberStart = this.start;
      if (!(this.isName() || this.is(K.StringLiteral) || this.is(K.NumericLiteral))) throw new GiveUp();
      const name = this.text();
      this.next();
      let value: number | undefined;
      let initializer = '';
      if (this.is(K.EqualsToken)) {
        this.next();
        const tokens: Array<{ kind: TS.SyntaxKind; text: string; start: number; end: number }> = [];
        let depth = 0;
        while (!(depth === 0 && (this.is(K.CommaToken) || this.is(K.CloseBraceToken)))) {
          if (this.is(K.EndOfFileToken)) throw new GiveUp();
          if (this.is(K.OpenParenToken)) depth++;
          if (this.is(K.CloseParenToken)) depth--;
          tokens.push({ kind: this.token, text: this.text(), start: this.start, end: this.end });
          this.next();
        }
        if (tokens.length === 0) throw new GiveUp();
        initializer = this.code.slice(tokens[0]!.start, tokens.at(-1)!.end);
        value = evaluateTokens(tokens, known, enumName);
      } else {
        value = previous === undefined ? undefined : previous + 1;
      }
      if (value !== undefined) known.set(name, value);
      previous = value;
      members.push({ name, fullStart: memberFullStart, start: memberStart, value, initializer });
    }
    this.recorder.enumDeclaration(declared, enumName, nameStart, members);
  }

  // ---- skipping --------------------------------------------------------------------------------

  /** One token, or a whole bracketed group (`(…)`, `[…]`, `{…}`, `<…>`, a template literal). */
  private skipOne(): void {
    switch (this.token) {
      case K.OpenParenToken:
      case K.OpenBracketToken:
      case K.OpenBraceToken:
      case K.LessThanToken:
      case K.TemplateHead:
        this.skipBalanced();
        return;
      case K.CloseParenToken:
      case K.CloseBracketToken:
      case K.CloseBraceToken:
      case K.EndOfFileToken:
        throw new GiveUp();
      default:
        this.next();
    }
  }

  /** A bracketed group, from its opening token to just after its closing one. */
  private skipBalanced(): void {
    const closers: TS.SyntaxKind[] = [];
    do {
      switch (this.token) {
        case K.OpenParenToken:
          closers.push(K.CloseParenToken);
          break;
        case K.OpenBracketToken:
          closers.push(K.CloseBracketToken);
          break;
        case K.OpenBraceToken:
          closers.push(K.CloseBraceToken);
          break;
        case K.LessThanToken:
          closers.push(K.GreaterThanToken);
          break;
        case K.TemplateHead:
          closers.push(K.TemplateTail);
          break;
        case K.CloseParenToken:
        case K.CloseBracketToken:
        case K.GreaterThanToken:
          if (closers.at(-1) !== this.token) {
            // `>` outside angle brackets is a comparison or a shift; nothing in a declaration file.
            throw new GiveUp();
          }
          closers.pop();
          break;
        case K.CloseBraceToken:
          if (closers.at(-1) === K.TemplateTail) {
            const kind = this.scanner.reScanTemplateToken(false);
            this.token = kind;
            this.end = this.scanner.getTokenEnd();
            if (kind === K.TemplateTail) closers.pop();
            break;
          }
          if (closers.at(-1) !== K.CloseBraceToken) throw new GiveUp();
          closers.pop();
          break;
        case K.EndOfFileToken:
          throw new GiveUp();
        default:
          break;
      }
      this.next();
    } while (closers.length > 0);
  }

  private skipUntil(done: (walk: TokenWalk) => boolean): void {
    while (!done(this)) this.skipOne();
  }

  /** Skip to the end of a statement and past its `;`. */
  private skipStatement(): void {
    this.skipUntil((walk) => walk.atStatementEnd());
    this.endStatement();
  }

  private endStatement(): void {
    if (this.is(K.SemicolonToken)) this.next();
  }

  /** `;`, the `}` of the enclosing block, the end of the file, or a line break where a statement ends. */
  private atStatementEnd(): boolean {
    if (this.is(K.SemicolonToken) || this.is(K.CloseBraceToken) || this.is(K.EndOfFileToken)) return true;
    return this.lineBreak && this.start !== this.constructStart && this.startsStatement() && !this.continues();
  }

  private atDeclaratorEnd(): boolean {
    return this.is(K.CommaToken) || this.atStatementEnd();
  }

  /** `;` or `,` between members, the `}` of the body, or a line break where a member ends. */
  private atMemberEnd(): boolean {
    if (this.is(K.SemicolonToken) || this.is(K.CommaToken) || this.is(K.CloseBraceToken)) return true;
    if (this.is(K.EndOfFileToken)) throw new GiveUp();
    return this.lineBreak && this.start !== this.constructStart && this.startsMember() && !this.continues();
  }

  private startsStatement(): boolean {
    return this.token === K.AtToken || (this.isName() && statementStarts.has(this.scanner.getTokenValue()));
  }

  private startsMember(): boolean {
    return this.isName() || memberStartKinds.has(this.token);
  }

  /** Whether the token before a line break leaves the construct open (`a:`, `A |`, `=>`, …), or the one after it carries on. */
  private continues(): boolean {
    if (continuingKinds.has(this.previousToken)) return true;
    return continuationKinds.has(this.token);
  }
}

const bodyBreakers = new Set(['interface', 'class', 'namespace', 'module', 'function', 'enum', 'type', 'const', 'let', 'var', 'abstract', 'default', 'global', 'declare']);
const statementStarts = new Set([
  'export', 'declare', 'function', 'class', 'interface', 'namespace', 'module', 'enum', 'type', 'const', 'let', 'var', 'import', 'abstract', 'default', 'global', 'async',
]);
/** Tokens that leave a type open when a line ends with them. */
let continuingKinds: Set<TS.SyntaxKind>;
/** Tokens that carry a type on when a line starts with them. */
let continuationKinds: Set<TS.SyntaxKind>;
/** Tokens besides names that can start a member. */
let memberStartKinds: Set<TS.SyntaxKind>;

function kindSets(): void {
  continuingKinds = new Set([
    K.ColonToken, K.BarToken, K.AmpersandToken, K.EqualsToken, K.CommaToken, K.OpenParenToken, K.LessThanToken, K.DotToken, K.QuestionToken, K.EqualsGreaterThanToken,
    K.ExtendsKeyword, K.KeyOfKeyword, K.TypeOfKeyword, K.NewKeyword, K.ReadonlyKeyword, K.InferKeyword, K.IsKeyword, K.AssertsKeyword, K.UniqueKeyword, K.ImplementsKeyword,
  ]);
  continuationKinds = new Set([K.BarToken, K.AmpersandToken, K.DotToken, K.EqualsGreaterThanToken, K.QuestionToken, K.ColonToken, K.ExtendsKeyword]);
  memberStartKinds = new Set([K.StringLiteral, K.NumericLiteral, K.OpenBracketToken, K.OpenParenToken, K.LessThanToken, K.AtToken, K.PrivateIdentifier]);
}

/** The value of an enum initializer from its tokens: numbers, names of earlier members, unary and binary operators, parentheses. */
function evaluateTokens(tokens: ReadonlyArray<{ kind: TS.SyntaxKind; text: string }>, known: ReadonlyMap<string, number>, enumName: string): number | undefined {
  // Two `>` in a row are a shift: the scanner leaves that to the parser.
  const merged: Array<{ kind: TS.SyntaxKind; text: string }> = [];
  for (const token of tokens) {
    const last = merged.at(-1);
    if (token.kind === K.GreaterThanToken && last?.kind === K.GreaterThanToken) merged[merged.length - 1] = { kind: K.GreaterThanGreaterThanToken, text: '>>' };
    else if (token.kind === K.GreaterThanToken && last?.kind === K.GreaterThanGreaterThanToken) merged[merged.length - 1] = { kind: K.GreaterThanGreaterThanGreaterThanToken, text: '>>>' };
    else merged.push(token);
  }
  let at = 0;
  const precedence = (kind: TS.SyntaxKind): number => {
    switch (kind) {
      case K.BarToken:
        return 1;
      case K.CaretToken:
        return 2;
      case K.AmpersandToken:
        return 3;
      case K.LessThanLessThanToken:
      case K.GreaterThanGreaterThanToken:
      case K.GreaterThanGreaterThanGreaterThanToken:
        return 4;
      case K.PlusToken:
      case K.MinusToken:
        return 5;
      case K.AsteriskToken:
        return 6;
      default:
        return 0;
    }
  };
  let failed = false;
  const primary = (): number | undefined => {
    const token = merged[at++];
    if (!token) {
      failed = true;
      return undefined;
    }
    if (token.kind === K.NumericLiteral) return Number(token.text);
    if (token.kind === K.MinusToken || token.kind === K.PlusToken || token.kind === K.TildeToken) {
      const operand = primary();
      if (operand === undefined) return undefined;
      return token.kind === K.MinusToken ? -operand : token.kind === K.TildeToken ? ~operand : operand;
    }
    if (token.kind === K.OpenParenToken) {
      const value = expression(1);
      if (merged[at++]?.kind !== K.CloseParenToken) failed = true;
      return value;
    }
    if (isIdentifierOrKeyword(token.kind)) {
      if (token.text === enumName && merged[at]?.kind === K.DotToken && merged[at + 1] && isIdentifierOrKeyword(merged[at + 1]!.kind)) {
        at += 2;
        return known.get(merged[at - 1]!.text);
      }
      return known.get(token.text);
    }
    failed = true;
    return undefined;
  };
  const expression = (least: number): number | undefined => {
    let left = primary();
    for (;;) {
      const operator = merged[at];
      const rank = operator ? precedence(operator.kind) : 0;
      if (rank === 0 || rank < least) return left;
      at++;
      const right = expression(rank + 1);
      left = left === undefined || right === undefined ? undefined : binary(operator!.kind, left, right);
    }
  };
  const value = expression(1);
  return failed || at !== merged.length ? undefined : value;
}
