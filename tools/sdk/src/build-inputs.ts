// What `errcat build --sdk` takes from the SDK: member names from its enums of codes and, per
// code, the APIs that throw it. Plain data keyed by code, so the build needs no SDK types.
import { createHash } from 'node:crypto';
import { universalCodes } from './check.js';
import type { SdkEnum, SdkIndex } from './types.js';

/** An API that throws a code; `systemApi` when every declaration of it that does is system-only. */
export interface SdkThrowingApi {
  name: string;
  systemApi?: boolean;
}

/** The SDK's inputs to a build. */
export interface SdkBuildInputs {
  /** Code → the SDK's enum member name for it (`"6600101": "ERR_CODE_SERVICE_EXCEPTION"`). */
  nameHints: Record<string, string>;
  /** Code → the APIs that throw it, sorted by name (universal codes left out: every API throws them). */
  thrownBy: Record<string, SdkThrowingApi[]>;
  /** A hash of both, for the build's up-to-date check. */
  digest: string;
}

const successName = /^(?:success|ok|error_ok|err_ok|no_error|none)$/i;
const identifier = /^[A-Za-z_$][\w$]*$/;

/** Enums that hold error codes: named as errors, or holding a code some API throws. */
function codeEnums(index: SdkIndex, universal: ReadonlySet<number>): SdkEnum[] {
  const thrown = new Set(index.throws.map((thrown) => thrown.code));
  return index.enums.filter(
    (declared) => declared.errorNamed || declared.members.some((member) => member.value !== undefined && !universal.has(member.value) && thrown.has(member.value)),
  );
}

/**
 * Name hints and thrown-by lists from an SDK index.
 * @param index The SDK index.
 * @param universal Codes every API throws (default: the universal page's).
 */
export function sdkBuildInputs(index: SdkIndex, universal: readonly number[] = universalCodes): SdkBuildInputs {
  const universalSet = new Set(universal);
  // Dynamic editions first: a static copy's spelling (`HOST_MISMATCH`) gives way to the original's.
  const enums = codeEnums(index, universalSet).sort(
    (a, b) => Number(b.errorNamed) - Number(a.errorNamed) || Number(a.staticCopy ?? false) - Number(b.staticCopy ?? false) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line,
  );
  const nameHints: Record<string, string> = {};
  for (const declared of enums) {
    for (const member of declared.members) {
      if (member.value === undefined || universalSet.has(member.value) || successName.test(member.name) || !identifier.test(member.name)) continue;
      nameHints[String(member.value)] ??= member.name;
    }
  }
  const apis = new Map<number, Map<string, boolean>>();
  for (const thrown of index.throws) {
    if (universalSet.has(thrown.code)) continue;
    let byName = apis.get(thrown.code);
    if (!byName) apis.set(thrown.code, (byName = new Map()));
    // System-only when every declaration of the name that throws the code is.
    byName.set(thrown.api, (byName.get(thrown.api) ?? true) && thrown.systemOnly);
  }
  const thrownBy: Record<string, SdkThrowingApi[]> = {};
  for (const code of [...apis.keys()].sort((a, b) => a - b)) {
    thrownBy[String(code)] = [...apis.get(code)!]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, systemApi]) => (systemApi ? { name, systemApi: true } : { name }));
  }
  const sortedHints = Object.fromEntries(Object.entries(nameHints).sort(([a], [b]) => Number(a) - Number(b)));
  const digest = createHash('sha256').update(JSON.stringify([sortedHints, thrownBy])).digest('hex').slice(0, 16);
  return { nameHints: sortedHints, thrownBy, digest };
}
