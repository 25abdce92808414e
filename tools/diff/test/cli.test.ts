import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import parseChangeset from '@changesets/parse';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeDocuments } from '@errcat/catalogue';
import type { DiffReport } from '@errcat/diff';
import { parse } from '../../parser/src/index.js';
import { catalogue } from './build-catalogue.js';
import { git, removeTempDirs, tempDir } from './repo.js';
import { errcatDiff } from './run-cli.js';

const rulesDir = fileURLToPath(new URL('./fixtures/rules/', import.meta.url));
const page = 'docs-source/en/apis-demo-kit/errorcode-demo.md';

afterEach(removeTempDirs);

/** A repository whose first commit holds the `old` side of a rule case and whose working tree holds `new`. */
function repositoryFor(ruleCase: string): string {
  const repo = tempDir();
  git(repo, 'init', '-q', '-b', 'main');
  cpSync(join(rulesDir, ruleCase, 'old'), join(repo, 'docs-source'), { recursive: true });
  writeFileSync(join(repo, 'README.md'), 'demo\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  rmSync(join(repo, 'docs-source'), { recursive: true });
  cpSync(join(rulesDir, ruleCase, 'new'), join(repo, 'docs-source'), { recursive: true });
  return repo;
}

describe('errcat diff --base', () => {
  it('compares docs-source at a git ref with the working tree', async () => {
    const repo = repositoryFor('visibility-narrowed');
    const run = await errcatDiff(['--base', 'main', '--format', 'json'], repo);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as DiffReport;
    expect(report.old.label).toBe('main');
    expect(report.new.label).toBe('working tree');
    expect(report.findings).toMatchObject([{ ruleId: 'visibility-narrowed', code: 1000002, position: { file: page } }]);
  });

  it('reads the ref, not the working tree, for the old side (uncommitted pages count as new)', async () => {
    const repo = repositoryFor('locale-page-added');
    const run = await errcatDiff(['--base', 'HEAD', '--format', 'json'], repo);
    const report = JSON.parse(run.stdout) as DiffReport;
    expect(report.findings.map((finding) => [finding.ruleId, finding.locale])).toEqual([['locale-page-added', 'zh-CN']]);
  });

  it('works from a subfolder and with another docs folder', async () => {
    const repo = repositoryFor('code-added');
    mkdirSync(join(repo, 'tools'));
    const run = await errcatDiff(['--base', 'main', '--docs', '../docs-source', '--format', 'json'], join(repo, 'tools'));
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as DiffReport;
    expect(report.findings).toMatchObject([{ ruleId: 'code-added', code: 1000003, position: { file: page } }]);
  });

  it('treats a ref without the docs folder as an empty catalogue', async () => {
    const repo = repositoryFor('code-added');
    // A commit of git's empty tree.
    const emptyCommit = git(repo, 'commit-tree', '4b825dc642cb6eb9a060e54bf8d69288fbee4904', '-m', 'nothing').trim();
    git(repo, 'branch', 'empty', emptyCommit);
    const run = await errcatDiff(['--base', 'empty', '--format', 'json'], repo);
    const report = JSON.parse(run.stdout) as DiffReport;
    expect(report.summary.rules).toEqual({ 'module-added': 1, 'code-added': 3 });
  });

  it('reads errcat.config.json at the ref and names it when it is broken', async () => {
    const repo = repositoryFor('code-added');
    writeFileSync(join(repo, 'docs-source', 'errcat.config.json'), '{"defaultLocale": "en"}\n');
    const fine = await errcatDiff(['--base', 'main', '--format', 'json'], repo);
    expect(fine.stderr).toBe('');
    git(repo, 'add', 'docs-source/errcat.config.json');
    git(repo, 'commit', '-q', '-m', 'config');
    writeFileSync(join(repo, 'docs-source', 'errcat.config.json'), '{"defaultLocale": "en",\n "colour": true}\n');
    git(repo, 'commit', '-q', '-am', 'broken config');
    const broken = await errcatDiff(['--base', 'main'], repo);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toBe('errcat diff: main:docs-source/errcat.config.json: unknown key "colour" (known: defaultLocale, borrowed, names, packages)\n');
  });

  it('names a ref that does not exist', async () => {
    const repo = repositoryFor('code-added');
    const run = await errcatDiff(['--base', 'no-such-branch'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`errcat diff: --base no-such-branch: not a commit in the repository at ${realpathSync(repo)}\n`);
  });

  it('fails on breaking changes unless a changeset declares the major bump', async () => {
    const repo = repositoryFor('code-removed');
    const failing = await errcatDiff(['--base', 'main', '--fail-on', 'breaking', '--changesets', '.changeset'], repo);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain("1 finding(s) at or above 'breaking' not covered by a changeset");
    mkdirSync(join(repo, '.changeset'));
    writeFileSync(join(repo, '.changeset', 'README.md'), '# Changesets\n');
    writeFileSync(join(repo, '.changeset', 'minor-only.md'), '---\n"@errcat/demo": minor\n---\n\nNot enough.\n');
    expect((await errcatDiff(['--base', 'main', '--fail-on', 'breaking', '--changesets', '.changeset'], repo)).code).toBe(1);
    writeFileSync(join(repo, '.changeset', 'drop-timeout.md'), '---\n"@errcat/demo": major\n---\n\nDrop 1000003.\n');
    const covered = await errcatDiff(['--base', 'main', '--fail-on', 'breaking', '--changesets', '.changeset'], repo);
    expect(covered.code).toBe(0);
    expect(covered.stderr).toBe('');
  });

  it('names a changeset file that cannot be read', async () => {
    const repo = repositoryFor('code-removed');
    mkdirSync(join(repo, '.changeset'));
    writeFileSync(join(repo, '.changeset', 'broken.md'), '---\n"@errcat/demo": [unclosed\n---\n');
    const run = await errcatDiff(['--base', 'main', '--changesets', '.changeset'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^errcat diff: \.changeset\/broken\.md:1:1: not a valid changeset: /);
  });
});

describe('errcat diff --changeset', () => {
  it('writes the bumps of the report as a changeset that @changesets/parse reads', async () => {
    const repo = repositoryFor('visibility-narrowed');
    mkdirSync(join(repo, 'docs-source', 'nested'));
    const run = await errcatDiff(['--base', 'main', '--changeset', '--format', 'json'], join(repo, 'docs-source', 'nested'));
    expect(run.code).toBe(0);
    const written = readdirSync(join(repo, '.changeset'));
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^errcat-[0-9a-f]{8}\.md$/);
    // Outside the working folder, so shown in full.
    expect(run.stderr).toBe(`errcat diff: wrote ${realpathSync(repo)}/.changeset/${written[0]} (@errcat/demo: major)\n`);
    const changeset = parseChangeset(readFileSync(join(repo, '.changeset', written[0]!), 'utf8'));
    expect(changeset.releases).toEqual([{ name: '@errcat/demo', type: 'major' }]);
    expect(changeset.summary).toContain('1 code made system-only');
    expect(changeset.summary).toContain('`@errcat/demo` (public codes): major (visibility-narrowed)');
    expect(changeset.summary).toContain('`@errcat/demo/system` (every code): patch (visibility-narrowed)');
    // The same report gives the same file name: running twice does not pile up changesets.
    await errcatDiff(['--base', 'main', '--changeset'], repo);
    expect(readdirSync(join(repo, '.changeset'))).toEqual(written);
  });

  it('names the packages errcat.config.json configures', async () => {
    const repo = repositoryFor('code-removed');
    writeFileSync(join(repo, 'docs-source', 'errcat.config.json'), '{"packages": {"scope": "@acme"}}\n');
    const run = await errcatDiff(['--base', 'main', '--changeset', '--format', 'json'], repo);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as DiffReport;
    expect(report.releases.map((release) => [release.target, release.bump])).toEqual([
      ['@acme/demo', 'major'],
      ['@acme/demo/system', 'major'],
    ]);
    const [written] = readdirSync(join(repo, '.changeset'));
    expect(parseChangeset(readFileSync(join(repo, '.changeset', written!), 'utf8')).releases).toEqual([{ name: '@acme/demo', type: 'major' }]);
    // A changeset for the configured name covers the breaking change; one for the default name does not.
    writeFileSync(join(repo, '.changeset', 'default-name.md'), '---\n"@errcat/demo": major\n---\n\nDrop 1000003.\n');
    rmSync(join(repo, '.changeset', written!));
    expect((await errcatDiff(['--base', 'main', '--fail-on', 'breaking', '--changesets', '.changeset'], repo)).code).toBe(1);
    writeFileSync(join(repo, '.changeset', 'configured-name.md'), '---\n"@acme/demo": major\n---\n\nDrop 1000003.\n');
    expect((await errcatDiff(['--base', 'main', '--fail-on', 'breaking', '--changesets', '.changeset'], repo)).code).toBe(0);
  });

  it('takes the package names from the new side, else from the old one when the new is a catalogue', async () => {
    const dir = tempDir();
    for (const side of ['old', 'new']) cpSync(join(rulesDir, 'code-removed', side), join(dir, side), { recursive: true });
    writeFileSync(join(dir, 'old', 'errcat.config.json'), '{"packages": {"name": "@old/{module}-errors"}}\n');
    writeFileSync(join(dir, 'new', 'errcat.config.json'), '{"packages": {"name": "@new/{module}-errors"}}\n');
    const targets = async (oldSide: string, newSide: string) =>
      (JSON.parse((await errcatDiff([oldSide, newSide, '--format', 'json'], dir)).stdout) as DiffReport).releases.map((release) => release.target);
    expect(await targets('old', 'new')).toEqual(['@new/demo-errors', '@new/demo-errors/system']);
    const page = 'new/en/apis-demo-kit/errorcode-demo.md';
    const { document } = parse(readFileSync(join(dir, page), 'utf8'), { path: page, locale: 'en', module: 'demo' });
    writeFileSync(join(dir, 'new.json'), JSON.stringify(mergeDocuments([document]).catalogue));
    expect(await targets('old', 'new.json')).toEqual(['@old/demo-errors', '@old/demo-errors/system']);
    // A docs folder without settings builds the default names.
    rmSync(join(dir, 'new', 'errcat.config.json'));
    expect(await targets('old', 'new')).toEqual(['@errcat/demo', '@errcat/demo/system']);
  });

  it('writes nothing when no package needs a release', async () => {
    const dir = tempDir();
    const run = await errcatDiff([join(rulesDir, 'metadata-added', 'old'), join(rulesDir, 'metadata-added', 'new'), '--changeset'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('errcat diff: no package needs a release; no changeset written\n');
    expect(existsSync(join(dir, '.changeset'))).toBe(false);
  });
});

describe('errcat diff options and input errors', () => {
  const oldSide = join(rulesDir, 'message-changed', 'old');
  const newSide = join(rulesDir, 'message-changed', 'new');

  it('colours text only on a terminal without NO_COLOR', async () => {
    const tty = await errcatDiff([oldSide, newSide], rulesDir, { isTTY: true });
    expect(tty.stdout).toContain('\u001b[');
    const noColor = await errcatDiff([oldSide, newSide], rulesDir, { isTTY: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain('\u001b[');
    const piped = await errcatDiff([oldSide, newSide], rulesDir);
    expect(piped.stdout).not.toContain('\u001b[');
    expect(piped.stdout).toContain('{+Try again later.+}');
  });

  it('writes every format, and --output writes a file instead of standard output', async () => {
    const dir = tempDir();
    for (const format of ['text', 'markdown', 'json', 'github']) {
      const run = await errcatDiff([oldSide, newSide, '--format', format, '--output', `report.${format}`], dir);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
      const written = readFileSync(join(dir, `report.${format}`), 'utf8');
      expect(written).toContain(format === 'github' ? '::warning file=' : 'message-changed');
    }
    expect(readdirSync(dir).sort()).toEqual(['report.github', 'report.json', 'report.markdown', 'report.text']);
  });

  it('diffs two catalogue JSON files and names the line and column of a syntax error', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'before.json'), JSON.stringify(catalogue([{ name: 'demo' }], [{ code: 1 }, { code: 2 }])));
    writeFileSync(join(dir, 'after.json'), JSON.stringify(catalogue([{ name: 'demo' }], [{ code: 1 }])));
    const good = await errcatDiff(['before.json', 'after.json', '--format', 'json'], dir);
    expect(good.stderr).toBe('');
    expect((JSON.parse(good.stdout) as DiffReport).findings).toMatchObject([{ ruleId: 'code-removed', code: 2 }]);
    writeFileSync(join(dir, 'bad.json'), '{\n  "schemaVersion": 1,\n  "modules": {,\n}\n');
    const bad = await errcatDiff(['bad.json', 'bad.json'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^errcat diff: bad\.json:3:15: Expected property name/);
    writeFileSync(join(dir, 'other.json'), '{"schemaVersion": 4, "modules": {}, "errors": {}}');
    const wrong = await errcatDiff(['other.json', 'other.json'], dir);
    expect(wrong.stderr).toBe('errcat diff: other.json:1:1: not an errcat catalogue (expected schemaVersion 1, 2 or 3 with "modules" and "errors")\n');
  });

  it('rejects bad usage with exit code 2', async () => {
    const cases: Array<[string[], string]> = [
      [[oldSide], 'expected two sides'],
      [[oldSide, newSide, '--format', 'yaml'], '--format must be one of text, markdown, json, github'],
      [[oldSide, newSide, '--fail-on', 'all'], '--fail-on must be one of breaking, non-breaking, info, none'],
      [[oldSide, newSide, '--colour'], "unknown option '--colour' (see 'errcat diff --help')"],
      [['missing-folder', newSide], 'missing-folder: no such file or folder'],
      [[oldSide, newSide, '--docs', 'x'], '--docs applies only with --base'],
    ];
    for (const [args, message] of cases) {
      const run = await errcatDiff(args, rulesDir);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stdout).toBe('');
    }
  });

  it('prints its help', async () => {
    const run = await errcatDiff(['--help'], rulesDir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('errcat diff --base <git-ref>');
    expect(run.stdout).toContain('Exit codes: 0');
  });
});
