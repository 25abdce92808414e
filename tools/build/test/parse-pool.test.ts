import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeDocuments } from '@errcat/catalogue';
import { moduleJobKey, printModule, startGeneration } from '@errcat/generate';
import { parse } from '@errcat/parser';
import { currentCorpusPages } from '../../testing/corpus.js';
// The pool starts worker threads from compiled files, so the test loads the build output.
import { makeBatches, parsePages, startParsePool } from '../dist/parse-pool.js';
import { diskGenerateCache, generateCacheFolder } from '../dist/generate-cache.js';
import { hashContent } from '../dist/output-index.js';

const pages = currentCorpusPages().map((page) => ({ source: page.source, options: { path: page.path } }));
const cacheDir = mkdtempSync(join(tmpdir(), 'errcat-parse-cache-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('parsePages', () => {
  const expected = pages.map((page) => parse(page.source, page.options));

  it('gives in worker threads exactly what parse gives in-process, in input order', async () => {
    const { results, stats } = await parsePages(pages, { maxWorkers: 2, parallelThreshold: 0 });
    expect(stats.workers).toBe(2);
    expect(stats.parsed).toBe(pages.length);
    expect(results).toEqual(expected);
  });

  it('caches by content: a second run parses nothing, a changed page is parsed again', async () => {
    const first = await parsePages(pages, { cacheDir, maxWorkers: 1 });
    expect(first.stats).toMatchObject({ parsed: pages.length, fromCache: 0 });
    expect(readdirSync(cacheDir).length).toBeGreaterThan(0);
    const second = await parsePages(pages, { cacheDir, maxWorkers: 1 });
    expect(second.stats).toMatchObject({ parsed: 0, fromCache: pages.length });
    expect(second.results).toEqual(expected);
    const edited = pages.map((page, index) => (index === 3 ? { ...page, source: `${page.source}\nEdited.\n` } : page));
    const third = await parsePages(edited, { cacheDir, maxWorkers: 1 });
    expect(third.stats).toMatchObject({ parsed: 1, fromCache: pages.length - 1 });
    expect(third.results[3]).toEqual(parse(edited[3]!.source, edited[3]!.options));
  });

  it('uses a pool started before the work: batches in, the cache written by the workers, results in input order', async () => {
    const pooled = mkdtempSync(join(tmpdir(), 'errcat-parse-cache-'));
    const pool = startParsePool(2);
    try {
      const { results, stats } = await parsePages(pages, { pool, cacheDir: pooled, parallelThreshold: 0 });
      expect(stats).toMatchObject({ workers: 2, parsed: pages.length, fromCache: 0 });
      expect(results).toEqual(expected);
      // The workers write the cache after the last batch, while this thread goes on; settle waits for it.
      await pool.settle();
      expect(readdirSync(pooled).length).toBeGreaterThan(0);
      // The same pool serves a second call; everything now comes from what the workers cached.
      const again = await parsePages(pages, { pool, cacheDir: pooled, parallelThreshold: 0 });
      expect(again.stats).toMatchObject({ parsed: 0, fromCache: pages.length });
      expect(again.results).toEqual(expected);
    } finally {
      await pool.close();
      rmSync(pooled, { recursive: true, force: true });
    }
  });

  it('parses in a worker for a caller busy meanwhile, however few the pages, and caches without waiting for it', async () => {
    const busyCache = mkdtempSync(join(tmpdir(), 'errcat-parse-cache-'));
    try {
      const few = pages.slice(0, 3);
      const running = parsePages(few, { inWorkers: true, maxWorkers: 1, cacheDir: busyCache });
      // This thread now answers no message: the worker must parse every batch and write its cache alone.
      const cached = () => readdirSync(busyCache, { recursive: true }).filter((name) => String(name).endsWith('.json')).length;
      const deadline = Date.now() + 60_000;
      while (cached() < few.length && Date.now() < deadline) {
        // busy
      }
      expect(cached()).toBe(few.length);
      const { results, stats } = await running;
      expect(stats).toMatchObject({ workers: 1, parsed: few.length });
      expect(results).toEqual(expected.slice(0, 3));
    } finally {
      rmSync(busyCache, { recursive: true, force: true });
    }
  });

  it('writes cache files it is handed on a worker, in order, and settle reports a write that failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'errcat-pool-write-'));
    const pool = startParsePool(2);
    try {
      pool.write([
        { file: join(dir, 'a', 'first.json'), text: '1' },
        { file: join(dir, 'a', 'second.json'), text: '2' },
      ]);
      await pool.settle();
      expect(readFileSync(join(dir, 'a', 'first.json'), 'utf8')).toBe('1');
      expect(readFileSync(join(dir, 'a', 'second.json'), 'utf8')).toBe('2');
      // A file where a folder of the cache must go.
      writeFileSync(join(dir, 'blocked'), '');
      pool.write([{ file: join(dir, 'blocked', 'x.json'), text: '3' }]);
      await expect(pool.settle()).rejects.toThrow(/cannot write the cache/);
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stores generate-cache entries on a worker exactly as the build would here', async () => {
    const here = mkdtempSync(join(tmpdir(), 'errcat-pool-generated-'));
    const there = mkdtempSync(join(tmpdir(), 'errcat-pool-generated-'));
    const files = [
      { path: 'mod/index.mjs', content: 'export const a = "负载";\r\n' },
      { path: 'mod/package.json', content: '{}\n' },
      // Sent as UTF-8: a leading BOM, astral characters and an empty text come back as they were.
      { path: 'mod/README.md', content: '\uFEFF# 𝒳 😀\n' },
      { path: 'mod/empty.txt', content: '' },
    ];
    const pool = startParsePool(2);
    try {
      diskGenerateCache(here).set('k', files);
      diskGenerateCache(there, (entry) => pool.storeGenerated(entry)).set('k', files);
      await pool.settle();
      const read = (dir: string) => diskGenerateCache(dir).get('k')!.map((file) => [file.path, (file as { hash?: string }).hash, file.content]);
      expect(read(there)).toEqual(read(here));
      expect(read(there).map(([, , content]) => content)).toEqual(files.map((file) => file.content));
    } finally {
      await pool.close();
      rmSync(here, { recursive: true, force: true });
      rmSync(there, { recursive: true, force: true });
    }
  });

  it('writes printed modules into a staging area and stores them where the build\'s cache finds them', async () => {
    const { catalogue } = mergeDocuments(expected.map((result) => result.document));
    const { jobs } = startGeneration(catalogue);
    expect(jobs.length).toBeGreaterThan(20);
    const dir = mkdtempSync(join(tmpdir(), 'errcat-pool-printed-'));
    const stageDir = join(dir, 'staging');
    const pool = startParsePool(2);
    try {
      const printed = jobs.map(printModule);
      // Every other module is written ahead into the staging area; every one goes to the cache.
      printed.forEach((files, index) =>
        pool.storePrinted({
          paths: files.map((file) => file.path),
          contents: files.map((file) => file.content),
          ...(index % 2 === 0 && { stageDir }),
          cache: { dir: generateCacheFolder(dir), key: moduleJobKey(jobs[index]!) },
        }),
      );
      await pool.settle();
      const cache = diskGenerateCache(dir);
      expect(cache.empty).toBe(false);
      printed.forEach((files, index) => {
        expect(cache.get(moduleJobKey(jobs[index]!))?.map((file) => [file.path, (file as { hash?: string }).hash, file.content])).toEqual(
          files.map((file) => [file.path, hashContent(file.content), file.content]),
        );
        for (const file of files) {
          const staged = join(stageDir, 'next', ...file.path.split('/'));
          if (index % 2 === 0) expect(readFileSync(staged, 'utf8')).toBe(file.content);
          else expect(() => readFileSync(staged)).toThrow();
        }
      });
      // A staging area that cannot be written to fails the settle.
      writeFileSync(join(dir, 'in-the-way'), '');
      pool.storePrinted({ paths: ['x/y.json'], contents: ['{}'], stageDir: join(dir, 'in-the-way') });
      await expect(pool.settle()).rejects.toThrow(/^cannot write .*in-the-way.*: a file is in the way of a folder$/);
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keys the cache on parse options too', async () => {
    const [page] = pages;
    await parsePages([page!], { cacheDir });
    const other = await parsePages([{ ...page!, options: { ...page!.options, locale: 'zh-cn' } }], { cacheDir });
    expect(other.stats.parsed).toBe(1);
    expect(other.results[0]!.document.locale).toBe('zh-CN');
  });
});

describe('makeBatches', () => {
  const sized = Array.from({ length: 300 }, (_, index) => ({ source: 'x'.repeat(1000 + ((index * 7919) % 40_000)), options: { path: 'p.md' } }));
  const sizeOf = (batch: number[]) => batch.reduce((sum, index) => sum + sized[index]!.source.length, 0);

  it('hands out every page once, in few batches that shrink towards the end', () => {
    const batches = makeBatches(sized, 2);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(sized.map((_, index) => index));
    const total = sizeOf(sized.map((_, index) => index));
    // The first batch is about a quarter of the work (half of it over two workers)…
    expect(sizeOf(batches[0]!)).toBeGreaterThanOrEqual(total / 4);
    expect(sizeOf(batches[0]!)).toBeLessThan(total / 4 + 41_000);
    // …the last ones small, so neither worker waits long for the other; and few messages in all.
    expect(sizeOf(batches.at(-1)!)).toBeLessThan(total / 20);
    expect(batches.length).toBeLessThan(30);
    for (let index = 1; index < batches.length - 1; index++) expect(sizeOf(batches[index]!)).toBeLessThanOrEqual(sizeOf(batches[index - 1]!) + 41_000);
  });

  it('keeps the pages in the order given', () => {
    expect(makeBatches(sized, 2).flat()).toEqual(sized.map((_, index) => index));
  });

  it('gives one batch for a single small page', () => {
    expect(makeBatches([{ source: 'tiny', options: { path: 'p.md' } }], 2)).toEqual([[0]]);
  });
});

