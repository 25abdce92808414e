import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ErrorEntry } from '@errcat/schema';
import { corpusDir } from '../../testing/corpus.js';
import { parse } from '../src/index.js';

// Our own Chinese edition of the AVSession page must mirror the English page it translates.
const englishPath = 'docs-source/en/apis-avsession-kit/errorcode-avsession.md';
const chinesePath = 'docs-source/zh-cn/apis-avsession-kit/errorcode-avsession.md';
const repoRoot = new URL('../../../', import.meta.url);
const readRepoFile = (path: string) => readFileSync(fileURLToPath(new URL(path, repoRoot)));

const englishSource = readRepoFile(englishPath).toString('utf8');
const chineseBytes = readRepoFile(chinesePath);
const chineseSource = chineseBytes.toString('utf8');
const english = parse(englishSource, { path: englishPath });
const chinese = parse(chineseSource, { path: chinesePath });

/** The older Chinese pages of the corpus, which our translation must not borrow from. */
const corpusChinesePages = [
  'zh-cn/apis-avsession-kit/errorcode-avsession.md',
  'zh-cn/errorcodes/errorcode-avsession.md',
];

const englishToChineseLabels: Record<string, string> = {
  'Error Message': '错误信息',
  Description: '错误描述',
  'Possible Causes': '可能原因',
  Solution: '处理步骤',
};

const hanCharacter = /\p{Script=Han}/u;

/** One entry as read line by line, without the parser, to cross-check it. */
interface PlainEntry {
  code: number;
  labels: string[];
  message: string;
  insideDel: boolean;
}

/** Read code headings, labels, message bodies and Del regions straight from the lines. */
function readPlainEntries(source: string): PlainEntry[] {
  const entries: PlainEntry[] = [];
  let insideDel = false;
  let currentLabel: string | undefined;
  for (const line of source.split('\n')) {
    if (line.trim() === '<!--Del-->') insideDel = true;
    else if (line.trim() === '<!--DelEnd-->') insideDel = false;
    const heading = /^## (\d+) /.exec(line);
    const label = /^\*\*(.+)\*\*$/.exec(line);
    const current = entries.at(-1);
    if (heading) {
      entries.push({ code: Number(heading[1]), labels: [], message: '', insideDel });
      currentLabel = undefined;
    } else if (label && current) {
      currentLabel = label[1]!;
      current.labels.push(currentLabel);
    } else if (current && line.trim() !== '' && (currentLabel === 'Error Message' || currentLabel === '错误信息')) {
      current.message = current.message === '' ? line : `${current.message}\n${line}`;
    }
  }
  return entries;
}

/** Links, inline code and `${…}` placeholders, which a translation keeps unchanged. */
function untranslatableTokens(markdown: string): string[] {
  const links = [...markdown.matchAll(/\]\(([^)]+)\)/g)].map((match) => `link:${match[1]}`);
  const code = [...markdown.matchAll(/`[^`]+`/g)].map((match) => `code:${match[0]}`);
  const placeholders = [...markdown.matchAll(/\$\{[^}]*\}/g)].map((match) => `placeholder:${match[0]}`);
  return [...links, ...code, ...placeholders].sort();
}

const entryTexts = (entry: ErrorEntry) => [entry.title, entry.description, ...entry.causes, ...entry.solutions];

describe(`${chinesePath} against ${englishPath}`, () => {
  it('is UTF-8 with LF line endings and one trailing newline', () => {
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(chineseBytes)).not.toThrow();
    expect(chineseSource.charCodeAt(0)).not.toBe(0xfeff);
    expect(chineseSource).not.toContain('\r');
    expect(chineseSource.endsWith('\n')).toBe(true);
    expect(chineseSource.endsWith('\n\n')).toBe(false);
  });

  it('parses cleanly, as does the English page', () => {
    expect(english.diagnostics).toEqual([]);
    expect(chinese.diagnostics).toEqual([]);
    expect(english.document.errors).toHaveLength(64);
  });

  it('has the zh-CN title, locale and the same metadata comments', () => {
    expect(chinese.document.title).toBe('媒体会话管理错误码');
    expect(chinese.document.locale).toBe('zh-CN');
    expect(chinese.document.module).toBe('avsession');
    expect(chinese.document.metadata).toEqual(english.document.metadata);
    expect(chinese.document.metadata.kit).toBe('AVSession Kit');
    expect(chineseSource.split('\n').slice(1, 7)).toEqual([
      '<!--Kit: AVSession Kit-->',
      '<!--Subsystem: Multimedia-->',
      '<!--Owner: @ccfriend; @liao_qian-->',
      '<!--Designer: @ccfriend-->',
      '<!--Tester: @chenmingxi1_huawei-->',
      '<!--Adviser: @zengyawen-->',
    ]);
  });

  it('opens with a 说明 note that links to the universal error codes', () => {
    expect(chinese.document.intro).toMatch(/^> \*\*说明：\*\*\n>\n> .+\]\(\.\.\/errorcode-universal\.md\)。$/);
  });

  it('lists the same codes in the same order', () => {
    const codes = chinese.document.errors.map((entry) => entry.code);
    expect(codes).toEqual(english.document.errors.map((entry) => entry.code));
    expect(readPlainEntries(chineseSource).map((entry) => entry.code)).toEqual(codes);
  });

  it('wraps the same codes in Del blocks, and only the system-only ones', () => {
    const systemCodes = (entries: readonly ErrorEntry[]) =>
      entries.filter((entry) => entry.visibility === 'system').map((entry) => entry.code);
    expect(systemCodes(chinese.document.errors)).toEqual([6600104, 6600108]);
    expect(systemCodes(chinese.document.errors)).toEqual(systemCodes(english.document.errors));
    const plainDelCodes = (source: string) =>
      readPlainEntries(source).filter((entry) => entry.insideDel).map((entry) => entry.code);
    expect(plainDelCodes(chineseSource)).toEqual(plainDelCodes(englishSource));
    const regionLines = (regions: typeof english.document.regions) =>
      regions.map((region) => `${region.name}:${region.end === undefined ? 'open' : 'closed'}`);
    expect(regionLines(chinese.document.regions)).toEqual(regionLines(english.document.regions));
  });

  it('keeps every error message byte for byte', () => {
    const englishPlain = readPlainEntries(englishSource);
    const chinesePlain = readPlainEntries(chineseSource);
    expect(chinesePlain.map((entry) => entry.message)).toEqual(englishPlain.map((entry) => entry.message));
    chinese.document.errors.forEach((entry, index) => {
      expect(entry.messageMarkdown, `${entry.code}`).toBe(english.document.errors[index]!.messageMarkdown);
      expect(entry.message.length, `${entry.code}`).toBeGreaterThan(0);
    });
  });

  it('gives every entry the Chinese labels of the sections its English entry has, in the same order', () => {
    const englishPlain = readPlainEntries(englishSource);
    readPlainEntries(chineseSource).forEach((entry, index) => {
      const expected = englishPlain[index]!.labels.map((label) => englishToChineseLabels[label] ?? `untranslated ${label}`);
      expect(entry.labels, `${entry.code}`).toEqual(expected);
    });
    chinese.document.errors.forEach((entry, index) => {
      const kinds = (candidate: ErrorEntry) => candidate.sections.map((section) => section.kind);
      expect(kinds(entry), `${entry.code}`).toEqual(kinds(english.document.errors[index]!));
    });
  });

  it('keeps the numbered lists with as many items', () => {
    chinese.document.errors.forEach((entry, index) => {
      const source = english.document.errors[index]!;
      expect(entry.causes.length, `${entry.code} causes`).toBe(source.causes.length);
      expect(entry.solutions.length, `${entry.code} solutions`).toBe(source.solutions.length);
      const numbering = (candidate: ErrorEntry) =>
        candidate.sections.map((section) => section.markdown.match(/^\d+\. /gm) ?? []);
      expect(numbering(entry), `${entry.code}`).toEqual(numbering(source));
    });
  });

  it('translates every title, description, cause and step, keeping links, code and placeholders', () => {
    chinese.document.errors.forEach((entry, index) => {
      const source = english.document.errors[index]!;
      for (const text of entryTexts(entry)) {
        if (text !== '') expect(text, `${entry.code}`).toMatch(hanCharacter);
      }
      expect(entry.description === '', `${entry.code}`).toBe(source.description === '');
      const tokens = (candidate: ErrorEntry) => untranslatableTokens(entryTexts(candidate).join('\n'));
      expect(tokens(entry), `${entry.code}`).toEqual(tokens(source));
    });
    expect(untranslatableTokens(chinese.document.intro)).toEqual(untranslatableTokens(english.document.intro));
  });

  it('shares with the older Chinese pages of the corpus only blank lines, labels, messages and code headings', () => {
    const englishMessages = new Set(readPlainEntries(englishSource).map((entry) => entry.message));
    // The page title and the note label are fixed by the zh-cn page format.
    const fixedByFormat = new Set(['# 媒体会话管理错误码', '> **说明：**']);
    const trivial = (line: string) =>
      line.trim() === '' ||
      fixedByFormat.has(line) ||
      /^\*\*[^*]+\*\*$/.test(line) ||
      englishMessages.has(line) ||
      /^<!--(Del|DelEnd)-->$/.test(line) ||
      /^> ?$/.test(line) ||
      /^## \d+ \S{1,12}$/.test(line);
    const ourLines = new Set(chineseSource.replace(/\r\n?/g, '\n').split('\n'));
    const shared = new Set<string>();
    for (const path of corpusChinesePages) {
      const corpusLines = readFileSync(`${corpusDir}${path}`, 'utf8').replace(/\r\n?/g, '\n').split('\n');
      for (const line of corpusLines) if (ourLines.has(line)) shared.add(line);
    }
    expect([...shared].filter((line) => !trivial(line))).toEqual([]);
  });
});
