import type { Diagnostic } from '@errcat/schema';

/**
 * Compare strings by UTF-16 code units, the same on every machine (unlike `localeCompare`).
 * @param a First string.
 * @param b Second string.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Order diagnostics by file, line, column, rule and message.
 * @param a First diagnostic.
 * @param b Second diagnostic.
 */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.position.file, b.position.file) ||
    a.position.line - b.position.line ||
    a.position.column - b.position.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message)
  );
}
