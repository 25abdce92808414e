import type { Diagnostic } from '@errcat/schema';

/**
 * Whether any diagnostic is an error (which stops a build before it writes).
 * @param diagnostics Diagnostics.
 */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}
