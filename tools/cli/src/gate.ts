// --quiet and --max-warnings, shared by the commands that report diagnostics.
import type { Diagnostic } from '@errcat/schema';
import { usageError } from '@errcat/build';
import { countSeverities } from './report.js';

/** The flags, as node's parseArgs takes them. */
export const gateFlags = {
  quiet: { type: 'boolean', short: 'q', default: false },
  'max-warnings': { type: 'string' },
} as const;

/** Help lines of the flags. */
export const gateUsage = `  -q, --quiet         report errors only (no warnings, info or progress)
  --max-warnings N    exit 1 when there are more than N warnings (counted also under --quiet)`;

/** What the flags ask. */
export interface Gate {
  quiet: boolean;
  /** Most warnings allowed; no limit when undefined. */
  maxWarnings?: number;
}

/**
 * Read the flags' values.
 * @param values Parsed flags holding `quiet` and `max-warnings`.
 */
export function readGate(values: { quiet?: boolean | undefined; 'max-warnings'?: string | undefined }): Gate {
  const raw = values['max-warnings'];
  if (raw === undefined) return { quiet: values.quiet === true };
  const maxWarnings = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(maxWarnings)) {
    throw usageError(`--max-warnings must be a whole number of warnings, 0 or more (got '${raw}')`);
  }
  return { quiet: values.quiet === true, maxWarnings };
}

/**
 * The diagnostics to show: every one, or the errors alone under --quiet.
 * @param diagnostics Every diagnostic.
 * @param gate The flags.
 */
export function shownDiagnostics(diagnostics: readonly Diagnostic[], gate: Gate): Diagnostic[] {
  return gate.quiet ? diagnostics.filter((diagnostic) => diagnostic.severity === 'error') : [...diagnostics];
}

/**
 * Why the warnings fail the run (`too many warnings: 12 (--max-warnings 10)`), or undefined.
 * @param diagnostics Every diagnostic, shown or not (as eslint counts).
 * @param gate The flags.
 */
export function warningsOverLimit(diagnostics: readonly Diagnostic[], gate: Gate): string | undefined {
  if (gate.maxWarnings === undefined) return undefined;
  const warnings = countSeverities(diagnostics).warning;
  return warnings > gate.maxWarnings ? `too many warnings: ${warnings} (--max-warnings ${gate.maxWarnings})` : undefined;
}
