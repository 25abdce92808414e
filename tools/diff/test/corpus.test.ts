import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DiffReport } from '@errcat/diff';
import { errcatDiff } from './run-cli.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const corpus = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

describe('two real revisions of the mDNS page from the corpus', () => {
  it('lists what a reviewer would: one code added, three runtime messages and four descriptions reworded', async () => {
    if (!existsSync(corpus)) throw new Error(`the reference corpus is missing: expected it at ${corpus}`);
    const older = `${corpus}en/errorcodes/errorcode-net-mdns.md`;
    const newer = `${corpus}en/apis-network-kit/errorcode-net-mdns.md`;
    const run = await errcatDiff([older, newer, '--format', 'json'], repoRoot);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as DiffReport;
    expect(report.findings.map((finding) => [finding.ruleId, finding.code, finding.field ?? null])).toEqual([
      ['message-changed', 2100002, 'message'],
      ['description-changed', 2204003, 'description'],
      ['description-changed', 2204006, 'description'],
      ['code-added', 2204007, null],
      ['message-changed', 2204008, 'message'],
      ['description-changed', 2204008, 'description'],
      ['message-changed', 2204010, 'message'],
      ['description-changed', 2204010, 'description'],
    ]);
    // NOTES.md: the old page says "Service instance duplicated." for 2204008.
    const renamed = report.findings.find((finding) => finding.ruleId === 'message-changed' && finding.code === 2204008)!;
    expect(renamed.oldValue).toBe('Service instance duplicated.');
    expect(renamed.newValue).toBe('Failed to delete the service instance.');
    expect(report.findings.find((finding) => finding.ruleId === 'code-added')!.title).toBe('Service Already Exists');
    // Both revisions label the steps **Procedure** and keep them: no solution or cause changed.
    expect(report.summary).toMatchObject({ breaking: 0, nonBreaking: 4, info: 4 });
    expect(report.releases.map((release) => [release.target, release.bump])).toEqual([
      ['@errcat/net-mdns', 'minor'],
      ['@errcat/net-mdns/system', 'minor'],
    ]);
  });
});

describe('the README example', () => {
  it('is the report the tool prints today', async () => {
    if (!existsSync(corpus)) throw new Error(`the reference corpus is missing: expected it at ${corpus}`);
    const aboveRepo = fileURLToPath(new URL('../../../../', import.meta.url));
    const run = await errcatDiff(
      ['shared/corpus/en/errorcodes/errorcode-net-mdns.md', 'shared/corpus/en/apis-network-kit/errorcode-net-mdns.md', '--format', 'markdown'],
      aboveRepo,
    );
    expect(run.code).toBe(0);
    // The README nests the report two heading levels down.
    const nested = run.stdout.replace(/^(#{2,4}) /gm, (_, hashes: string) => `${'#'.repeat(hashes.length + 2)} `);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(nested);
  });
});
