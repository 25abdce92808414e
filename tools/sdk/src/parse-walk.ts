// Reading a file's declarations with the TypeScript parser (createSourceFile, no JSDoc parsing):
// the reference reader, and the one used for files the token reader leaves to it.
import type * as TS from 'typescript';
import { rootScope, type FoundMember, type Recorder, type Scope } from './record.js';
import { typescript } from './typescript.js';

let ts: typeof TS;

/**
 * Walk a file's declarations with the parser and record them.
 * @param file Path of the file, for the parser.
 * @param code The file's code (comments taken out), `struct` already spelled `class`.
 * @param recorder Where declarations go.
 * @returns The module specifiers of its imports and exports.
 */
export function parserWalk(file: string, code: string, recorder: Recorder): string[] {
  ts ??= typescript();
  const source = ts.createSourceFile(file, code, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, ts.ScriptKind.TS);
  new ParserWalk(source, recorder).statements(source.statements, rootScope());
  // The parser recovers from what ArkTS adds to TypeScript; only a file it complained about can be unbalanced.
  const parseDiagnostics = (source as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics;
  if (parseDiagnostics === undefined || parseDiagnostics.length > 0) recorder.checkBraces();
  const specifiers = new Set<string>();
  for (const statement of source.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      specifiers.add(statement.moduleSpecifier.text);
    }
  }
  return [...specifiers].sort();
}

class ParserWalk {
  constructor(
    private readonly source: TS.SourceFile,
    private readonly recorder: Recorder,
  ) {}

  statements(statements: TS.NodeArray<TS.Statement>, scope: Scope): void {
    for (const statement of statements) this.statement(statement, scope);
  }

  private declare(node: TS.Node, scope: Scope, name: string): Scope {
    return this.recorder.declare(node.pos, node.getStart(this.source), scope, name);
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
      if (declaration.body && ts.isModuleBlock(declaration.body)) this.statements(declaration.body.statements, declared);
    } else if (ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) {
      this.members(node.members, this.declare(node, scope, node.name?.text ?? 'default'));
    } else if (ts.isEnumDeclaration(node)) {
      const declared = this.declare(node, scope, node.name.text);
      const known = new Map<string, number>();
      let previous: number | undefined = -1;
      const members: FoundMember[] = node.members.map((member) => {
        const name = nameText(member.name) ?? '';
        const value = member.initializer ? evaluate(member.initializer, known, node.name.text) : previous === undefined ? undefined : previous + 1;
        if (value !== undefined) known.set(name, value);
        previous = value;
        return { name, fullStart: member.pos, start: member.getStart(this.source), value, initializer: member.initializer ? member.initializer.getText(this.source) : '' };
      });
      this.recorder.enumDeclaration(declared, node.name.text, node.name.getStart(this.source), members);
    } else if (ts.isFunctionDeclaration(node)) {
      this.declare(node, scope, node.name?.text ?? 'default');
    } else if (ts.isVariableStatement(node)) {
      const [first] = node.declarationList.declarations;
      const declared = this.declare(node, scope, first ? (nameText(first.name) ?? '') : '');
      for (const declaration of node.declarationList.declarations) {
        if (declaration.type && ts.isTypeLiteralNode(declaration.type)) {
          const name = nameText(declaration.name) ?? '';
          this.members(declaration.type.members, declaration === first ? declared : { ...declared, name, qualified: undefined });
        }
      }
    } else if (ts.isTypeAliasDeclaration(node)) {
      const declared = this.declare(node, scope, node.name.text);
      if (ts.isTypeLiteralNode(node.type)) this.members(node.type.members, declared);
    } else {
      this.declare(node, scope, '');
    }
  }

  private members(members: TS.NodeArray<TS.TypeElement | TS.ClassElement>, scope: Scope): void {
    for (const member of members) {
      const declared = this.declare(member, scope, memberName(member));
      if ((ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) && member.type && ts.isTypeLiteralNode(member.type)) {
        this.members(member.type.members, declared);
      }
    }
  }
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
    return binary(expression.operatorToken.kind, left, right);
  }
  return undefined;
}

/** A binary operator of an enum initializer applied, or undefined for one an enum does not use. */
export function binary(operator: TS.SyntaxKind, left: number, right: number): number | undefined {
  ts ??= typescript();
  switch (operator) {
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
