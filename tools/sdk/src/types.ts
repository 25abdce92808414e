import type { Diagnostic } from '@errcat/schema';

/** One `@throws { BusinessError } <code> - <message>` annotation of an SDK declaration. */
export interface SdkThrow {
  code: number;
  /** The message as written, on one line: continuation lines joined, `<br>` and version markers removed. */
  message: string;
  /** Path of the declaration file inside the SDK checkout, `/`-separated (`api/@ohos.multimedia.avsession.d.ts`). */
  file: string;
  /** 1-based line and column of the `@throws` tag. */
  line: number;
  column: number;
  /** Qualified name of the declaration that throws it (`avSession.AVSession.setAVMetadata`). */
  api: string;
  /** System-only by the SDK's own rule (its `@systemapi` build step). */
  systemOnly: boolean;
  /** First API version that throws it: the `[since X]` marker, else the declaration block's `@since`. */
  since?: string;
  /** Last API version that throws it, from a `[since A - B]` marker (retired after B). */
  until?: string;
  /** `[staticonly]`: thrown by the static ArkTS edition only. */
  staticOnly?: boolean;
  /** The declaration (or one enclosing it) is `@deprecated`. */
  deprecated?: boolean;
  /** Kit from the file's `@kit` tag, else from the `kits/` file that re-exports its module. */
  kit?: string;
  /** The file is a static ArkTS copy (`*.static.d.ets`). */
  staticCopy?: boolean;
}

/** One member of an SDK enum. */
export interface SdkEnumMember {
  name: string;
  /** Numeric value, evaluated (decimal, hex, shifts, negatives, references, implicit); absent for strings and what cannot be evaluated. */
  value?: number;
  /** The initializer as written, empty when implicit. */
  initializer: string;
  line: number;
  column: number;
  systemOnly: boolean;
}

/** One enum declared in the SDK. */
export interface SdkEnum {
  /** Qualified name (`avSession.AVSessionErrorCode`). */
  name: string;
  file: string;
  line: number;
  column: number;
  systemOnly: boolean;
  deprecated?: boolean;
  kit?: string;
  staticCopy?: boolean;
  /** The name says it holds errors (`…ErrorCode`, `AudioErrors`, `SslError`, `…ErrCode`, `…FailureCode`). */
  errorNamed: boolean;
  members: SdkEnumMember[];
}

/** What one declaration file holds. */
export interface SdkFileIndex {
  /** Path inside the SDK checkout, `/`-separated. */
  file: string;
  /** The `@kit` tag of the file header. */
  kit?: string;
  /** For a `kits/@kit.<Name>.d.ts` file: the module specifiers it re-exports. */
  kitModules?: string[];
  throws: SdkThrow[];
  enums: SdkEnum[];
  /** `@throws` tags with no code (`{ TypedError } access fail`, `@throws BusinessError if …`). */
  uncoded: number;
  diagnostics: Diagnostic[];
}

/** The whole SDK, every file combined. */
export interface SdkIndex {
  /** Declaration files read. */
  files: number;
  /** Total bytes read. */
  bytes: number;
  throws: SdkThrow[];
  enums: SdkEnum[];
  uncoded: number;
  /** Unreadable, non-UTF-8 and unbalanced files, and detached `@throws`. */
  diagnostics: Diagnostic[];
}
