// `errcat diff --base` in a docs repository: the repository is the one holding the docs folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiffReport } from '@errcat/diff';
import { avsession, avsessionDocsRepository, enPage, git, put, removeTempDirs, tempDir, zhPage } from './repo.js';
import { errcatDiff } from './run-cli.js';

const errcatRoot = fileURLToPath(new URL('../../../', import.meta.url));
const { newer } = avsession;

afterEach(removeTempDirs);

async function jsonReport(args: string[], cwd: string): Promise<DiffReport> {
  const run = await errcatDiff([...args, '--format', 'json'], cwd);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as DiffReport;
}

describe('errcat diff --base in a docs repository', () => {
  it('takes the docs folder "." from inside the repository', async () => {
    const repo = avsessionDocsRepository();
    const report = await jsonReport(['--base', 'master', '--docs', '.'], repo);
    // The zh-cn page (unchanged) lacks the 55 codes the English page gained.
    expect(report.summary.rules).toEqual({ 'code-added': 55, 'visibility-narrowed': 2, 'metadata-added': 6, 'locale-code-missing': 55 });
    expect(report.new).toMatchObject({ modules: 1, codes: 64 });
    expect(report.findings.find((finding) => finding.ruleId === 'visibility-narrowed')?.position?.file).toBe(enPage);
  });

  it('keeps parse results in the cache, so a page unchanged since the base is parsed once', async () => {
    const repo = avsessionDocsRepository();
    const cache = tempDir();
    const first = await jsonReport(['--base', 'master', '--docs', '.', '--cache', cache], repo);
    // Three pages were read (two at master, two in the working tree, one of them unchanged): three parsed.
    const cached = readdirSync(join(cache, 'parse'), { recursive: true }).filter((name) => String(name).endsWith('.json'));
    expect(cached).toHaveLength(3);
    expect(await jsonReport(['--base', 'master', '--docs', '.', '--cache', cache], repo)).toEqual(first);
    // The default is errcat's cache folder ($ERRCAT_CACHE_DIR here); --no-cache writes none.
    const fallback = tempDir();
    const env = { ERRCAT_CACHE_DIR: fallback };
    expect((await errcatDiff(['--base', 'master', '--docs', '.', '--no-cache'], repo, { env })).code).toBe(0);
    expect(existsSync(join(fallback, 'parse'))).toBe(false);
    expect((await errcatDiff(['--base', 'master', '--docs', '.'], repo, { env })).code).toBe(0);
    expect(existsSync(join(fallback, 'parse'))).toBe(true);
  });

  it('uses the repository of the docs folder wherever errcat runs from', async () => {
    const repo = avsessionDocsRepository();
    // From errcat's own repository (as `pnpm errcat` runs), with an absolute docs folder.
    const fromErrcat = await jsonReport(['--base', 'master', '--docs', join(repo, 'en')], errcatRoot);
    expect(fromErrcat.summary.rules).toEqual({ 'code-added': 55, 'visibility-narrowed': 2, 'metadata-added': 6 });
    // From a folder outside any repository, with a relative one; a subfolder of the docs works too.
    const outside = tempDir();
    mkdirSync(join(outside, 'work'));
    const relative = join('..', '..', repo.split('/').at(-1)!, 'zh-cn', 'application-dev');
    const fromOutside = await jsonReport(['--base', 'master', '--docs', relative], join(outside, 'work'));
    expect(fromOutside.findings).toEqual([]);
    expect(fromOutside.new.codes).toBe(9);
  });

  it('fails with one line naming a docs folder that does not exist, whatever --fail-on says', async () => {
    const repo = avsessionDocsRepository();
    for (const extra of [[], ['--fail-on', 'breaking'], ['--fail-on', 'none']]) {
      const run = await errcatDiff(['--base', 'master', '--docs', 'zh-cn/application-dev/referense', ...extra], repo);
      expect(run).toEqual({ code: 2, stdout: '', stderr: 'errcat diff: zh-cn/application-dev/referense: docs folder does not exist\n' });
    }
    // Missing from the working tree but present at the base: still a mistake to report, not a removal.
    rmSync(join(repo, 'zh-cn'), { recursive: true });
    const gone = await errcatDiff(['--base', 'master', '--docs', 'zh-cn', '--fail-on', 'breaking'], repo);
    expect(gone).toEqual({ code: 2, stdout: '', stderr: 'errcat diff: zh-cn: docs folder does not exist\n' });
  });

  it('names the default docs-source when the repository has none', async () => {
    const repo = avsessionDocsRepository();
    const run = await errcatDiff(['--base', 'master', '--fail-on', 'breaking'], join(repo, 'en'));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`errcat diff: ${repo}/docs-source: docs folder does not exist (give the docs folder with --docs DIR)\n`);
  });

  it('reports a docs folder that is new since the base as modules added', async () => {
    const repo = avsessionDocsRepository();
    put(newer, join(repo, 'de/application-dev/reference/apis-avsession-kit/errorcode-avsession.md'));
    const report = await jsonReport(['--base', 'master', '--docs', 'de'], repo);
    expect(report.summary.rules).toEqual({ 'module-added': 1, 'code-added': 64 });
    expect(report.old.codes).toBe(0);
    const gate = await errcatDiff(['--base', 'master', '--docs', 'de', '--fail-on', 'non-breaking'], repo);
    expect(gate.code).toBe(1);
  });

  it('refuses a docs folder with no pages, one outside any repository, and a missing git ref', async () => {
    const repo = avsessionDocsRepository();
    mkdirSync(join(repo, 'fr'));
    const empty = await errcatDiff(['--base', 'master', '--docs', 'fr', '--fail-on', 'breaking'], repo);
    expect(empty).toEqual({ code: 2, stdout: '', stderr: 'errcat diff: fr: holds no errorcode-*.md page\n' });
    const loose = tempDir();
    put(newer, join(loose, 'en/kit/errorcode-avsession.md'));
    const noRepo = await errcatDiff(['--base', 'master', '--docs', '.', '--fail-on', 'breaking'], loose);
    expect(noRepo.code).toBe(2);
    expect(noRepo.stderr).toMatch(/^errcat diff: \.: not in a git repository \(fatal: not a git repository[^\n]*\)\n$/);
    const badRef = await errcatDiff(['--base', 'origin/master', '--docs', '.', '--fail-on', 'breaking'], repo);
    expect(badRef).toEqual({ code: 2, stdout: '', stderr: `errcat diff: --base origin/master: not a commit in the repository at ${repo}\n` });
  });

  it('reads a page that is not UTF-8 at the base as an input error naming ref, file, line and column', async () => {
    const repo = avsessionDocsRepository();
    writeFileSync(join(repo, enPage), Buffer.concat([Buffer.from('# Title\n\nab'), Buffer.from([0xff]), Buffer.from('\n')]));
    git(repo, 'commit', '-q', '-am', 'broken');
    put(newer, join(repo, enPage));
    const run = await errcatDiff(['--base', 'master', '--docs', '.', '--fail-on', 'breaking'], repo);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `errcat diff: master:${enPage}:3:3: not valid UTF-8\n` });
  });

  it('fails a gate when a page of the working tree has an error, even with no finding', async () => {
    const repo = avsessionDocsRepository();
    const text = readFileSync(join(repo, zhPage), 'utf8');
    // An unclosed Del block hides what follows it.
    writeFileSync(join(repo, zhPage), `${text}\n<!--Del-->\n`);
    const run = await errcatDiff(['--base', 'master', '--docs', 'zh-cn', '--fail-on', 'breaking'], repo);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ {2}error {2}.*unbalanced-del\n/);
    expect(run.stderr).toContain('errcat diff: 1 error(s) in the pages of working tree; the report may miss what they hide\n');
    expect((await errcatDiff(['--base', 'master', '--docs', 'zh-cn'], repo)).code).toBe(0);
  });
});
