import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAndRedact, parseMarkdown } from '@errcat/parser';
import { caseSeed, checkPage, makeCase, Random, runFuzz } from '../src/index.js';
import { corpusPages } from '../../testing/corpus.js';

const pages = [
  { path: 'en/a/errorcode-a.md', source: '# A Error Codes\n\n## 1001 One\n\n**Error Message**\n\nOne.\n\n<!--Del-->\n## 1002 Two\n\n**Error Message**\n\nTwo.\n<!--DelEnd-->\n\n## 1003 Three\n\n**Error Message**\n\nThree.\n' },
  { path: 'zh-cn/b/errorcode-b.md', source: '# B 错误码\n\n| 错误码数值 | 错误码定义 | 错误码描述 |\n| --- | --- | --- |\n| 1 | EPERM | 操作不被允许。 |\n' },
];
const page = pages[0]!;

describe('cases', () => {
  it('are the same for the same seed and case, and differ between cases', () => {
    expect(makeCase(pages, caseSeed(7, 3))).toEqual(makeCase(pages, caseSeed(7, 3)));
    const texts = new Set(Array.from({ length: 50 }, (_unused, index) => makeCase(pages, caseSeed(7, index)).text));
    expect(texts.size).toBeGreaterThan(40);
  });

  it('come from a generator that gives the same numbers for the same seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    const numbers = Array.from({ length: 100 }, () => a.below(1000));
    expect(Array.from({ length: 100 }, () => b.below(1000))).toEqual(numbers);
    expect(new Set(numbers).size).toBeGreaterThan(80);
    expect(numbers.every((n) => n >= 0 && n < 1000)).toBe(true);
  });
});

describe('the checks', () => {
  it('pass the real parser on a page with a Del block', () => {
    expect(checkPage(page.source, page.path)).toEqual({ problems: [], clean: true });
  });

  it('catch a parser whose public page loses a code', () => {
    const broken = {
      parseAndRedact,
      parse: (text: string, options: { path: string }) => {
        const result = parse(text, options);
        return { ...result, document: { ...result.document, errors: result.document.errors.slice(0, -1) } };
      },
    };
    const { problems } = checkPage(page.source, page.path, { parser: broken });
    expect(problems.map((p) => p.check)).toEqual(['redaction']);
    expect(problems[0]!.message).toContain('parse(redact(page)) differs from publicPart(parse(page))');
  });

  it('catch a syntax tree that is not the one remark-parse builds', () => {
    const lossy = (source: string) => {
      const tree = parseMarkdown(source);
      tree.children.pop();
      return tree;
    };
    const { problems } = checkPage(page.source, page.path, { tree: lossy });
    expect(problems.map((p) => p.check)).toEqual(['tree']);
    expect(problems[0]!.message).toContain("the syntax tree differs from remark-parse's");
  });

  it('catch a diagnostic outside the page, a wrong file and a throw', () => {
    const misplaced = {
      parse,
      parseAndRedact: (text: string, options: { path: string }) => {
        const result = parseAndRedact(text, options);
        result.parsed.diagnostics.push(
          { severity: 'info', ruleId: 'made-up', message: 'x', position: { file: options.path, line: 99, column: 1 } },
          { severity: 'info', ruleId: 'made-up', message: 'x', position: { file: 'other.md', line: 1, column: 1 } },
          { severity: 'info', ruleId: 'made-up', message: 'x', position: { file: options.path, line: 1, column: 40 } },
        );
        return result;
      },
    };
    expect(checkPage(page.source, page.path, { parser: misplaced }).problems.map((p) => p.message)).toEqual([
      "diagnostic made-up: line 99 is outside the page's 22 lines",
      'diagnostic made-up: file is "other.md", not "en/a/errorcode-a.md"',
      'diagnostic made-up: column 40 is outside line 1 (15 characters)',
    ]);
    const throwing = { parse, parseAndRedact: () => { throw new RangeError('boom'); } };
    expect(checkPage(page.source, page.path, { parser: throwing }).problems[0]).toMatchObject({ check: 'throws', message: expect.stringContaining('RangeError: boom') });
  });

  it('catch a parser many times slower than the bare remark-parse', () => {
    const slow = {
      parseAndRedact: (text: string, options: { path: string }) => {
        for (let index = 0; index < 30; index++) parse(text, options);
        return parseAndRedact(text, options);
      },
      parse: (text: string, options: { path: string }) => {
        for (let index = 0; index < 30; index++) parse(text, options);
        return parse(text, options);
      },
    };
    const { problems } = checkPage(page.source, page.path, { parser: slow, timing: { maxRatio: 3 } });
    expect(problems.map((p) => p.check)).toEqual(['time']);
  });

  it('run a whole fuzz run, counting cases without errors', () => {
    const summary = runFuzz({ pages, cases: 40, seed: 11 });
    expect(summary).toMatchObject({ seed: 11, cases: 40, failures: [] });
    expect(summary.clean).toBeGreaterThan(0);
    expect(runFuzz({ pages, cases: 40, seed: 11, only: [5] }).cases).toBe(1);
  });
});

describe('pnpm fuzz', () => {
  const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'errcat-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', env: { ...process.env, INIT_CWD: dir } });

  it('prints a summary and exits 0 when every case passes', () => {
    const result = run(['--cases', '30', '--seed', '5', '--no-timing']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('errcat fuzz: 30 cases, seed 5');
    expect(result.stdout).toContain('failures: 0');
  });

  it('writes one case of a run to reproduce it, with times against the bare remark-parse', () => {
    const result = run(['--seed', '5', '--case', '7', '--write', 'case.md', '--json', 'summary.json']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`written to ${join(dir, 'case.md')}`);
    expect(readFileSync(join(dir, 'case.md'), 'utf8').length).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/parse ÷ bare remark-parse, processor time: median \d+\.\d\d×/);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toMatchObject({ seed: 5, cases: 1, failures: [] });
  });

  it('exits 2 on a bad option', () => {
    const result = run(['--cases', 'many']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--cases must be an integer, got "many"');
  });
});

describe('the mutations of real pages', () => {
  it('include stray comment openers and closers, markers moved into fences, lists, HTML blocks and tables, both languages’ table headers and codeless headings', () => {
    const corpus = corpusPages().map((page) => ({ path: page.path, source: page.source }));
    const done = Array.from({ length: 2_000 }, (_unused, index) => makeCase(corpus, caseSeed(11, index)).mutations).flat();
    const seen = (pattern: RegExp) => done.filter((what) => pattern.test(what)).length;
    expect(seen(/^insert stray "<!--/)).toBeGreaterThan(20);
    expect(seen(/^insert stray "( ?-->|DelEnd-->)"/)).toBeGreaterThan(20);
    for (const construct of ['a fence', 'a list item', 'an HTML block', 'a table row']) {
      expect(seen(new RegExp(`^move <!--.*--> from line \\d+ .* ${construct} at line`)), construct).toBeGreaterThan(0);
    }
    expect(seen(/table.*"\| 错误码/)).toBeGreaterThan(10);
    expect(seen(/table.*"\| Error Code/)).toBeGreaterThan(10);
    expect(seen(/^insert heading|^drop the code/)).toBeGreaterThan(20);
  });
});
