import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalogue } from '@errcat/schema';
import { decodeCatalogue, validateCatalogue, validateCatalogueFile } from '@errcat/schema';
import { avsessionPage, page, parseReport, removeTempDirs, repoRoot, run, snapshot, tempDir, writeFile } from './helpers.js';

afterAll(removeTempDirs);

const zhAvsessionPage = readFileSync(join(repoRoot, 'docs-source/zh-cn/apis-avsession-kit/errorcode-avsession.md'), 'utf8');
const samplePage = page({
  kit: 'Sample Kit',
  codes: [
    { code: 900001, title: 'First Failure', message: 'First failure.' },
    { code: 900002, title: 'Second Failure', message: 'Second failure.', system: true },
  ],
});

/** A project folder with docs in two locales and two modules. */
function project(): string {
  return tempDir({
    'docs/en/apis-avsession-kit/errorcode-avsession.md': avsessionPage,
    'docs/zh-cn/apis-avsession-kit/errorcode-avsession.md': zhAvsessionPage,
    'docs/en/apis-sample-kit/errorcode-sample.md': samplePage,
  });
}

// The cache is tested on its own below; these runs judge the output alone.
const build = (cwd: string, ...extra: string[]) => run(['build', '--docs', 'docs', '--out', 'packages', '--jobs', '1', '--no-cache', ...extra], cwd);

function readStored(cwd: string): unknown {
  return JSON.parse(readFileSync(join(cwd, 'packages/error-catalogue/catalogue.json'), 'utf8'));
}

function readCatalogue(cwd: string): Catalogue {
  return decodeCatalogue(readStored(cwd) as Catalogue);
}

describe('errcat build', () => {
  let cwd: string;
  let first: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    cwd = project();
    first = await build(cwd);
  });

  it('writes a valid catalogue, its package and the name map, and says what it did', () => {
    expect(first.stderr).not.toMatch(/^\d+:\d+ +error /m);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^errcat build: 2 modules, 66 codes \(63 public, 3 system\), 2 locales \(en, zh-CN\); (\d+) written, 0 unchanged\n$/,
    );
    // The file is valid against the schema of catalogue.json, and what it reads back as against the catalogue's.
    expect(validateCatalogueFile(readStored(cwd))).toEqual([]);
    const catalogue = readCatalogue(cwd);
    expect(validateCatalogue(catalogue)).toEqual([]);
    expect(catalogue.locales).toEqual(['en', 'zh-CN']);
    const avsession = catalogue.modules.avsession!;
    expect(avsession.kitFolder).toBe('apis-avsession-kit');
    expect(avsession.counts).toEqual({ total: 64, public: 62, system: 2 });
    expect(avsession.sources).toEqual({
      en: 'docs/en/apis-avsession-kit/errorcode-avsession.md',
      'zh-CN': 'docs/zh-cn/apis-avsession-kit/errorcode-avsession.md',
    });
    expect(catalogue.modules.sample!.kitFolder).toBe('apis-sample-kit');
    const manifest = JSON.parse(readFileSync(join(cwd, 'packages/error-catalogue/package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: '@errcat/error-catalogue', exports: { './catalogue.json': './catalogue.json' }, files: ['lib', 'catalogue.json'] });
    expect(manifest.dependencies).toEqual({ '@errcat/avsession': '^0.1.0', '@errcat/runtime': '^0.1.0', '@errcat/sample': '^0.1.0' });
    expect(readFileSync(join(cwd, 'packages/error-catalogue/README.md'), 'utf8')).toContain('- `docs/en/apis-sample-kit/errorcode-sample.md`');
    const names = readFileSync(join(cwd, 'docs/errcat.names.json'), 'utf8');
    expect(names.endsWith('\n')).toBe(true);
    expect(JSON.parse(names)).toBeTypeOf('object');
    const written = Number(/(\d+) written/.exec(first.stdout)![1]);
    expect(written).toBe(snapshot(join(cwd, 'packages')).size + 1);
  });

  it('with --timings, says on stderr how long each step took', async () => {
    const cwd = project();
    const result = await build(cwd, '--timings');
    expect(result.code).toBe(0);
    const line = /^errcat build: took (\d+\.\d{3}) s \((.*)\)$/m.exec(result.stderr);
    expect(line, result.stderr).not.toBeNull();
    const steps = line![2]!.split(', ').map((step) => step.split(' ')[0]);
    expect(steps).toEqual(['read', 'hash', 'parse', 'merge', 'load', 'validate', 'generate', 'plan', 'commit', 'stamp']);
  });

  it('rewrites nothing on a second run: same bytes, same mtimes', async () => {
    const before = snapshot(cwd);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await build(cwd);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/; 0 written, \d+ unchanged\n$/);
    expect(snapshot(cwd)).toEqual(before);
  });

  it('--check passes on fresh output, and names stale and missing files without writing', async () => {
    const fresh = await build(cwd, '--check');
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/^errcat build --check: 2 modules, .*; all \d+ files up to date\n$/);
    const edited = project();
    await build(edited);
    const page = join(edited, 'docs/en/apis-sample-kit/errorcode-sample.md');
    writeFileSync(page, readFileSync(page, 'utf8').replace('First failure.', 'First failure, reworded.'));
    rmSync(join(edited, 'packages/error-catalogue/README.md'));
    const before = snapshot(edited);
    const stale = await build(edited, '--check');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('stale    packages/error-catalogue/catalogue.json\n');
    expect(stale.stdout).toContain('missing  packages/error-catalogue/README.md\n');
    expect(stale.stdout).toMatch(/errcat build --check: \d+ files? out of date; run 'errcat build'\n$/);
    expect(snapshot(edited)).toEqual(before);
  });

  it('keeps the version changesets gave a generated package, and its CHANGELOG', async () => {
    const dir = project();
    expect((await build(dir)).code).toBe(0);
    const manifestFile = join(dir, 'packages/avsession/package.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { version: string };
    writeFileSync(manifestFile, readFileSync(manifestFile, 'utf8').replace(`"version": "${manifest.version}"`, '"version": "3.1.4"'));
    writeFileSync(join(dir, 'packages/avsession/CHANGELOG.md'), '# @errcat/avsession\n\n## 3.1.4\n');
    // As `changeset version` does, the package that depends on it follows.
    const catalogueManifest = join(dir, 'packages/error-catalogue/package.json');
    writeFileSync(catalogueManifest, readFileSync(catalogueManifest, 'utf8').replace(`"@errcat/avsession": "^${manifest.version}"`, '"@errcat/avsession": "^3.1.4"'));
    expect((await build(dir, '--check')).code).toBe(0);
    expect((await build(dir)).code).toBe(0);
    expect(JSON.parse(readFileSync(manifestFile, 'utf8'))).toMatchObject({ version: '3.1.4' });
    expect(readFileSync(join(dir, 'packages/avsession/CHANGELOG.md'), 'utf8')).toContain('## 3.1.4');
  });

  it('with its cache, stops early when nothing changed and rebuilds when a page or an output changed', async () => {
    const dir = project();
    const cached = () => run(['build', '--docs', 'docs', '--out', 'packages', '--jobs', '1'], dir);
    const first = await cached();
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/; \d+ written, 0 unchanged\n$/);
    const output = snapshot(join(dir, 'packages'));
    const again = await cached();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing changed since the last build/);
    // The first build reported its diagnostics; an unchanged one says how many and where to see them.
    const firstReport = parseReport(first.stderr);
    expect(firstReport.diagnostics.length).toBeGreaterThan(0);
    const counts = (severity: string) => firstReport.diagnostics.filter((diagnostic) => diagnostic.severity === severity).length;
    expect(counts('warning')).toBe(0);
    expect(again.stderr).toBe(`errcat build: the pages have ${counts('info')} info; run 'errcat check' to see them\n`);
    expect(`${again.stdout}${again.stderr}`.trimEnd().split('\n').length).toBeLessThanOrEqual(5);
    expect(snapshot(join(dir, 'packages'))).toEqual(output);

    const readme = join(dir, 'packages/avsession/README.md');
    writeFileSync(readme, 'edited by hand\n');
    const repaired = await cached();
    expect(repaired.stdout).toMatch(/; 1 written, \d+ unchanged\n$/);
    const bytes = (root: string) => new Map([...snapshot(join(root, 'packages'))].map(([path, file]) => [path, file.bytes]));
    expect(bytes(dir)).toEqual(new Map([...output].map(([path, file]) => [path, file.bytes])));

    const pageFile = join(dir, 'docs/en/apis-sample-kit/errorcode-sample.md');
    writeFileSync(pageFile, readFileSync(pageFile, 'utf8').replace(/^(## \d+ )/m, '$1Renamed '));
    const changed = await cached();
    expect(changed.code).toBe(0);
    expect(changed.stdout).toMatch(/; [1-9]\d* written, \d+ unchanged\n$/);
    // What the cache gave equals a build from nothing but the same docs (name map included).
    const fresh = tempDir();
    cpSync(join(dir, 'docs'), join(fresh, 'docs'), { recursive: true });
    expect((await run(['build', '--docs', 'docs', '--out', 'packages', '--no-cache'], fresh)).code).toBe(0);
    expect(bytes(dir)).toEqual(bytes(fresh));
  });

  it('removes what an earlier build wrote for a page that is gone, and --check names it first', async () => {
    const shrunk = project();
    await build(shrunk);
    const sampleFiles = [...snapshot(join(shrunk, 'packages')).keys()].filter((path) => !path.startsWith('error-catalogue/') && !path.startsWith('avsession/') && !path.startsWith('runtime/') && !path.startsWith('.errcat'));
    expect(sampleFiles.length).toBeGreaterThan(0);
    rmSync(join(shrunk, 'docs/en/apis-sample-kit'), { recursive: true });
    const check = await build(shrunk, '--check');
    expect(check.code).toBe(1);
    for (const path of sampleFiles) expect(check.stdout).toContain(`orphan   packages/${path}\n`);
    const result = await build(shrunk);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`, ${sampleFiles.length} removed\\n$`));
    const left = [...snapshot(join(shrunk, 'packages')).keys()];
    expect(left.filter((path) => sampleFiles.includes(path))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(shrunk, 'packages/.errcat-manifest.json'), 'utf8')) as { files: string[] };
    expect(manifest.files).toEqual(left.filter((path) => path !== '.errcat-manifest.json'));
    expect((await build(shrunk, '--check')).code).toBe(0);
  });

  it('leaves the previous output byte for byte when a page has an error', async () => {
    const broken = project();
    await build(broken);
    const before = snapshot(broken);
    writeFile(join(broken, 'docs/en/apis-sample-kit/errorcode-sample.md'), `${samplePage}\n<!--Del-->\n\n## 900003 Unclosed\n\nText.\n`);
    const result = await build(broken);
    expect(result.code).toBe(1);
    expect(parseReport(result.stderr).diagnostics).toContainEqual(expect.objectContaining({ file: 'docs/en/apis-sample-kit/errorcode-sample.md', severity: 'error', ruleId: 'unbalanced-del' }));
    expect(result.stderr).toMatch(/errcat build: [1-9]\d* errors?, .*; nothing written\n$/);
    const after = snapshot(broken);
    after.delete('docs/en/apis-sample-kit/errorcode-sample.md');
    before.delete('docs/en/apis-sample-kit/errorcode-sample.md');
    expect(after).toEqual(before);
  });

  it('leaves the previous output when a page is not UTF-8, naming it in one line', async () => {
    const bad = project();
    await build(bad);
    writeFile(join(bad, 'docs/en/apis-sample-kit/errorcode-latin.md'), Buffer.from('# Caf\xe9\n', 'latin1'));
    const before = snapshot(join(bad, 'packages'));
    const result = await build(bad);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'errcat build: docs/en/apis-sample-kit/errorcode-latin.md:1:6: not valid UTF-8\n' });
    expect(snapshot(join(bad, 'packages'))).toEqual(before);
  });

  it('changes nothing when a destination cannot be written (exit 3)', async () => {
    const blocked = project();
    await build(blocked);
    writeFile(join(blocked, 'docs/en/apis-sample-kit/errorcode-sample.md'), samplePage.replace('First failure.', 'Changed.'));
    rmSync(join(blocked, 'packages/error-catalogue'), { recursive: true });
    writeFile(join(blocked, 'packages/error-catalogue'), 'a file where the package folder goes\n');
    const before = snapshot(blocked);
    const result = await build(blocked);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^errcat build: cannot write packages\/error-catalogue\/\S+: a file is in the way of a folder\n$/m);
    expect(snapshot(blocked)).toEqual(before);
  });

  it('strips a BOM, warns about pages outside a locale folder, and reads errcat.config.json', async () => {
    const cwd = tempDir({
      'docs/en/apis-sample-kit/errorcode-sample.md': `\uFEFF${samplePage}`,
      'docs/errorcode-stray.md': samplePage,
      'docs/errcat.config.json': JSON.stringify({ defaultLocale: 'zh_CN' }),
    });
    const result = await build(cwd);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^docs\/errorcode-stray\.md\n1:1 +warning +page skipped: pages belong in a locale folder \(<docs>\/<locale>\/…\) +page-outside-locale$/m);
    const catalogue = readCatalogue(cwd);
    expect(catalogue.defaultLocale).toBe('zh-CN');
    expect(catalogue.modules.sample!.titles.en).toBe('Sample Error Codes');
  });

  it('rejects a missing docs folder, an empty one and a bad config in one line', async () => {
    const cwd = tempDir({ 'empty/readme.md': 'x', 'bad/errcat.config.json': '{\n  "borrowed": [1,\n}\n', 'bad/en/errorcode-x.md': samplePage });
    expect(await run(['build', '--docs', 'nope'], cwd)).toEqual({ code: 2, stdout: '', stderr: 'errcat build: nope: docs folder does not exist\n' });
    expect((await run(['build', '--docs', 'empty'], cwd)).stderr).toBe('errcat build: empty: holds no <locale>/**/errorcode-*.md page\n');
    expect((await run(['build', '--docs', 'bad'], cwd)).stderr).toBe('errcat build: bad/errcat.config.json:3:1: not valid JSON (unexpected "}")\n');
    writeFileSync(join(cwd, 'bad/errcat.config.json'), '{ "borowed": {} }');
    expect((await run(['build', '--docs', 'bad'], cwd)).stderr).toBe(
      'errcat build: bad/errcat.config.json: unknown key "borowed" (known: defaultLocale, borrowed, names, packages)\n',
    );
    writeFileSync(join(cwd, 'bad/errcat.config.json'), '{ "borrowed": { "x": ["12"] } }');
    expect((await run(['build', '--docs', 'bad'], cwd)).stderr).toBe('errcat build: bad/errcat.config.json: "borrowed.x" must be an array of integer codes\n');
    expect((await run(['build', 'docs'], cwd)).code).toBe(2);
  });

  it('refuses a page whose file name makes a module name that is no folder name', async () => {
    const cwd = tempDir({ 'docs/en/kit/errorcode-...md': samplePage });
    const result = await build(cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'errcat build: docs/en/kit/errorcode-...md: module name ".." (from the file name) must start with a letter or digit and hold only letters, digits, ".", "_" and "-"\n',
    );
    expect(snapshot(cwd).size).toBe(1);
  });

  it('says so when such a file is a revision saved for errcat diff', async () => {
    const cwd = tempDir({ 'docs/en/kit/errorcode-x.md': samplePage, 'docs/en/kit/errorcode-x@1302b843.md': samplePage });
    const result = await build(cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'errcat build: docs/en/kit/errorcode-x@1302b843.md: module name "x@1302b843" (from the file name) must start with a letter or digit and hold only letters, digits, ".", "_" and "-"; it looks like a saved revision of errorcode-x.md: keep such files outside the docs folder (errcat diff reads them from anywhere)\n',
    );
    expect(snapshot(cwd).size).toBe(2);
  });

  it("builds the repository's docs-source: AVSession has 64 codes, 2 of them system-only", async () => {
    const cwd = tempDir();
    cpSync(join(repoRoot, 'docs-source'), join(cwd, 'docs-source'), { recursive: true });
    const result = await run(['build', '--jobs', '1'], cwd);
    expect(result.code).toBe(0);
    const catalogue = readCatalogue(cwd);
    const avsession = catalogue.modules.avsession!;
    expect(avsession.counts).toEqual({ total: 64, public: 62, system: 2 });
    expect(avsession.metadata.kit).toBe('AVSession Kit');
    expect(avsession.metadata.subsystem).toBe('Multimedia');
    const system = avsession.codes.filter((code) => catalogue.errors[String(code)]!.visibility === 'system');
    expect(system).toEqual([6600104, 6600108]);
  });

  it('finds the committed packages/ and name map up to date with docs-source/ (run `pnpm errcat build` after changing pages or generators)', async () => {
    const result = await run(['build', '--check', '--jobs', '1'], repoRoot);
    expect(result.stdout).toMatch(/all \d+ files up to date\n$/);
    expect(result.code).toBe(0);
  });
});
