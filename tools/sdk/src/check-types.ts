import type { Diagnostic, Severity, SourcePosition, Visibility } from '@errcat/schema';
import type { CosmeticDifference } from './messages.js';

/** The rules of the docs ⇄ SDK cross-check. */
export const sdkRuleIds = [
  'sdk-code-undocumented',
  'sdk-code-likely-typo',
  'docs-code-not-thrown',
  'visibility-mismatch',
  'message-mismatch',
  'sdk-enum-member-undocumented',
  'sdk-enum-member-renamed',
] as const;

export type SdkRuleId = (typeof sdkRuleIds)[number];

/** One place in the SDK, with the declaration there. */
export interface SdkPlace extends SourcePosition {
  /** Qualified name of the declaration (`avSession.AVSession.setAVMetadata`, `avSession.AVSessionErrorCode.ERR_CODE_…`). */
  api: string;
}

/** Details of a finding, by rule. */
export interface SdkFindingDetails {
  /** `@throws` places of the code (all of them, static copies included). */
  sites?: number;
  /** Distinct APIs that throw the code, in SDK order. */
  apis?: string[];
  /** `sdk-code-likely-typo`: the documented code it probably means, and how the digit slipped. */
  suggestion?: number;
  slip?: 'dropped' | 'added' | 'changed';
  /** `message-mismatch`: both messages and how they differ. */
  sdkMessage?: string;
  docsMessage?: string;
  difference?: 'whitespace-case-punctuation' | 'extended' | 'wording' | 'other-code' | 'missing';
  /** For a cosmetic difference: which of whitespace, case and final punctuation. */
  only?: CosmeticDifference[];
  /** `other-code`: the documented code whose message the SDK gives. */
  otherCode?: number;
  /** `visibility-mismatch`: visibility on the page; how many places are public and system-only. */
  docsVisibility?: Visibility;
  publicSites?: number;
  systemSites?: number;
  /** Enum rules: the enum, the member and, for a rename, the names in each copy. */
  enum?: string;
  member?: string;
  names?: Array<{ name: string; file: string; line: number }>;
  /** `sdk-code-undocumented`: the documented code near which the page would list it. */
  near?: number;
}

/** One finding of the cross-check: a diagnostic with the code it is about. */
export interface SdkFinding extends Diagnostic {
  ruleId: SdkRuleId;
  /** The error code, as an integer. */
  code: number;
  /** The kit it belongs to, as the docs name it where they do (`AVSession Kit`), else as the SDK does. */
  kit: string;
  /** Docs module of the code, when one documents it (or would). */
  module?: string;
  /** The SDK place, also in `related` when `position` is on the page. */
  sdk?: SdkPlace;
  details: SdkFindingDetails;
}

/** The level of each rule. Cosmetic message differences are info; see {@link checkSdk}. */
export const ruleLevels: Record<SdkRuleId, Severity> = {
  'sdk-code-undocumented': 'warning',
  'sdk-code-likely-typo': 'error',
  'docs-code-not-thrown': 'info',
  'visibility-mismatch': 'warning',
  'message-mismatch': 'warning',
  'sdk-enum-member-undocumented': 'warning',
  'sdk-enum-member-renamed': 'warning',
};

/** What the cross-check read and found. */
export interface SdkCheckReport {
  schemaVersion: 1;
  /** The SDK as shown in paths (`../sdk`). */
  sdkRoot: string;
  sdk: { files: number; throws: number; codes: number; enums: number; uncoded: number };
  docs: { modules: number; codes: number };
  /** Kits of the docs pages: SDK codes of these kits must be documented. */
  kits: string[];
  findings: SdkFinding[];
  /** Problems reading the SDK (unreadable, not UTF-8, unbalanced files, detached `@throws`). */
  sdkDiagnostics: Diagnostic[];
  /** Diagnostics of the pages themselves (parse and merge), as `errcat check` gives them. */
  diagnostics: Diagnostic[];
  summary: {
    /** Findings by level (SDK and page diagnostics not included). */
    byLevel: Record<Severity, number>;
    byRule: Partial<Record<SdkRuleId, number>>;
  };
}
