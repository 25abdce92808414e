import type { Build, ChangeLevel, RuleId, SemverBump } from './types.js';

/** Whether the thing a finding is about is in the public build, before and after the change. */
export interface Exposure {
  publicBefore: boolean;
  publicAfter: boolean;
}

/** What a rule means and what it asks of each build. */
export interface RuleDefinition {
  level: ChangeLevel;
  /** Plural phrase for summaries: `codes added`. */
  summary: string;
  /** The same phrase for one finding: `code added`. */
  singular: string;
  /** One line for the README and `--help`. */
  description: string;
  impact(exposure: Exposure): Record<Build, SemverBump>;
}

const onlyIf = (visible: boolean, bump: SemverBump): SemverBump => (visible ? bump : 'none');

/** Additions: the public build sees them only when they are public. */
const addition = (bump: SemverBump) => (e: Exposure) => ({ public: onlyIf(e.publicAfter, bump), full: bump });
/** Removals: the public build loses them only when they were public. */
const removal = (bump: SemverBump) => (e: Exposure) => ({ public: onlyIf(e.publicBefore, bump), full: bump });
/** Text edits reach the public build only for public codes. */
const edit = (bump: SemverBump) => (e: Exposure) => ({ public: onlyIf(e.publicAfter, bump), full: bump });
const nothing = () => ({ public: 'none', full: 'none' }) as Record<Build, SemverBump>;

/** Every rule the diff applies, in the order reports list them. */
export const rules: Readonly<Record<RuleId, RuleDefinition>> = {
  'module-added': {
    level: 'non-breaking',
    summary: 'modules added',
    singular: 'module added',
    description: 'A module (an `errorcode-<module>.md` page) appears: new packages.',
    impact: addition('minor'),
  },
  'module-removed': {
    level: 'breaking',
    summary: 'modules removed',
    singular: 'module removed',
    description: 'A module disappears with every page: its packages lose everything.',
    impact: removal('major'),
  },
  'code-added': {
    level: 'non-breaking',
    summary: 'codes added',
    singular: 'code added',
    description: 'A code is documented that was not before: a new enum member.',
    impact: addition('minor'),
  },
  'code-removed': {
    level: 'breaking',
    summary: 'codes removed',
    singular: 'code removed',
    description: 'A code is no longer documented: its enum member disappears.',
    impact: removal('major'),
  },
  'code-renumbered': {
    level: 'breaking',
    summary: 'codes renumbered',
    singular: 'code renumbered',
    description: 'The same entry (same title and message) now has another number.',
    impact: (e) => ({ public: onlyIf(e.publicBefore || e.publicAfter, 'major'), full: 'major' }),
  },
  'visibility-narrowed': {
    level: 'breaking',
    summary: 'codes made system-only',
    singular: 'code made system-only',
    description: 'A public code became system-only: a removal for the public package.',
    impact: () => ({ public: 'major', full: 'patch' }),
  },
  'visibility-widened': {
    level: 'non-breaking',
    summary: 'codes made public',
    singular: 'code made public',
    description: 'A system-only code became public: an addition for the public package.',
    impact: () => ({ public: 'minor', full: 'patch' }),
  },
  'message-changed': {
    level: 'non-breaking',
    summary: 'runtime messages changed',
    singular: 'runtime message changed',
    description: 'The runtime error message (the string callers see) changed.',
    impact: edit('patch'),
  },
  'title-changed': {
    level: 'info',
    summary: 'titles changed',
    singular: 'title changed',
    description: 'The heading text changed; the generated member name stays.',
    impact: edit('patch'),
  },
  'description-changed': {
    level: 'info',
    summary: 'descriptions changed',
    singular: 'description changed',
    description: 'The description changed.',
    impact: edit('patch'),
  },
  'causes-changed': {
    level: 'info',
    summary: 'causes changed',
    singular: 'causes changed',
    description: 'The possible causes changed.',
    impact: edit('patch'),
  },
  'solutions-changed': {
    level: 'info',
    summary: 'solutions changed',
    singular: 'solution changed',
    description: 'The solution steps changed.',
    impact: edit('patch'),
  },
  'other-text-changed': {
    level: 'info',
    summary: 'other texts changed',
    singular: 'other text changed',
    description: 'Another part of an entry changed: its intro, group or an unknown labelled section.',
    impact: edit('patch'),
  },
  'locale-page-added': {
    level: 'non-breaking',
    summary: 'locale pages added',
    singular: 'locale page added',
    description: 'A module gains a page in another locale: a new message bundle.',
    impact: addition('minor'),
  },
  'locale-page-removed': {
    level: 'breaking',
    summary: 'locale pages removed',
    singular: 'locale page removed',
    description: 'A module loses its page in a locale: that message bundle disappears.',
    impact: removal('major'),
  },
  'locale-code-missing': {
    level: 'non-breaking',
    summary: 'codes missing in a locale',
    singular: 'code missing in a locale',
    description: 'A locale page lacks a code another locale documents (messages fall back).',
    impact: edit('patch'),
  },
  'locale-code-filled': {
    level: 'non-breaking',
    summary: 'locale gaps filled',
    singular: 'locale gap filled',
    description: 'A locale page now documents a code it lacked.',
    impact: edit('patch'),
  },
  'page-title-changed': {
    level: 'info',
    summary: 'page titles changed',
    singular: 'page title changed',
    description: 'The title of a page changed.',
    impact: nothing,
  },
  'metadata-added': {
    level: 'info',
    summary: 'metadata fields added',
    singular: 'metadata field added',
    description: 'A page metadata comment (`<!--Kit: …-->`, owners…) appears.',
    impact: nothing,
  },
  'metadata-removed': {
    level: 'info',
    summary: 'metadata fields removed',
    singular: 'metadata field removed',
    description: 'A page metadata comment disappears.',
    impact: nothing,
  },
  'metadata-changed': {
    level: 'info',
    summary: 'metadata fields changed',
    singular: 'metadata field changed',
    description: 'A page metadata comment has another value.',
    impact: nothing,
  },
};

/** Rule ids in report order. */
export const ruleIds = Object.keys(rules) as RuleId[];

const bumpOrder: readonly SemverBump[] = ['none', 'patch', 'minor', 'major'];
const levelOrder: readonly ChangeLevel[] = ['info', 'non-breaking', 'breaking'];

/**
 * The larger of two bumps.
 * @param a One bump.
 * @param b The other.
 */
export function maxBump(a: SemverBump, b: SemverBump): SemverBump {
  return bumpOrder.indexOf(a) >= bumpOrder.indexOf(b) ? a : b;
}

/**
 * Whether a level is at least as severe as a threshold.
 * @param level Level of a finding.
 * @param threshold Least level that counts.
 */
export function levelAtLeast(level: ChangeLevel, threshold: ChangeLevel): boolean {
  return levelOrder.indexOf(level) >= levelOrder.indexOf(threshold);
}

/**
 * Rank of a bump, for sorting and comparing (`none` 0 … `major` 3).
 * @param bump A bump.
 */
export function bumpRank(bump: SemverBump): number {
  return bumpOrder.indexOf(bump);
}
