import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '@errcat/schema';
import { build, type BuildResult } from '../src/index.js';
import { build as compiledBuild } from '../dist/index.js';
import { currentCorpusPages } from '../../testing/corpus.js';
import { removeTempDirs, snapshot, tempDir, writeFile } from '../../testing/files.js';

afterAll(removeTempDirs);

// Six modules of the corpus with a page in both locales, and a seventh given its English page only.
const pages = currentCorpusPages();
const names = [...new Set(pages.map((page) => page.path.split('/').at(-1)!))].filter((name) => pages.filter((page) => page.path.endsWith(`/${name}`)).length === 2);
const bothLocales = names.slice(0, 6);
const englishOnly = pages.find((page) => page.path.startsWith('en/') && page.path.endsWith(`/${names[6]}`));

/** A project with those pages under docs/. */
function project(): string {
  const files: Record<string, string> = {};
  for (const page of pages) {
    const name = page.path.split('/').at(-1)!;
    if (bothLocales.includes(name) || page === englishOnly) files[`docs/${page.path}`] = page.source;
  }
  return tempDir(files);
}

const pageOf = (cwd: string, locale: string, name: string) => {
  const page = pages.find((candidate) => candidate.path.startsWith(`${locale}/`) && candidate.path.endsWith(`/${name}`))!;
  return join(cwd, 'docs', page.path);
};

// With more than one job, a build parses in worker threads, which start from the compiled files.
const run = (cwd: string, cache = join(cwd, 'cache'), jobs = 1) =>
  (jobs === 1 ? build : compiledBuild)({ docsDir: join(cwd, 'docs'), outDir: join(cwd, 'packages'), cacheDir: cache, cwd, jobs });

/** Output and name map, bytes by path. */
const output = (cwd: string) => {
  const files = new Map([...snapshot(join(cwd, 'packages'))].map(([path, file]) => [path, file.bytes]));
  files.set('names', readFileSync(join(cwd, 'docs/errcat.names.json'), 'base64'));
  return files;
};

const sorted = (diagnostics: readonly Diagnostic[]) => diagnostics.map((diagnostic) => JSON.stringify(diagnostic)).sort();

/**
 * Build `cwd` again, and a copy of its docs (as they are now) from nothing: both must give the
 * same output, diagnostics and summary.
 */
async function rebuildAndCompare(cwd: string, jobs = 1): Promise<BuildResult> {
  const fresh = tempDir();
  cpSync(join(cwd, 'docs'), join(fresh, 'docs'), { recursive: true });
  const again = await run(cwd, undefined, jobs);
  const whole = await run(fresh);
  expect(again.outcome).toBe(whole.outcome);
  expect(sorted(again.diagnostics)).toEqual(sorted(whole.diagnostics));
  if (again.outcome === 'written' && whole.outcome === 'written') {
    expect(again.summary).toEqual(whole.summary);
    expect(output(cwd)).toEqual(output(fresh));
  }
  return again;
}

describe('a rebuild after pages changed', () => {
  let cwd: string;
  beforeAll(async () => {
    expect(bothLocales.length).toBe(6);
    expect(englishOnly).toBeDefined();
    cwd = project();
    expect((await run(cwd)).outcome).toBe('written');
  });

  it('redoes only the module whose page changed, and gives what a whole build gives', async () => {
    const file = pageOf(cwd, 'en', bothLocales[1]!);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nReworded for the test.\n`);
    const result = await rebuildAndCompare(cwd);
    expect(result.outcome).toBe('written');
    expect(result.outcome === 'written' && result.redone).toEqual([bothLocales[1]!.replace(/^errorcode-|\.md$/g, '')]);
    expect((await run(cwd)).outcome).toBe('up-to-date');
  });

  it('redoes everything when a changed page takes a code another module documents', async () => {
    const taken = JSON.parse(readFileSync(join(cwd, 'packages/error-catalogue/catalogue.json'), 'utf8')) as { modules: Record<string, { codes: number[] }> };
    const other = taken.modules[bothLocales[0]!.replace(/^errorcode-|\.md$/g, '')]!.codes[0]!;
    const file = pageOf(cwd, 'en', bothLocales[2]!);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^(#{2,3} )(\d+)/m, (_match, hashes: string) => `${hashes}${other}`));
    const result = await rebuildAndCompare(cwd);
    // The second owner is an error, reported the same way as by a whole build.
    expect(result.outcome).toBe('failed');
    expect(result.diagnostics.map((diagnostic) => diagnostic.ruleId)).toContain('code-claimed-twice');
    // Back as it was: the last build that wrote anything had these very inputs.
    writeFileSync(file, text);
    expect((await run(cwd)).outcome).toBe('up-to-date');
  });

  it('redoes everything when the changed module lacks a locale the catalogue has', async () => {
    const file = join(cwd, 'docs', englishOnly!.path);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nReworded for the test.\n`);
    const result = await rebuildAndCompare(cwd);
    expect(result.outcome === 'written' && result.redone).toBeUndefined();
  });

  it('redoes everything when an output of an unchanged module was changed on disk, and restores it', async () => {
    const catalogue = JSON.parse(readFileSync(join(cwd, 'packages/error-catalogue/catalogue.json'), 'utf8')) as { modules: Record<string, unknown> };
    const untouched = Object.keys(catalogue.modules)[0]!;
    writeFile(join(cwd, 'packages', untouched, 'README.md'), 'edited by hand\n');
    const file = pageOf(cwd, 'zh-cn', bothLocales[3]!);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n`);
    const result = await rebuildAndCompare(cwd);
    expect(result.outcome === 'written' && result.redone).toBeUndefined();
    expect(readFileSync(join(cwd, 'packages', untouched, 'README.md'), 'utf8')).not.toBe('edited by hand\n');
  });

  it('parses the changed pages in a worker when it may use two threads, and gives what a whole build gives', async () => {
    // The compiled build is other code than the sources: its first build is whole.
    expect((await run(cwd, undefined, 2)).outcome).toBe('written');
    const file = pageOf(cwd, 'zh-cn', bothLocales[2]!);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n在测试中改写。\n`);
    const result = await rebuildAndCompare(cwd, 2);
    expect(result.outcome === 'written' && result.redone).toEqual([bothLocales[2]!.replace(/^errorcode-|\.md$/g, '')]);
    // Back to the sources' build for the tests after this one.
    expect((await run(cwd)).outcome).toBe('written');
  });

  it('shows another code in the catalogue README when the one it showed is gone, as a whole build would', async () => {
    const catalogueFile = join(cwd, 'packages/error-catalogue/catalogue.json');
    const before = JSON.parse(readFileSync(catalogueFile, 'utf8')) as { errors: Record<string, { module: string; visibility: string }> };
    const [shown, entry] = Object.entries(before.errors).find(([, candidate]) => candidate.visibility === 'public')!;
    const readme = () => readFileSync(join(cwd, 'packages/error-catalogue/README.md'), 'utf8');
    expect(readme()).toContain(`await describe({ code: ${shown} });`);
    const name = bothLocales.find((candidate) => candidate.replace(/^errorcode-|\.md$/g, '') === entry.module)!;
    expect(name).toBeDefined();
    // Its section goes from both pages: from its heading to the next code's.
    for (const locale of ['en', 'zh-cn']) {
      const page = pageOf(cwd, locale, name);
      const text = readFileSync(page, 'utf8');
      const start = text.search(new RegExp(`^#{2,3} ${shown}\\b`, 'm'));
      expect(start).toBeGreaterThan(0);
      const next = text.slice(start + 1).search(/^#{2,3} \d/m);
      writeFileSync(page, text.slice(0, start) + (next < 0 ? '' : text.slice(start + 1 + next)));
    }
    const result = await rebuildAndCompare(cwd);
    expect(result.outcome === 'written' && result.redone).toEqual([entry.module]);
    expect(readme()).not.toContain(`await describe({ code: ${shown} });`);
    expect(readme()).toMatch(/await describe\(\{ code: \d+ \}\);/);
  });

  it('redoes two changed modules together, then one again', async () => {
    for (const name of [bothLocales[4]!, bothLocales[5]!]) {
      const file = pageOf(cwd, 'zh-cn', name);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/\n\n/, '\n\n<!-- edited -->\n\n'));
    }
    const both = await rebuildAndCompare(cwd);
    expect(both.outcome === 'written' && both.redone).toEqual([bothLocales[4]!, bothLocales[5]!].map((name) => name.replace(/^errorcode-|\.md$/g, '')).sort());
    const file = pageOf(cwd, 'en', bothLocales[4]!);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nOnce more.\n`);
    const one = await rebuildAndCompare(cwd);
    expect(one.outcome === 'written' && one.redone).toEqual([bothLocales[4]!.replace(/^errorcode-|\.md$/g, '')]);
  });
});

describe('a rebuild after a name got better', () => {
  const sample = (title: string) =>
    ['# Sample Error Codes', '', `## 900001${title}`, '', '**Error Message**', '', '', '**Description**', '', 'Something happened.', ''].join('\n');

  it('redoes the module that reported a new alias once more, without the report, as a whole build would', async () => {
    const cwd = project();
    writeFile(join(cwd, 'docs/en/apis-sample-kit/errorcode-sample.md'), sample(''));
    writeFile(join(cwd, 'docs/zh-cn/apis-sample-kit/errorcode-sample.md'), sample(''));
    expect((await run(cwd)).diagnostics.map((diagnostic) => diagnostic.ruleId)).toContain('placeholder-name');
    writeFileSync(join(cwd, 'docs/en/apis-sample-kit/errorcode-sample.md'), sample(' First Failure'));
    const renamed = await rebuildAndCompare(cwd);
    expect(renamed.diagnostics.map((diagnostic) => diagnostic.ruleId)).toContain('name-alias-added');
    expect(renamed.outcome === 'written' && renamed.redone).toEqual(['sample']);
    // Another module changes: the sample module is redone too (its names were recorded since), and says nothing of aliases.
    const file = pageOf(cwd, 'en', bothLocales[0]!);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nOne more sentence.\n`);
    const next = await rebuildAndCompare(cwd);
    expect(next.outcome === 'written' && next.redone).toEqual([bothLocales[0]!.replace(/^errorcode-|\.md$/g, ''), 'sample'].sort());
    expect(next.diagnostics.map((diagnostic) => diagnostic.ruleId)).not.toContain('name-alias-added');
  });
});

describe('a whole build in worker threads', () => {
  it('writes what a build on one thread writes, with its package folders written by the workers, and its caches serve a later whole build', async () => {
    const threaded = project();
    const single = project();
    const threshold = process.env['ERRCAT_PARALLEL_MIN_BYTES'];
    // Workers however little Markdown there is: they write each package folder ahead into the staging area, and the generate cache.
    process.env['ERRCAT_PARALLEL_MIN_BYTES'] = '0';
    try {
      expect((await run(threaded, undefined, 2)).outcome).toBe('written');
      expect((await run(single)).outcome).toBe('written');
      expect(output(threaded)).toEqual(output(single));
      expect(readdirSync(threaded).filter((name) => name.startsWith('.errcat-'))).toEqual([]);
      // Output and stamp gone: a whole build again, every page and module from what the workers cached.
      rmSync(join(threaded, 'packages'), { recursive: true });
      for (const name of readdirSync(join(threaded, 'cache'))) if (name.startsWith('build-')) rmSync(join(threaded, 'cache', name));
      expect((await run(threaded, undefined, 2)).outcome).toBe('written');
      expect(output(threaded)).toEqual(output(single));
    } finally {
      if (threshold === undefined) delete process.env['ERRCAT_PARALLEL_MIN_BYTES'];
      else process.env['ERRCAT_PARALLEL_MIN_BYTES'] = threshold;
    }
  });
});
