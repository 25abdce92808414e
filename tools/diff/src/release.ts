import { createHash } from 'node:crypto';
import parseChangeset from '@changesets/parse';
import { bumpRank, levelAtLeast, maxBump } from './rules.js';
import type { ChangeLevel, DiffReport, Finding, SemverBump } from './types.js';
import { rulePhrases } from './format/shared.js';

/** Threshold of `--fail-on`: the least level that fails, or `none` to never fail. */
export type FailOn = ChangeLevel | 'none';

/** Values `--fail-on` accepts. */
export const failOnValues: readonly FailOn[] = ['breaking', 'non-breaking', 'info', 'none'];

/** Bump a changeset can declare. */
export type DeclaredBump = Exclude<SemverBump, 'none'>;

/** Bumps declared by changeset files: package name → largest bump any of them declares. */
export type DeclaredReleases = ReadonlyMap<string, DeclaredBump>;

/**
 * Gather the releases of parsed changesets (as `@changesets/parse` returns them).
 * @param changesets Parsed changeset files.
 * @returns The largest declared bump per package.
 */
export function declaredReleases(changesets: ReadonlyArray<{ releases: ReadonlyArray<{ name: string; type: string }> }>): Map<string, DeclaredBump> {
  const declared = new Map<string, DeclaredBump>();
  for (const changeset of changesets) {
    for (const release of changeset.releases) {
      if (release.type !== 'major' && release.type !== 'minor' && release.type !== 'patch') continue;
      declared.set(release.name, maxBump(declared.get(release.name) ?? 'none', release.type) as DeclaredBump);
    }
  }
  return declared;
}

/**
 * Gather the releases declared by changeset files.
 * @param files Path (for error messages) and content of each changeset file.
 * @returns The largest declared bump per package.
 * @throws When a file is not a valid changeset, naming the file.
 */
export function declaredReleasesFromFiles(files: ReadonlyArray<{ file: string; content: string }>): Map<string, DeclaredBump> {
  return declaredReleases(
    files.map(({ file, content }) => {
      try {
        return parseChangeset(content);
      } catch (error) {
        throw new Error(`${file}:1:1: not a valid changeset: ${(error as Error).message.split('\n')[0]}`);
      }
    }),
  );
}

/**
 * Findings that fail the check: those at or above `failOn`, less those whose every bump a
 * changeset already declares (a reviewed, announced release decision).
 * @param report A diff report.
 * @param failOn Least level that fails.
 * @param declared Bumps declared by changesets (optional: without it nothing is excused).
 */
export function failingFindings(report: DiffReport, failOn: FailOn, declared?: DeclaredReleases): Finding[] {
  if (failOn === 'none') return [];
  return report.findings.filter((finding) => {
    if (!levelAtLeast(finding.level, failOn)) return false;
    if (!declared) return true;
    return report.releases.some((release) => {
      if (release.module !== finding.module) return false;
      const needed = finding.impact[release.build];
      return bumpRank(needed) > bumpRank(declared.get(release.packageName) ?? 'none');
    });
  });
}

/** Exit codes of `errcat diff`. */
export const exitCodes = {
  /** No finding at or above `--fail-on` (or every one is covered by a changeset). */
  ok: 0,
  /** Some finding is at or above `--fail-on`. */
  failed: 1,
  /** Bad arguments or unreadable input: no report was made. */
  error: 2,
} as const;

/** A changeset file to write into `.changeset/`. */
export interface ChangesetFile {
  /** File name without the folder, e.g. `errcat-3f2a9c1d.md`. */
  fileName: string;
  content: string;
  /** The front matter as data: package name → bump. */
  releases: Array<{ name: string; type: DeclaredBump }>;
}

/** Options for {@link renderChangeset}. */
export interface ChangesetOptions {
  /** First line of the changeset (default: the rule counts of the report). */
  summary?: string;
}

/**
 * A changeset declaring the bumps the report asks for. Builds that share an npm package (the
 * public entry and the `./system` entry) get one line with the larger bump.
 * @param report A diff report.
 * @param options Summary line (optional).
 * @returns The file, or undefined when no package needs a release.
 */
export function renderChangeset(report: DiffReport, options: ChangesetOptions = {}): ChangesetFile | undefined {
  const bumps = new Map<string, SemverBump>();
  for (const release of report.releases) {
    bumps.set(release.packageName, maxBump(bumps.get(release.packageName) ?? 'none', release.bump));
  }
  const releases = [...bumps]
    .filter((entry): entry is [string, DeclaredBump] => entry[1] !== 'none')
    .map(([name, type]) => ({ name, type }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (releases.length === 0) return undefined;
  const summary = options.summary ?? `Error-code documentation changed: ${rulePhrases(report).join(', ')}.`;
  const details = report.releases
    .filter((release) => release.bump !== 'none')
    .map((release) => `- \`${release.target}\` (${release.build === 'public' ? 'public codes' : 'every code'}): ${release.bump} (${release.reasons.join(', ')})`);
  const breaking = report.findings.filter((finding) => finding.level === 'breaking').map((finding) => `- ${finding.message}`);
  const body = [summary, '', ...details, ...(breaking.length > 0 ? ['', 'Breaking changes:', ...breaking] : [])];
  const frontMatter = releases.map((release) => `${JSON.stringify(release.name)}: ${release.type}`);
  const hash = createHash('sha256')
    .update(report.findings.map((finding) => finding.fingerprint).join('\n'))
    .digest('hex')
    .slice(0, 8);
  return { fileName: `errcat-${hash}.md`, content: ['---', ...frontMatter, '---', '', ...body, ''].join('\n'), releases };
}
