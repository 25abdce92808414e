import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DiffReport, RuleId } from '@errcat/diff';
import { errcatDiff } from './run-cli.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const earlier = 'tools/diff/test/fixtures/avsession-revisions/old.md';
const current = 'docs-source/en/apis-avsession-kit/errorcode-avsession.md';

async function diffJson(from: string, to: string): Promise<DiffReport> {
  const run = await errcatDiff([from, to, '--format', 'json'], repoRoot);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as DiffReport;
}

const codesOf = (report: DiffReport, ruleId: RuleId) => report.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.code);
const bumps = (report: DiffReport) => report.releases.map((release) => [release.target, release.bump]);

describe('AVSession: the earlier revision (seed 002) against the current page', () => {
  it('finds 55 codes added, 2 made system-only, metadata added and no text change', async () => {
    const report = await diffJson(earlier, current);
    expect(report.summary.rules).toEqual({ 'code-added': 55, 'visibility-narrowed': 2, 'metadata-added': 6 });
    expect(report.old.codes).toBe(9);
    expect(report.new.codes).toBe(64);
    expect(codesOf(report, 'visibility-narrowed')).toEqual([6600104, 6600108]);
    expect(codesOf(report, 'code-added')).toHaveLength(55);
    expect(Math.min(...codesOf(report, 'code-added').map(Number))).toBe(6611000);
    expect(report.findings.filter((finding) => finding.ruleId === 'metadata-added').map((finding) => finding.field)).toEqual([
      'metadata.adviser',
      'metadata.designer',
      'metadata.kit',
      'metadata.owner',
      'metadata.subsystem',
      'metadata.tester',
    ]);
    expect(report.summary).toMatchObject({ breaking: 2, nonBreaking: 55, info: 6 });
    expect(bumps(report)).toEqual([
      ['@errcat/avsession', 'major'],
      ['@errcat/avsession/system', 'minor'],
    ]);
    expect(report.releases.map((release) => release.reasons)).toEqual([['visibility-narrowed'], ['code-added']]);
  });

  it('reports the mirror image in the other direction', async () => {
    const forward = await diffJson(earlier, current);
    const backward = await diffJson(current, earlier);
    expect(backward.summary.rules).toEqual({ 'code-removed': 55, 'visibility-widened': 2, 'metadata-removed': 6 });
    expect(codesOf(backward, 'visibility-widened')).toEqual(codesOf(forward, 'visibility-narrowed'));
    expect(codesOf(backward, 'code-removed')).toEqual(codesOf(forward, 'code-added'));
    expect(backward.findings.filter((finding) => finding.ruleId === 'metadata-removed').map((finding) => finding.oldValue)).toEqual(
      forward.findings.filter((finding) => finding.ruleId === 'metadata-added').map((finding) => finding.newValue),
    );
    // Removing public codes is a major release of both builds.
    expect(bumps(backward)).toEqual([
      ['@errcat/avsession', 'major'],
      ['@errcat/avsession/system', 'major'],
    ]);
  });

  it('fails on breaking changes only when asked to', async () => {
    expect((await errcatDiff([earlier, current, '--fail-on', 'breaking'], repoRoot)).code).toBe(1);
    expect((await errcatDiff([earlier, current, '--fail-on', 'none'], repoRoot)).code).toBe(0);
    expect((await errcatDiff([earlier, earlier, '--module', 'avsession', '--fail-on', 'info'], repoRoot)).code).toBe(0);
  });

  it('compares two pages that neither file name names as one module, named by the title', async () => {
    const run = await errcatDiff([earlier, earlier, '--format', 'json', '--fail-on', 'info'], repoRoot);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ findings: [], old: { modules: 1 }, new: { modules: 1 } });
  });
});
