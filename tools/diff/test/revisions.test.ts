// Two revisions of one real page, saved the ways reviewers save them, are one module.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DiffReport } from '@errcat/diff';
import { avsession, avsessionDocsRepository, enPage, gitEnv, removeTempDirs, tempDir, zhPage } from './repo.js';
import { errcatDiff } from './run-cli.js';

const bin = fileURLToPath(new URL('../../cli/bin/errcat.js', import.meta.url));
const { older, newer, zh: newerZh } = avsession;
/** What changed between the two English revisions (commits 1302b84 and ad97767 of openharmony/docs). */
const avsessionRules = { 'code-added': 55, 'visibility-narrowed': 2, 'metadata-added': 6 };

afterEach(removeTempDirs);

beforeAll(() => {
  if (!existsSync(older)) throw new Error(`the reference corpus is missing: expected ${older}`);
});

/** A folder holding copies of corpus pages under the given names. */
function saved(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, from] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    copyFileSync(from, join(dir, name));
  }
  return dir;
}

async function report(args: string[], cwd: string): Promise<{ report: DiffReport; stderr: string }> {
  const run = await errcatDiff([...args, '--format', 'json'], cwd);
  expect(run.code, run.stderr).toBe(0);
  return { report: JSON.parse(run.stdout) as DiffReport, stderr: run.stderr };
}

const modulesOf = (report: DiffReport) => [...new Set(report.findings.map((finding) => finding.module))];
const targetsOf = (report: DiffReport) => report.releases.map((release) => `${release.target} ${release.bump}`);

describe('errcat diff of two revisions of a page', () => {
  it('takes errorcode-avsession@1302b843.md and errorcode-avsession@ad977671.md for one module', async () => {
    const dir = saved({ 'errorcode-avsession@1302b843.md': older, 'errorcode-avsession@ad977671.md': newer });
    const { report: diff, stderr } = await report(['errorcode-avsession@1302b843.md', 'errorcode-avsession@ad977671.md'], dir);
    expect(stderr).toBe('');
    expect(diff.summary.rules).toEqual(avsessionRules);
    expect(modulesOf(diff)).toEqual(['avsession']);
    expect(targetsOf(diff)).toEqual(['@errcat/avsession major', '@errcat/avsession/system minor']);
  });

  it('lets --module win over the file names', async () => {
    const dir = saved({ 'errorcode-avsession@1302b843.md': older, 'errorcode-avsession@ad977671.md': newer });
    const { report: diff } = await report(['errorcode-avsession@1302b843.md', 'errorcode-avsession@ad977671.md', '--module', 'window'], dir);
    expect(diff.summary.rules).toEqual(avsessionRules);
    expect(modulesOf(diff)).toEqual(['window']);
  });

  it('reads old.md and new.md as one module, named by the page title unless --module says', async () => {
    const dir = saved({ 'old.md': older, 'new.md': newer });
    const { report: byTitle } = await report(['old.md', 'new.md'], dir);
    expect(byTitle.summary.rules).toEqual(avsessionRules);
    expect(modulesOf(byTitle)).toEqual(['avsession-management']);
    const { report: named } = await report(['old.md', 'new.md', '--module', 'avsession'], dir);
    expect(named.summary.rules).toEqual(avsessionRules);
    expect(targetsOf(named)).toEqual(['@errcat/avsession major', '@errcat/avsession/system minor']);
  });

  it("takes the other side's name, and ignores .orig and mergetool suffixes", async () => {
    const dir = saved({
      'old.md': older,
      'errorcode-avsession@ad977671.md': newer,
      'errorcode-avsession.md.orig': older,
      'en/apis-avsession-kit/errorcode-avsession.md': newer,
      'errorcode-avsession_BASE_4242.md': older,
    });
    for (const [from, to] of [
      ['old.md', 'errorcode-avsession@ad977671.md'],
      ['errorcode-avsession.md.orig', 'en/apis-avsession-kit/errorcode-avsession.md'],
      ['errorcode-avsession_BASE_4242.md', 'en/apis-avsession-kit/errorcode-avsession.md'],
    ] as const) {
      const { report: diff } = await report([from, to], dir);
      expect(diff.summary.rules, `${from} ${to}`).toEqual(avsessionRules);
      expect(modulesOf(diff)).toEqual(['avsession']);
    }
  });

  it('takes a locale only from folders typed or outside the working folder', async () => {
    // Two English revisions in a folder called "my" (also a language tag: Burmese).
    const dir = saved({ 'my/old.md': older, 'my/errorcode-avsession.md': newer, 'zh-cn/kit/errorcode-avsession.md': newerZh });
    const { report: english } = await report(['old.md', 'errorcode-avsession.md'], join(dir, 'my'));
    expect(english.summary.rules).toEqual(avsessionRules);
    expect(english.findings.every((finding) => finding.locale === undefined || finding.locale === 'en')).toBe(true);
    const { report: chinese } = await report([join(dir, 'zh-cn/kit/errorcode-avsession.md'), 'zh-cn/kit/errorcode-avsession.md'], dir);
    expect(chinese.findings).toEqual([]);
  });

  it('says so when the two names are of different modules, and compares them as the new one', async () => {
    const dir = saved({ 'errorcode-net-http.md': older, 'errorcode-net-mdns.md': newer });
    const { report: diff, stderr } = await report(['errorcode-net-http.md', 'errorcode-net-mdns.md'], dir);
    expect(stderr).toBe('errcat diff: the pages name different modules (net-http, net-mdns); both are compared as "net-mdns" (--module sets it)\n');
    expect(modulesOf(diff)).toEqual(['net-mdns']);
  });

  it('keeps matching modules by name for folders, and a page against a folder by its own name', async () => {
    const dir = saved({
      'a/en/kit/errorcode-avsession.md': older,
      'b/en/kit/errorcode-media-session.md': newer,
      'errorcode-avsession@1302b843.md': older,
    });
    const { report: folders } = await report(['a', 'b'], dir);
    expect(folders.summary.rules).toMatchObject({ 'module-removed': 1, 'module-added': 1 });
    expect(modulesOf(folders).sort()).toEqual(['avsession', 'media-session']);
    const { report: pageToFolder } = await report(['errorcode-avsession@1302b843.md', 'a'], dir);
    expect(pageToFolder.findings).toEqual([]);
  });

  it('refuses a folder side with no pages, and --module with no page side', async () => {
    const dir = saved({ 'a/en/kit/errorcode-avsession.md': older });
    mkdirSync(join(dir, 'empty'));
    const empty = await errcatDiff(['empty', 'a', '--fail-on', 'breaking'], dir);
    expect(empty).toEqual({ code: 2, stdout: '', stderr: 'errcat diff: empty: holds no errorcode-*.md page\n' });
    const module = await errcatDiff(['a', 'a', '--module', 'x'], dir);
    expect(module.code).toBe(2);
    expect(module.stderr).toBe('errcat diff: --module names the module of a page side; both sides are folders or catalogues\n');
  });
});

describe('errcat diff of pages from git show, in the openharmony/docs layout', () => {
  /** Runs a bash command line with `errcat` being the compiled bin. */
  function bash(script: string, cwd: string) {
    const result = spawnSync('bash', ['-c', `errcat() { node "${bin}" "$@"; }\n${script}`], { cwd, encoding: 'utf8', env: gitEnv });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('reads a page from process substitution as the same module and locale', () => {
    const repo = avsessionDocsRepository();
    const run = bash(`errcat diff <(git show HEAD:${enPage}) ${enPage} --format json`, repo);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const diff = JSON.parse(run.stdout) as DiffReport;
    expect(diff.summary.rules).toEqual(avsessionRules);
    expect(modulesOf(diff)).toEqual(['avsession']);
    // The Chinese page from a pipe is still a zh-CN page: nothing reads as a locale added or removed.
    const zh = bash(`errcat diff <(git show HEAD:${zhPage}) ${zhPage} --fail-on info`, repo);
    expect(zh).toMatchObject({ code: 0, stderr: '' });
    expect(zh.stdout).toContain('no changes');
    const bothPiped = bash(`errcat diff <(git show HEAD:${enPage}) <(cat ${enPage}) --format json`, repo);
    expect(JSON.parse(bothPiped.stdout).summary.rules).toEqual(avsessionRules);
  });

  it('reads a page that git show wrote to a temporary file', () => {
    const repo = avsessionDocsRepository();
    const scratch = tempDir();
    const run = bash(`git show HEAD:${enPage} > ${scratch}/base && errcat diff ${scratch}/base ${enPage} --format json`, repo);
    expect(run.stderr).toBe('');
    const diff = JSON.parse(run.stdout) as DiffReport;
    expect(diff.summary.rules).toEqual(avsessionRules);
    expect(modulesOf(diff)).toEqual(['avsession']);
  });

  it('reads a page piped in as -', () => {
    const repo = avsessionDocsRepository();
    const run = bash(`git show HEAD:${enPage} | errcat diff - ${enPage} --format json`, repo);
    expect(run.stderr).toBe('');
    const diff = JSON.parse(run.stdout) as DiffReport;
    expect(diff.old.label).toBe('stdin');
    expect(diff.summary.rules).toEqual(avsessionRules);
    expect(modulesOf(diff)).toEqual(['avsession']);
    expect(bash('errcat diff - - < /dev/null', repo)).toMatchObject({ code: 2, stderr: 'errcat diff: only one side can be standard input (-)\n' });
  });

  it('reads a catalogue JSON from process substitution', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'catalogue.json'), JSON.stringify({ schemaVersion: 1, defaultLocale: 'en', locales: ['en'], modules: {}, errors: {} }));
    const run = bash('errcat diff <(cat catalogue.json) catalogue.json', dir);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('no changes');
  });
});
