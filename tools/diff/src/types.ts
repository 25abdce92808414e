import type { SourcePosition } from '@errcat/schema';

/** How much a change matters to someone who depends on a generated package. */
export type ChangeLevel = 'breaking' | 'non-breaking' | 'info';

/** Semantic-version bump a change asks for. */
export type SemverBump = 'none' | 'patch' | 'minor' | 'major';

/** The two builds generated from each module: public codes only, or every code. */
export type Build = 'public' | 'full';

/** Stable identifiers of the kinds of change the diff reports. */
export type RuleId =
  | 'module-added'
  | 'module-removed'
  | 'code-added'
  | 'code-removed'
  | 'code-renumbered'
  | 'visibility-narrowed'
  | 'visibility-widened'
  | 'message-changed'
  | 'title-changed'
  | 'description-changed'
  | 'causes-changed'
  | 'solutions-changed'
  | 'other-text-changed'
  | 'locale-page-added'
  | 'locale-page-removed'
  | 'locale-code-missing'
  | 'locale-code-filled'
  | 'page-title-changed'
  | 'metadata-added'
  | 'metadata-removed'
  | 'metadata-changed';

/** A value on one side of a change: a text, a list of texts, or a code. */
export type FindingValue = string | string[] | number;

/** One classified change. */
export interface Finding {
  ruleId: RuleId;
  level: ChangeLevel;
  module: string;
  /** The code concerned (the new number for a renumbered code). */
  code?: number;
  /** Title of the code in the default locale, for display; not part of the fingerprint. */
  title?: string;
  /** Locale of the text or page concerned. */
  locale?: string;
  /** Field that changed: `message`, `causes`, `metadata.owner`, `variants[Title].message`… */
  field?: string;
  oldValue?: FindingValue;
  newValue?: FindingValue;
  /** One sentence for people; not part of the fingerprint. */
  message: string;
  /** Bump this change asks of each build of the module's package. */
  impact: Record<Build, SemverBump>;
  /** Where the change is on the new side, when it exists there. */
  position?: SourcePosition;
  /** Where the changed thing was on the old side, when it existed there. */
  oldPosition?: SourcePosition;
  /** Hash of rule id, module, code, locale, field and both values: stable across wording changes. */
  fingerprint: string;
}

/** Where one build of a module is published. */
export interface PackageTarget {
  /** npm package name, the key of a changeset's front matter. */
  packageName: string;
  /** Export subpath inside the package (`.` for the package root). */
  entry: string;
}

/** The bump one build of one module needs. */
export interface ReleaseDecision {
  module: string;
  build: Build;
  /** Import specifier of the build: the package name, plus the subpath when not `.`. */
  target: string;
  packageName: string;
  entry: string;
  bump: SemverBump;
  /** Rules that asked for this bump (those whose impact equals it), in report order. */
  reasons: RuleId[];
}

/** Counts of one side of the comparison. */
export interface SideSummary {
  /** What the side is (a path, `base main`, `working tree`…), as given by the caller. */
  label: string;
  modules: number;
  codes: number;
}

/** Everything the diff found, ready for a formatter. */
export interface DiffReport {
  schemaVersion: 1;
  old: SideSummary;
  new: SideSummary;
  summary: {
    breaking: number;
    nonBreaking: number;
    info: number;
    /** Findings per rule id (rules without findings are left out). */
    rules: Partial<Record<RuleId, number>>;
  };
  /** Sorted by module, code, rule, locale and field. */
  findings: Finding[];
  /** One decision per module and build, sorted by module then build (public first). */
  releases: ReleaseDecision[];
}
