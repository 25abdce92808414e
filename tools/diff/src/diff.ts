import type {
  Catalogue,
  CatalogueEntry,
  CatalogueModule,
  CatalogueTexts,
  LocalizedEntry,
  PageMetadata,
  PositionInPage,
  SectionKind,
  SourcePosition,
  Visibility,
} from '@errcat/schema';
import { metadataFileOf, metadataPosition, positionInEntry, sectionMarkdown } from '@errcat/schema';
import { fingerprint } from './fingerprint.js';
import { defaultPackageNamer, targetSpecifier, type PackageNamer } from './packages.js';
import { maxBump, ruleIds, rules, type Exposure } from './rules.js';
import type { Build, DiffReport, Finding, FindingValue, ReleaseDecision, RuleId, SemverBump } from './types.js';

/** Options for {@link diffCatalogues}. */
export interface DiffOptions {
  /** Names of the two sides for the report (default `old` and `new`). */
  labels?: { old?: string; new?: string };
  /** Where each module's builds are published (default {@link defaultPackageNamer}). */
  packageNamer?: PackageNamer;
}

/** A finding before its level, impact and fingerprint are filled in from its rule. */
type Draft = Omit<Finding, 'level' | 'impact' | 'fingerprint'> & { exposure: Exposure };

function complete(draft: Draft): Finding {
  const rule = rules[draft.ruleId];
  const finding: Finding = {
    ruleId: draft.ruleId,
    level: rule.level,
    module: draft.module,
    message: draft.message,
    impact: rule.impact(draft.exposure),
    fingerprint: fingerprint(draft),
  };
  // Optional keys are set only when present, so JSON output has no `undefined` holes.
  if (draft.code !== undefined) finding.code = draft.code;
  if (draft.title !== undefined) finding.title = draft.title;
  if (draft.locale !== undefined) finding.locale = draft.locale;
  if (draft.field !== undefined) finding.field = draft.field;
  if (draft.oldValue !== undefined) finding.oldValue = draft.oldValue;
  if (draft.newValue !== undefined) finding.newValue = draft.newValue;
  if (draft.position !== undefined) finding.position = draft.position;
  if (draft.oldPosition !== undefined) finding.oldPosition = draft.oldPosition;
  return finding;
}

/** One comparable text of an entry, with the rule that reports its change. */
interface TextField {
  rule: RuleId;
  value: string | string[];
  position: SourcePosition;
}

const ruleOfSection: Record<SectionKind, RuleId> = {
  message: 'message-changed',
  description: 'description-changed',
  causes: 'causes-changed',
  solutions: 'solutions-changed',
  extra: 'other-text-changed',
};

/** The texts of a locale entry or of one of its variants. */
type Texts = CatalogueTexts & { intro?: string; position: PositionInPage };

/** Adds the labelled texts of an entry or a variant (of `entry`) under `prefix`. */
function addTexts(fields: Map<string, TextField>, prefix: string, texts: Texts, entry: LocalizedEntry): void {
  const at = (position: PositionInPage) => positionInEntry(entry, position);
  const positionOf = (kind: SectionKind) => at(texts.sections.find((section) => section.kind === kind)?.position ?? texts.position);
  fields.set(`${prefix}message`, { rule: 'message-changed', value: texts.message, position: positionOf('message') });
  fields.set(`${prefix}description`, { rule: 'description-changed', value: texts.description, position: positionOf('description') });
  fields.set(`${prefix}causes`, { rule: 'causes-changed', value: texts.causes, position: positionOf('causes') });
  fields.set(`${prefix}solutions`, { rule: 'solutions-changed', value: texts.solutions, position: positionOf('solutions') });
  if (texts.intro) fields.set(`${prefix}intro`, { rule: 'other-text-changed', value: texts.intro, position: at(texts.position) });
  for (const section of texts.sections) {
    if (section.kind !== 'extra') continue;
    fields.set(`${prefix}sections[${section.label}]`, { rule: ruleOfSection.extra, value: sectionMarkdown(section, texts), position: at(section.position) });
  }
}

/** Every text of one code in one locale, keyed by field name. */
function textFields(entry: LocalizedEntry): Map<string, TextField> {
  const fields = new Map<string, TextField>();
  fields.set('title', { rule: 'title-changed', value: entry.title, position: entry.position });
  addTexts(fields, '', entry, entry);
  if (entry.group) fields.set('group', { rule: 'other-text-changed', value: entry.group, position: entry.position });
  for (const variant of entry.variants ?? []) {
    addTexts(fields, `variants[${variant.title}].`, variant, entry);
  }
  return fields;
}

const isEmpty = (value: string | string[]) => (Array.isArray(value) ? value.length === 0 : value === '');
const sameValue = (a: string | string[], b: string | string[]) => JSON.stringify(a) === JSON.stringify(b);

const fieldNames: Record<string, string> = {
  title: 'Title',
  message: 'Runtime message',
  description: 'Description',
  causes: 'Possible causes',
  solutions: 'Solution',
  intro: 'Intro',
  group: 'Group',
};

function describeField(field: string): string {
  const last = field.slice(field.lastIndexOf('.') + 1);
  const name = fieldNames[last] ?? last;
  const variant = /^variants\[(.*)\]\./.exec(field);
  return variant ? `${name} of variant "${variant[1]}"` : name;
}

/** Owned entries of a catalogue (borrowed copies belong to another module's package). */
function ownedEntries(catalogue: Catalogue): Map<number, CatalogueEntry> {
  const owned = new Map<number, CatalogueEntry>();
  for (const entry of Object.values(catalogue.errors)) {
    if (!entry.borrowed) owned.set(entry.code, entry);
  }
  return owned;
}

/** Texts of an entry in the catalogue's default locale, else in its first locale. */
function primaryTexts(entry: CatalogueEntry, defaultLocale: string): LocalizedEntry | undefined {
  return entry.locales[defaultLocale] ?? Object.values(entry.locales)[0];
}

const normalizeForMatch = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

const isPublic = (visibility: Visibility | undefined) => visibility === 'public';

/** Compares two catalogues. */
class CatalogueDiff {
  readonly drafts: Draft[] = [];
  private readonly oldEntries: Map<number, CatalogueEntry>;
  private readonly newEntries: Map<number, CatalogueEntry>;

  constructor(
    private readonly before: Catalogue,
    private readonly after: Catalogue,
  ) {
    this.oldEntries = ownedEntries(before);
    this.newEntries = ownedEntries(after);
  }

  private titleOf(entry: CatalogueEntry, catalogue: Catalogue): string | undefined {
    return primaryTexts(entry, catalogue.defaultLocale)?.title;
  }

  private positionOf(entry: CatalogueEntry, catalogue: Catalogue): SourcePosition | undefined {
    return primaryTexts(entry, catalogue.defaultLocale)?.position;
  }

  run(): Draft[] {
    const moduleNames = new Set([...Object.keys(this.before.modules), ...Object.keys(this.after.modules)]);
    for (const name of [...moduleNames].sort()) this.compareModule(name);
    this.compareCodes();
    return this.drafts;
  }

  /** Page-level changes: the module itself, its locale pages, titles and metadata. */
  private compareModule(name: string): void {
    const before = this.before.modules[name];
    const after = this.after.modules[name];
    if (!before && after) {
      this.drafts.push({
        ruleId: 'module-added',
        module: name,
        message: `Module ${name} added (${Object.keys(after.sources).sort().join(', ') || 'no pages'}).`,
        exposure: { publicBefore: false, publicAfter: after.counts.public > 0 },
        ...optionalPosition('position', pagePosition(after, this.after.defaultLocale)),
      });
      return;
    }
    if (before && !after) {
      this.drafts.push({
        ruleId: 'module-removed',
        module: name,
        message: `Module ${name} removed.`,
        exposure: { publicBefore: before.counts.public > 0, publicAfter: false },
        ...optionalPosition('oldPosition', pagePosition(before, this.before.defaultLocale)),
      });
      return;
    }
    if (!before || !after) return;
    const exposure = { publicBefore: before.counts.public > 0, publicAfter: after.counts.public > 0 };
    const locales = [...new Set([...Object.keys(before.sources), ...Object.keys(after.sources)])].sort();
    for (const locale of locales) {
      const oldSource = before.sources[locale];
      const newSource = after.sources[locale];
      if (oldSource === undefined && newSource !== undefined) {
        this.drafts.push({
          ruleId: 'locale-page-added',
          module: name,
          locale,
          message: `Page of ${name} in ${locale} added (${newSource}).`,
          exposure,
          position: { file: newSource, line: 1, column: 1 },
        });
      } else if (oldSource !== undefined && newSource === undefined) {
        this.drafts.push({
          ruleId: 'locale-page-removed',
          module: name,
          locale,
          message: `Page of ${name} in ${locale} removed (was ${oldSource}).`,
          exposure,
          oldPosition: { file: oldSource, line: 1, column: 1 },
        });
      } else if (oldSource !== undefined && newSource !== undefined) {
        const oldTitle = before.titles[locale] ?? '';
        const newTitle = after.titles[locale] ?? '';
        if (oldTitle !== newTitle) {
          this.drafts.push({
            ruleId: 'page-title-changed',
            module: name,
            locale,
            field: 'title',
            oldValue: oldTitle,
            newValue: newTitle,
            message: `Title of the ${locale} page of ${name} changed.`,
            exposure,
            position: { file: newSource, line: 1, column: 1 },
            oldPosition: { file: oldSource, line: 1, column: 1 },
          });
        }
      }
    }
    this.compareMetadata(name, before, after, exposure);
  }

  private compareMetadata(name: string, before: CatalogueModule, after: CatalogueModule, exposure: Exposure): void {
    const oldFields = metadataFields(before.metadata);
    const newFields = metadataFields(after.metadata);
    const keys = [...new Set([...oldFields.keys(), ...newFields.keys()])];
    // Metadata is read from the default-locale page.
    const locale = this.after.defaultLocale;
    const file = metadataFileOf(after, locale);
    const oldFile = metadataFileOf(before, this.before.defaultLocale);
    for (const key of keys) {
      const oldValue = oldFields.get(key);
      const newValue = newFields.get(key);
      if (oldValue !== undefined && newValue !== undefined && sameValue(oldValue, newValue)) continue;
      const ruleId: RuleId = oldValue === undefined ? 'metadata-added' : newValue === undefined ? 'metadata-removed' : 'metadata-changed';
      const shown = (value: string | string[]) => (Array.isArray(value) ? value.join('; ') : value);
      const message =
        ruleId === 'metadata-added'
          ? `Metadata ${key} of ${name} added: ${shown(newValue!)}.`
          : ruleId === 'metadata-removed'
            ? `Metadata ${key} of ${name} removed (was ${shown(oldValue!)}).`
            : `Metadata ${key} of ${name} changed from ${shown(oldValue!)} to ${shown(newValue!)}.`;
      this.drafts.push({
        ruleId,
        module: name,
        locale,
        field: `metadata.${key}`,
        ...(oldValue !== undefined ? { oldValue } : {}),
        ...(newValue !== undefined ? { newValue } : {}),
        message,
        exposure,
        // At the metadata comment itself; a page without it (a removed field) at its start.
        ...optionalPosition('position', metadataPosition(after, key, locale) ?? (file === undefined ? undefined : { file, line: 1, column: 1 })),
        ...optionalPosition('oldPosition', metadataPosition(before, key, this.before.defaultLocale) ?? (oldFile === undefined ? undefined : { file: oldFile, line: 1, column: 1 })),
      });
    }
  }

  /** Code-level changes: additions, removals, renumbering, visibility and texts. */
  private compareCodes(): void {
    const added: CatalogueEntry[] = [];
    const removed: CatalogueEntry[] = [];
    const codes = [...new Set([...this.oldEntries.keys(), ...this.newEntries.keys()])].sort((a, b) => a - b);
    for (const code of codes) {
      const before = this.oldEntries.get(code);
      const after = this.newEntries.get(code);
      if (before && after && before.module === after.module) {
        this.compareEntry(before, after);
        this.compareLocaleCoverage(after, before);
      } else {
        if (before) removed.push(before);
        if (after) added.push(after);
      }
    }
    const renumbered = this.matchRenumbered(removed, added);
    for (const entry of removed) {
      if (renumbered.has(entry)) continue;
      const visibility = entry.visibility;
      this.drafts.push({
        ruleId: 'code-removed',
        module: entry.module,
        code: entry.code,
        ...optionalTitle(this.titleOf(entry, this.before)),
        message: `Code ${entry.code}${quoted(this.titleOf(entry, this.before))} removed (was ${visibility === 'public' ? 'public' : 'system-only'}).`,
        exposure: { publicBefore: isPublic(visibility), publicAfter: false },
        // Annotations need a place that still exists: the top of the module's page, if it has one.
        ...optionalPosition('position', this.after.modules[entry.module] && pagePosition(this.after.modules[entry.module]!, this.after.defaultLocale)),
        ...optionalPosition('oldPosition', this.positionOf(entry, this.before)),
      });
    }
    const renumberedTo = new Set(renumbered.values());
    for (const entry of added) {
      if (!renumberedTo.has(entry)) {
        this.drafts.push({
          ruleId: 'code-added',
          module: entry.module,
          code: entry.code,
          ...optionalTitle(this.titleOf(entry, this.after)),
          message: `Code ${entry.code}${quoted(this.titleOf(entry, this.after))} added (${entry.visibility === 'public' ? 'public' : 'system-only'}).`,
          exposure: { publicBefore: false, publicAfter: isPublic(entry.visibility) },
          ...optionalPosition('position', this.positionOf(entry, this.after)),
        });
      }
      this.compareLocaleCoverage(entry, undefined);
    }
    for (const [before, after] of renumbered) {
      this.drafts.push({
        ruleId: 'code-renumbered',
        module: after.module,
        code: after.code,
        ...optionalTitle(this.titleOf(after, this.after)),
        field: 'code',
        oldValue: before.code,
        newValue: after.code,
        message: `Code ${before.code}${quoted(this.titleOf(after, this.after))} renumbered to ${after.code}.`,
        exposure: { publicBefore: isPublic(before.visibility), publicAfter: isPublic(after.visibility) },
        ...optionalPosition('position', this.positionOf(after, this.after)),
        ...optionalPosition('oldPosition', this.positionOf(before, this.before)),
      });
      this.compareEntry(before, after);
    }
  }

  /**
   * Pairs a removed and an added code of one module that share title and runtime message: the
   * same entry under another number. Ambiguous pairs (several candidates) stay unpaired.
   */
  private matchRenumbered(removed: CatalogueEntry[], added: CatalogueEntry[]): Map<CatalogueEntry, CatalogueEntry> {
    const keyOf = (entry: CatalogueEntry, catalogue: Catalogue): string | undefined => {
      const texts = primaryTexts(entry, catalogue.defaultLocale);
      if (!texts || texts.title.trim() === '') return undefined;
      return `${entry.module}\u0000${normalizeForMatch(texts.title)}\u0000${normalizeForMatch(texts.message)}`;
    };
    const group = (entries: CatalogueEntry[], catalogue: Catalogue) => {
      const byKey = new Map<string, CatalogueEntry[]>();
      for (const entry of entries) {
        const key = keyOf(entry, catalogue);
        if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), entry]);
      }
      return byKey;
    };
    const removedByKey = group(removed, this.before);
    const addedByKey = group(added, this.after);
    const pairs = new Map<CatalogueEntry, CatalogueEntry>();
    for (const [key, candidates] of removedByKey) {
      const targets = addedByKey.get(key);
      if (candidates.length === 1 && targets?.length === 1) pairs.set(candidates[0]!, targets[0]!);
    }
    return pairs;
  }

  /** Visibility and every text of one code present on both sides. */
  private compareEntry(before: CatalogueEntry, after: CatalogueEntry): void {
    const exposure = { publicBefore: isPublic(before.visibility), publicAfter: isPublic(after.visibility) };
    const title = this.titleOf(after, this.after);
    if (before.visibility !== after.visibility) {
      const narrowed = before.visibility === 'public';
      this.drafts.push({
        ruleId: narrowed ? 'visibility-narrowed' : 'visibility-widened',
        module: after.module,
        code: after.code,
        ...optionalTitle(title),
        field: 'visibility',
        oldValue: before.visibility,
        newValue: after.visibility,
        message: narrowed
          ? `Code ${after.code}${quoted(title)} is now system-only: removed from the public build.`
          : `Code ${after.code}${quoted(title)} is now public: added to the public build.`,
        exposure,
        ...optionalPosition('position', this.positionOf(after, this.after)),
        ...optionalPosition('oldPosition', this.positionOf(before, this.before)),
      });
    }
    const locales = Object.keys(after.locales)
      .filter((locale) => before.locales[locale] !== undefined)
      .sort();
    for (const locale of locales) {
      const oldFields = textFields(before.locales[locale]!);
      const newFields = textFields(after.locales[locale]!);
      for (const field of new Set([...oldFields.keys(), ...newFields.keys()])) {
        const oldField = oldFields.get(field);
        const newField = newFields.get(field);
        const oldValue = oldField?.value ?? (Array.isArray(newField?.value) ? [] : '');
        const newValue = newField?.value ?? (Array.isArray(oldField?.value) ? [] : '');
        if (sameValue(oldValue, newValue) || (isEmpty(oldValue) && isEmpty(newValue))) continue;
        const ruleId = (newField ?? oldField)!.rule;
        this.drafts.push({
          ruleId,
          module: after.module,
          code: after.code,
          ...optionalTitle(title),
          locale,
          field,
          oldValue,
          newValue,
          message: `${describeField(field)} of ${after.code} (${locale}) changed.`,
          exposure,
          ...optionalPosition('position', newField?.position ?? after.locales[locale]!.position),
          ...optionalPosition('oldPosition', oldField?.position ?? before.locales[locale]!.position),
        });
      }
    }
  }

  /**
   * Locales whose page lacks a code other locales document: gaps that open are reported as
   * missing, gaps that close as filled.
   */
  private compareLocaleCoverage(after: CatalogueEntry, before: CatalogueEntry | undefined): void {
    const newModule = this.after.modules[after.module];
    if (!newModule) return;
    const oldModule = before ? this.before.modules[before.module] : undefined;
    const gaps = (entry: CatalogueEntry, module: CatalogueModule) =>
      new Set(Object.keys(module.sources).filter((locale) => entry.locales[locale] === undefined));
    const newGaps = gaps(after, newModule);
    const oldGaps = before && oldModule ? gaps(before, oldModule) : new Set<string>();
    const exposure = { publicBefore: isPublic(before?.visibility), publicAfter: isPublic(after.visibility) };
    const title = this.titleOf(after, this.after);
    const documentedIn = Object.keys(after.locales).sort().join(', ');
    for (const locale of [...newGaps].sort()) {
      if (oldGaps.has(locale)) continue;
      this.drafts.push({
        ruleId: 'locale-code-missing',
        module: after.module,
        code: after.code,
        ...optionalTitle(title),
        locale,
        message: `Code ${after.code}${quoted(title)} is documented in ${documentedIn} but missing from the ${locale} page.`,
        exposure,
        // At the code where it is documented (as the merge's missing-in-locale), else the page it is missing from.
        position: (after.locales[this.after.defaultLocale] ?? Object.values(after.locales)[0])?.position ?? { file: newModule.sources[locale]!, line: 1, column: 1 },
      });
    }
    for (const locale of [...oldGaps].sort()) {
      if (newGaps.has(locale) || newModule.sources[locale] === undefined) continue;
      this.drafts.push({
        ruleId: 'locale-code-filled',
        module: after.module,
        code: after.code,
        ...optionalTitle(title),
        locale,
        message: `Code ${after.code}${quoted(title)} is now documented on the ${locale} page too.`,
        exposure,
        ...optionalPosition('position', after.locales[locale]?.position),
      });
    }
  }
}

function pagePosition(module: CatalogueModule, defaultLocale: string): SourcePosition | undefined {
  const file = module.sources[defaultLocale] ?? Object.values(module.sources)[0];
  return file === undefined ? undefined : { file, line: 1, column: 1 };
}

function optionalPosition<K extends 'position' | 'oldPosition'>(key: K, position: SourcePosition | undefined): Partial<Record<K, SourcePosition>> {
  return position === undefined ? {} : ({ [key]: position } as Record<K, SourcePosition>);
}

const optionalTitle = (title: string | undefined) => (title ? { title } : {});
const quoted = (title: string | undefined) => (title ? ` "${title}"` : '');

/** Metadata as comparable fields: known keys, then `extra.<key>`. */
function metadataFields(metadata: PageMetadata): Map<string, string | string[]> {
  const fields = new Map<string, string | string[]>();
  for (const key of ['kit', 'subsystem', 'owner', 'designer', 'tester', 'adviser'] as const) {
    const value = metadata[key];
    if (value !== undefined) fields.set(key, value);
  }
  for (const [key, value] of Object.entries(metadata.extra ?? {})) fields.set(`extra.${key}`, value);
  return fields;
}

const compareOptional = <T>(a: T | undefined, b: T | undefined, order: (x: T, y: T) => number) =>
  a === undefined ? (b === undefined ? 0 : -1) : b === undefined ? 1 : order(a, b);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareFindings(a: Finding, b: Finding): number {
  return (
    byText(a.module, b.module) ||
    compareOptional(a.code, b.code, (x, y) => x - y) ||
    ruleIds.indexOf(a.ruleId) - ruleIds.indexOf(b.ruleId) ||
    compareOptional(a.locale, b.locale, byText) ||
    compareOptional(a.field, b.field, byText) ||
    byText(a.fingerprint, b.fingerprint)
  );
}

function releaseDecisions(findings: readonly Finding[], modules: readonly string[], namer: PackageNamer): ReleaseDecision[] {
  const decisions: ReleaseDecision[] = [];
  for (const module of modules) {
    const targets = namer(module);
    const own = findings.filter((finding) => finding.module === module);
    for (const build of ['public', 'full'] as const satisfies readonly Build[]) {
      const bump = own.reduce<SemverBump>((current, finding) => maxBump(current, finding.impact[build]), 'none');
      const reasons = bump === 'none' ? [] : [...new Set(own.filter((finding) => finding.impact[build] === bump).map((finding) => finding.ruleId))];
      const target = targets[build];
      decisions.push({ module, build, target: targetSpecifier(target), packageName: target.packageName, entry: target.entry, bump, reasons });
    }
  }
  return decisions;
}

function countCodes(catalogue: Catalogue): number {
  return ownedEntries(catalogue).size;
}

/**
 * Classify every change between two catalogues.
 * @param before The old catalogue (the base of a pull request, an earlier doc version).
 * @param after The new catalogue.
 * @param options Side labels and package naming (optional).
 * @returns The report: sorted findings, counts and the bump each generated package needs.
 */
export function diffCatalogues(before: Catalogue, after: Catalogue, options: DiffOptions = {}): DiffReport {
  const findings = new CatalogueDiff(before, after).run().map(complete).sort(compareFindings);
  const modules = [...new Set([...Object.keys(before.modules), ...Object.keys(after.modules)])].sort();
  const rulesCount: Partial<Record<RuleId, number>> = {};
  // Keys in rule order, so the JSON output is stable.
  for (const ruleId of ruleIds) {
    const matching = findings.filter((finding) => finding.ruleId === ruleId).length;
    if (matching > 0) rulesCount[ruleId] = matching;
  }
  const count = (level: Finding['level']) => findings.filter((finding) => finding.level === level).length;
  return {
    schemaVersion: 1,
    old: { label: options.labels?.old ?? 'old', modules: Object.keys(before.modules).length, codes: countCodes(before) },
    new: { label: options.labels?.new ?? 'new', modules: Object.keys(after.modules).length, codes: countCodes(after) },
    summary: { breaking: count('breaking'), nonBreaking: count('non-breaking'), info: count('info'), rules: rulesCount },
    findings,
    releases: releaseDecisions(findings, modules, options.packageNamer ?? defaultPackageNamer),
  };
}
