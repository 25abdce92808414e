// One declaration file → what it throws and the enums it declares. Pure: text in, index out.
import type * as TS from 'typescript';
import { typescript } from './typescript.js';

/** The compiler, bound when this module is first used. */
let ts: typeof TS;
import type { Diagnostic } from '@errcat/schema';
import { braceProblems } from './balance.js';
import { splitComments, type SplitText } from './comments.js';
import { blockSince, blockTags, docBlock, isDocComment, isFileBlock, isSystemBlock, mentions, readThrows, type DocBlock } from './jsdoc.js';
import type { SdkEnum, SdkEnumMember, SdkFileIndex, SdkThrow } from './types.js';

/** A declaration and what encloses it. */
interface Scope {
  parent: Scope | undefined;
  /** Its part of the qualified name (`a.b` for `namespace a.b`); empty for a call signature. */
  name: string;
  systemOnly: boolean;
  deprecated: boolean;
  /** The qualified name, once asked for. */
  qualified?: string;
}

function qualifiedName(scope: Scope): string {
  if (scope.qualified !== undefined) return scope.qualified;
  const parent = scope.parent ? qualifiedName(scope.parent) : '';
  scope.qualified = parent && scope.name ? `${parent}.${scope.name}` : parent || scope.name;
  return scope.qualified;
}

/** The JSDoc of one declaration and what it makes of it. */
interface Declared {
  scope: Scope;
  blocks: DocBlock[];
}

const errorName = /err|fail/i;

/**
 * Index one SDK declaration file.
 * @param text The file's text.
 * @param file Its path inside the SDK checkout (`api/@ohos.multimedia.avsession.d.ts`), used in every place.
 */
export function indexSdkFile(text: string, file: string): SdkFileIndex {
  ts ??= typescript();
  const split = splitComments(text);
  // A file that throws nothing and declares no enum holds nothing to index: only its braces are checked.
  if (!text.includes('@throws') && !/\benum\s/.test(split.code) && !file.startsWith('kits/')) return braceOnlyIndex(text, file, split);
  return new FileIndexer(text, file, split).run();
}

function braceOnlyIndex(text: string, file: string, split: SplitText): SdkFileIndex {
  const kit = /@kit\s+([^\s*]+)/.exec(text)?.[1];
  const lines = new LineCounter(text);
  return {
    file,
    ...(kit !== undefined && { kit }),
    throws: [],
    enums: [],
    uncoded: 0,
    diagnostics: braceDiagnostics(split, file, (offset) => lines.place(offset)),
  };
}

/** The unbalanced braces of a file as diagnostics. */
function braceDiagnostics(split: SplitText, file: string, place: (offset: number) => { line: number; column: number }): Diagnostic[] {
  return braceProblems(split.code).map((problem) => {
    const at = place(split.toOriginal(problem.offset));
    const message =
      problem.kind === 'unopened'
        ? "this '}' closes no '{': the braces of the file do not balance"
        : `this '{' is never closed: the braces of the file do not balance${problem.swallowed === undefined ? '' : ` (the declaration at line ${place(split.toOriginal(problem.swallowed)).line} is read as inside it)`}`;
    return { severity: 'warning', ruleId: 'sdk-unbalanced-braces', message, position: { file, line: at.line, column: at.column } };
  });
}

class FileIndexer {
  private readonly source: TS.SourceFile;
  private readonly throws: SdkThrow[] = [];
  private readonly enums: SdkEnum[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly kit: string | undefined;
  private readonly staticCopy: boolean;
  /** Offsets of every `@throws` tag read, to find the ones no declaration carries. */
  private readonly seenThrows = new Set<number>();
  private uncoded = 0;
  private readonly lines: LineCounter;
  private readonly split: SplitText;

  constructor(
    private readonly text: string,
    private readonly file: string,
    split: SplitText,
  ) {
    this.split = split;
    // ArkTS `struct` parses as a class when spelled as one; same length, so every offset holds.
    const code = file.endsWith('.ets') ? this.split.code.replace(/\b(declare\s+)struct(?=\s)/g, '$1class ') : this.split.code;
    this.source = ts.createSourceFile(
      file,
      code,
      { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
      false,
      ts.ScriptKind.TS,
    );
    this.kit = /@kit\s+([^\s*]+)/.exec(text)?.[1];
    this.staticCopy = /\.static\.d\.ets$/.test(file);
    this.lines = new LineCounter(text);
  }

  run(): SdkFileIndex {
    const root: Scope = { parent: undefined, name: '', systemOnly: false, deprecated: false };
    const kitModules = this.file.startsWith('kits/') ? this.moduleSpecifiers() : undefined;
    this.statements(this.source.statements, root);
    this.checkBalance();
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

  private statements(statements: TS.NodeArray<TS.Statement>, scope: Scope): void {
    for (const statement of statements) this.statement(statement, scope);
  }

  private statement(node: TS.Statement, scope: Scope): void {
    if (ts.isModuleDeclaration(node)) {
      const names: string[] = [];
      let declaration: TS.ModuleDeclaration = node;
      for (;;) {
        if (ts.isIdentifier(declaration.name) && !(declaration.flags & ts.NodeFlags.GlobalAugmentation)) names.push(declaration.name.text);
        if (declaration.body && ts.isModuleDeclaration(declaration.body)) declaration = declaration.body;
        else break;
      }
      const declared = this.declare(node, scope, names.join('.'));
      if (declaration.body && ts.isModuleBlock(declaration.body)) this.statements(declaration.body.statements, declared.scope);
    } else if (ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) {
      const declared = this.declare(node, scope, node.name?.text ?? 'default');
      this.members(node.members, declared.scope);
    } else if (ts.isEnumDeclaration(node)) {
      this.enumDeclaration(node, scope);
    } else if (ts.isFunctionDeclaration(node)) {
      this.declare(node, scope, node.name?.text ?? 'default');
    } else if (ts.isVariableStatement(node)) {
      const [first] = node.declarationList.declarations;
      const declared = this.declare(node, scope, first ? (nameText(first.name) ?? '') : '');
      for (const declaration of node.declarationList.declarations) {
        if (declaration.type && ts.isTypeLiteralNode(declaration.type)) {
          const name = nameText(declaration.name) ?? '';
          this.members(declaration.type.members, declaration === first ? declared.scope : { ...declared.scope, name, qualified: undefined });
        }
      }
    } else if (ts.isTypeAliasDeclaration(node)) {
      const declared = this.declare(node, scope, node.name.text);
      if (ts.isTypeLiteralNode(node.type)) this.members(node.type.members, declared.scope);
    } else {
      this.declare(node, scope, '');
    }
  }

  private members(members: TS.NodeArray<TS.TypeElement | TS.ClassElement>, scope: Scope): void {
    for (const member of members) {
      const declared = this.declare(member, scope, memberName(member));
      if ((ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) && member.type && ts.isTypeLiteralNode(member.type)) {
        this.members(member.type.members, declared.scope);
      }
    }
  }

  /** Read the JSDoc before a declaration, record its throws, and give the scope of what it encloses. */
  private declare(node: TS.Node, scope: Scope, name: string): Declared {
    const blocks = this.docBlocks(node);
    let last: DocBlock | undefined;
    for (const block of blocks) if (!isFileBlock(block)) last = block;
    const inner: Scope = {
      parent: scope,
      name,
      systemOnly: scope.systemOnly || (last !== undefined && isSystemBlock(last)),
      deprecated: scope.deprecated || (last !== undefined && mentions(last, 'deprecated')),
    };
    if (blocks.length === 0) return { scope: inner, blocks };
    let api: string | undefined;
    for (const block of blocks) {
      if (!mentions(block, 'throws')) continue;
      const tags = blockTags(block);
      for (const tag of tags) {
        if (tag.name !== 'throws') continue;
        this.seenThrows.add(tag.offset);
        const read = readThrows(tag.text);
        if (!read) {
          this.uncoded++;
          continue;
        }
        const place = this.place(tag.offset);
        const since = read.since ?? blockSince(tags);
        api ??= qualifiedName(inner) || this.file;
        this.throws.push({
          code: read.code,
          message: read.message,
          file: this.file,
          line: place.line,
          column: place.column,
          api,
          systemOnly: inner.systemOnly,
          ...(since !== undefined && { since }),
          ...(read.until !== undefined && { until: read.until }),
          ...(read.staticOnly && { staticOnly: true }),
          ...(inner.deprecated && { deprecated: true }),
          ...(this.kit !== undefined && { kit: this.kit }),
          ...(this.staticCopy && { staticCopy: true }),
        });
      }
    }
    return { scope: inner, blocks };
  }

  private docBlocks(node: TS.Node): DocBlock[] {
    const from = this.split.toOriginal(node.pos);
    const to = this.split.toOriginal(node.getStart(this.source));
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

  private enumDeclaration(node: TS.EnumDeclaration, scope: Scope): void {
    const declared = this.declare(node, scope, node.name.text);
    const known = new Map<string, number>();
    const members: SdkEnumMember[] = [];
    let previous: number | undefined = -1;
    for (const member of node.members) {
      const memberDeclared = this.declare(member, declared.scope, memberName(member));
      const name = nameText(member.name) ?? '';
      const value: number | undefined = member.initializer ? evaluate(member.initializer, known, node.name.text) : previous === undefined ? undefined : previous + 1;
      if (value !== undefined) known.set(name, value);
      previous = value;
      const place = this.place(this.split.toOriginal(member.getStart(this.source)));
      members.push({
        name,
        ...(value !== undefined && { value }),
        initializer: member.initializer ? member.initializer.getText(this.source) : '',
        line: place.line,
        column: place.column,
        systemOnly: memberDeclared.scope.systemOnly,
      });
    }
    const place = this.place(this.split.toOriginal(node.name.getStart(this.source)));
    this.enums.push({
      name: qualifiedName(declared.scope),
      file: this.file,
      line: place.line,
      column: place.column,
      systemOnly: declared.scope.systemOnly,
      ...(declared.scope.deprecated && { deprecated: true }),
      ...(this.kit !== undefined && { kit: this.kit }),
      ...(this.staticCopy && { staticCopy: true }),
      errorNamed: errorName.test(node.name.text),
      members,
    });
  }

  private moduleSpecifiers(): string[] {
    const specifiers = new Set<string>();
    for (const statement of this.source.statements) {
      if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        specifiers.add(statement.moduleSpecifier.text);
      }
    }
    return [...specifiers].sort();
  }

  private checkBalance(): void {
    // The parser recovers from what ArkTS adds to TypeScript; only a file it complained about can be unbalanced.
    const parseDiagnostics = (this.source as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics;
    if (parseDiagnostics !== undefined && parseDiagnostics.length === 0) return;
    this.diagnostics.push(...braceDiagnostics(this.split, this.file, (offset) => this.place(offset)));
  }

  private detachedThrows(): void {
    // Fast path: every tag in the text was read with a declaration.
    let count = 0;
    for (let at = this.text.indexOf('@throws'); at !== -1; at = this.text.indexOf('@throws', at + 7)) count++;
    if (count === this.seenThrows.size) return;
    for (let at = this.text.indexOf('@throws'); at !== -1; at = this.text.indexOf('@throws', at + 7)) {
      if (this.seenThrows.has(at) || !startsCommentLine(this.text, at) || !this.inBlockComment(at)) continue;
      const place = this.place(at);
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

  private place(offset: number): { line: number; column: number } {
    return this.lines.place(offset);
  }
}

/** Line and column of offsets, with line starts found by `indexOf` once per file, when first asked. */
class LineCounter {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  place(offset: number): { line: number; column: number } {
    const starts = (this.starts ??= lineStarts(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
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

function nameText(name: TS.PropertyName | TS.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isPropertyAccessExpression(name.expression)) return `[${name.expression.name.text}]`;
  return undefined;
}

function memberName(member: TS.Node): string {
  if (ts.isConstructorDeclaration(member) || ts.isConstructSignatureDeclaration(member)) return 'constructor';
  if (ts.isCallSignatureDeclaration(member)) return '';
  if (ts.isIndexSignatureDeclaration(member)) return '[index]';
  return nameText((member as { name?: TS.PropertyName }).name) ?? '';
}

/** The value of an enum initializer, when it is a number the file itself determines. */
function evaluate(expression: TS.Expression, known: ReadonlyMap<string, number>, enumName: string): number | undefined {
  if (ts.isNumericLiteral(expression)) return Number(expression.text);
  if (ts.isParenthesizedExpression(expression)) return evaluate(expression.expression, known, enumName);
  if (ts.isIdentifier(expression)) return known.get(expression.text);
  if (ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === enumName) {
    return known.get(expression.name.text);
  }
  if (ts.isPrefixUnaryExpression(expression)) {
    const operand = evaluate(expression.operand, known, enumName);
    if (operand === undefined) return undefined;
    switch (expression.operator) {
      case ts.SyntaxKind.MinusToken:
        return -operand;
      case ts.SyntaxKind.PlusToken:
        return operand;
      case ts.SyntaxKind.TildeToken:
        return ~operand;
      default:
        return undefined;
    }
  }
  if (ts.isBinaryExpression(expression)) {
    const left = evaluate(expression.left, known, enumName);
    const right = evaluate(expression.right, known, enumName);
    if (left === undefined || right === undefined) return undefined;
    switch (expression.operatorToken.kind) {
      case ts.SyntaxKind.LessThanLessThanToken:
        return left << right;
      case ts.SyntaxKind.GreaterThanGreaterThanToken:
        return left >> right;
      case ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken:
        return left >>> right;
      case ts.SyntaxKind.BarToken:
        return left | right;
      case ts.SyntaxKind.AmpersandToken:
        return left & right;
      case ts.SyntaxKind.CaretToken:
        return left ^ right;
      case ts.SyntaxKind.PlusToken:
        return left + right;
      case ts.SyntaxKind.MinusToken:
        return left - right;
      case ts.SyntaxKind.AsteriskToken:
        return left * right;
      default:
        return undefined;
    }
  }
  return undefined;
}
