import { createHash } from 'node:crypto';
import type { FindingValue, RuleId } from './types.js';

/** The parts of a finding that identify it; wording is left out on purpose. */
export interface FingerprintParts {
  ruleId: RuleId;
  module: string;
  code?: number;
  locale?: string;
  field?: string;
  oldValue?: FindingValue;
  newValue?: FindingValue;
}

/**
 * Stable identity of a finding: the same change found twice gets the same fingerprint, however
 * the report words it.
 * @param parts Rule, place and values of the finding.
 * @returns 16 hex digits of a SHA-256.
 */
export function fingerprint(parts: FingerprintParts): string {
  const key = [
    parts.ruleId,
    parts.module,
    parts.code ?? null,
    parts.locale ?? null,
    parts.field ?? null,
    parts.oldValue ?? null,
    parts.newValue ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 16);
}
