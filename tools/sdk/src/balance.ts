// Brace balance of a declaration file, from the TypeScript scanner's tokens (comments, strings
// and template literals are skipped by the scanner, so braces inside them do not count).
import type * as TS from 'typescript';
import { typescript } from './typescript.js';

/** The compiler, bound when this module is first used. */
let ts: typeof TS;

/** A brace without its partner. */
export interface BraceProblem {
  kind: 'unclosed' | 'unopened';
  /** Offset of the brace. */
  offset: number;
  /** For an unclosed brace: offset of the first top-level declaration that it swallows, when one is seen. */
  swallowed?: number;
}

let topLevelStarts: Set<TS.SyntaxKind> | undefined;

/**
 * Every `{` that is never closed and every `}` that closes nothing.
 * @param text File text.
 */
export function braceProblems(text: string): BraceProblem[] {
  ts ??= typescript();
  topLevelStarts ??= new Set([ts.SyntaxKind.DeclareKeyword, ts.SyntaxKind.ExportKeyword, ts.SyntaxKind.ImportKeyword]);
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  // Offsets of open `{`; -1 marks an open `${` of a template literal.
  const open: number[] = [];
  const swallowed = new Map<number, number>();
  const problems: BraceProblem[] = [];
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.OpenBraceToken) {
      open.push(scanner.getTokenStart());
    } else if (token === ts.SyntaxKind.TemplateHead) {
      open.push(-1);
    } else if (token === ts.SyntaxKind.CloseBraceToken) {
      if (open.at(-1) === -1) {
        // Inside `${…}`: the `}` goes on with the template.
        if (scanner.reScanTemplateToken(false) === ts.SyntaxKind.TemplateTail) open.pop();
        continue;
      }
      if (open.length === 0) problems.push({ kind: 'unopened', offset: scanner.getTokenStart() });
      else open.pop();
    } else if (topLevelStarts.has(token) && open.length > 0) {
      // A declaration keyword at the start of a line inside braces: the brace before it was left open.
      const start = scanner.getTokenStart();
      if (start === 0 || text.charCodeAt(start - 1) === 0x0a) {
        const innermost = open.at(-1)!;
        if (innermost >= 0 && !swallowed.has(innermost)) swallowed.set(innermost, start);
      }
    }
  }
  for (const offset of open) {
    if (offset < 0) continue;
    const first = swallowed.get(offset);
    problems.push({ kind: 'unclosed', offset, ...(first !== undefined && { swallowed: first }) });
  }
  return problems.sort((a, b) => a.offset - b.offset);
}
