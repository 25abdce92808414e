// The pull-request check a docs repository runs: action.yml's steps, run as a runner runs them,
// on a temporary repository shaped like openharmony/docs.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import parseChangeset from '@changesets/parse';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { readAction, runAction } from './action-runner.js';
import { avsessionDocsRepository, enPage, git, gitEnv, removeTempDirs, tempDir, zhPage } from './repo.js';
import { errcatDiff } from './run-cli.js';

const errcatRoot = fileURLToPath(new URL('../../../', import.meta.url));
const actionFile = join(errcatRoot, 'action.yml');

afterEach(removeTempDirs);

/**
 * A docs repository whose master has the older English page and whose branch `change` has the
 * newer one, where 6600104 and 6600108 became system-only: a breaking change of @errcat/avsession.
 */
const docsRepositoryWithBreakingChange = () => avsessionDocsRepository({ branch: 'change' });

function check(repo: string, inputs: Record<string, string>, env: Record<string, string> = {}) {
  const reports = tempDir();
  const summary = join(reports, 'summary.md');
  const run = runAction(actionFile, inputs, { cwd: repo, env: { ...gitEnv, ERRCAT_REPORT_DIR: reports, GITHUB_STEP_SUMMARY: summary, ...env } });
  return { ...run, reports, summary: () => readFileSync(summary, 'utf8') };
}

describe('the errcat action on a docs repository', () => {
  it('fails a breaking change, and passes it once a changeset declares it', async () => {
    const repo = docsRepositoryWithBreakingChange();
    const failing = check(repo, { docs: '.', base: 'master' });
    expect(failing.skipped).toEqual(['Set up Node 20']);
    expect(failing.stderr).toContain("errcat diff: 2 finding(s) at or above 'breaking' not covered by a changeset");
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('visibility-narrowed');
    // The job summary and both reports, with repository-relative paths.
    expect(failing.summary()).toMatch(/\*\*2 breaking, \d+ non-breaking, 6 info\*\*/);
    const report = JSON.parse(readFileSync(join(failing.reports, 'report.json'), 'utf8'));
    expect(report.findings.find((finding: { ruleId: string }) => finding.ruleId === 'visibility-narrowed').position.file).toBe(enPage);

    // The author declares the major bump, as the report suggests.
    const declared = await errcatDiff(['--base', 'master', '--docs', '.', '--changeset'], repo);
    expect(declared.code).toBe(0);
    const [changesetFile] = readdirSync(join(repo, '.changeset'));
    expect(parseChangeset(readFileSync(join(repo, '.changeset', changesetFile!), 'utf8')).releases).toEqual([{ name: '@errcat/avsession', type: 'major' }]);
    git(repo, 'add', '.changeset');
    git(repo, 'commit', '-q', '-m', 'changeset');
    const passing = check(repo, { docs: '.', base: 'master' });
    expect(passing.stderr).not.toContain('finding(s) at or above');
    expect(passing.code).toBe(0);
  });

  it('annotates the pages on GitHub, and fails a page error with its place', () => {
    const repo = docsRepositoryWithBreakingChange();
    const annotated = check(repo, { docs: 'en', base: 'master' }, { GITHUB_ACTIONS: 'true' });
    expect(annotated.code).toBe(1);
    expect(annotated.stdout).toMatch(new RegExp(`^::error file=${enPage.replace(/\./g, '\\.')},line=\\d+`, 'm'));
    // An unclosed Del block on the branch: the check names it and fails even with nothing breaking.
    writeFileSync(join(repo, zhPage), `${readFileSync(join(repo, zhPage), 'utf8')}\n<!--Del-->\n`);
    const broken = check(repo, { docs: 'zh-cn', base: 'master' });
    expect(broken.code).toBe(1);
    // The check's report: the page's own header, then its rows (line:column  severity  message  rule).
    expect(broken.stderr).toMatch(new RegExp(`^${zhPage.replace(/\./g, '\\.')}\n(?:\\d+:\\d+ .*\n)*\\d+:\\d+ +error +.*unbalanced-del$`, 'm'));
  });

  it('stops with exit 2 and one line for a docs folder or base that is not there', () => {
    const repo = docsRepositoryWithBreakingChange();
    const noDocs = check(repo, { docs: 'docs', base: 'master' });
    expect(noDocs.code).toBe(2);
    expect(noDocs.stderr).toBe('pr-check: docs: docs folder does not exist\n');
    const noBase = check(repo, { docs: '.' });
    expect(noBase.code).toBe(2);
    expect(noBase.stderr).toMatch(/^pr-check: base 'origin\/main' is not a commit in .* \(fetch it/);
  });
});

describe('the README shows the action', () => {
  it('with inputs the action has', () => {
    const readme = readFileSync(join(errcatRoot, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => parseYaml(match[1]!) as unknown);
    const steps = JSON.stringify(blocks);
    const uses = [...steps.matchAll(/"uses":"([^"]*errcat@[^"]*)"/g)].map((match) => match[1]);
    expect(uses.length).toBeGreaterThan(0);
    const inputs = Object.keys(readAction(actionFile).inputs ?? {});
    const withKeys = [...steps.matchAll(/"uses":"[^"]*errcat@[^"]*","with":\{([^}]*)\}/g)].flatMap((match) => [...match[1]!.matchAll(/"([^"]+)":/g)].map((key) => key[1]));
    expect(withKeys.length).toBeGreaterThan(0);
    for (const key of withKeys) expect(inputs).toContain(key);
  });
});
