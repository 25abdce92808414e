import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, ErrorDocument } from '@errcat/schema';
import { parse, parseAndRedact, publicPart, redact } from '../src/index.js';

const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (name: string) => readFileSync(`${fixturesDir}${name}/input.md`, 'utf8');
const read = (name: string) => parse(fixture(name), { path: 'x.md' });
const at = (position: { line: number; column: number } | undefined) => (position ? `${position.line}:${position.column}` : undefined);
const summary = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.map((d) => [d.severity, d.ruleId, at(d.position), ...(d.related ? [at(d.related)] : [])]);

/** A document without positions and regions, keys sorted, to compare two parses. */
function content(document: ErrorDocument): string {
  return JSON.stringify(document, (key, value: unknown) => {
    if (key === 'position' || key === 'regions' || key === 'metadataPositions') return undefined;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    return value;
  });
}

describe('tables are found by their content', () => {
  it('reads a Chinese table headed 错误码数值 / 错误码定义 / 错误码描述, negative codes included', () => {
    const { document, diagnostics } = read('table-by-content-zh');
    expect(document.errors.map((e) => [e.code, e.title, e.description, e.fromTable])).toEqual([
      [1, 'EPERM', '操作不被允许。', true],
      [2, 'ENOENT', '文件或目录不存在。', true],
      [11, 'EAGAIN', '资源暂时不可用，请稍后重试。', true],
      [124, 'EMEDIUMTYPE', '介质类型错误。', true],
      [-1, 'EUNKNOWN', '未知错误。', true],
    ]);
    expect(document.metadata).toEqual({ kit: 'Demo Kit', subsystem: 'Kernel' });
    expect(document.intro).toBe('本模块的接口返回以下错误码（数值与 POSIX 一致）。');
    expect(diagnostics).toEqual([]);
  });

  it('reads the English table headed "| Error Code| Name| Description|" the same way', () => {
    const { document, diagnostics } = read('table-by-content-en');
    expect(document.errors.map((e) => [e.code, e.title, e.description])).toEqual([
      [1, 'EPERM', 'Operation not permitted.'],
      [2, 'ENOENT', 'No such file or directory.'],
      [11, 'EAGAIN', 'Resource temporarily unavailable. Try again later.'],
      [124, 'EMEDIUMTYPE', 'Wrong medium type.'],
    ]);
    expect(document.errors[0]!.sections[0]!.position).toMatchObject({ line: 7, column: 15 });
    expect(diagnostics).toEqual([]);
  });

  it('finds a code column that is not first, past a row-number column, under a group heading, and leaves other tables alone', () => {
    const { document, diagnostics } = read('table-code-column-not-first');
    expect(document.errors.map((e) => [e.code, e.title, e.message, e.solutions, e.group])).toEqual([
      [2100001, '`ERR_CONNECT`', 'Failed to connect.', ['Check the network\nand retry.'], 'Connection Errors'],
      [2100002, '`ERR_TIMEOUT`', 'Connection timed out.', ['Retry later.'], 'Connection Errors'],
      [2100003, '`ERR_REFUSED`', 'Connection refused | closed.', ['Check the server.'], 'Connection Errors'],
      [2200001, 'Disk Full', 'The disk is full.', expect.any(Array), 'Storage Errors'],
    ]);
    expect(document.errors[0]!.position).toMatchObject({ line: 16, column: 1 });
    expect(document.errors[0]!.sections.map((s) => [s.kind, s.label])).toEqual([
      ['extra', 'No.'],
      ['message', 'Error Message'],
      ['solutions', 'Solution'],
    ]);
    // The parameter table (numbers in a "Default" column) is not a table of codes; the table inside an entry is its text.
    expect(summary(diagnostics)).toEqual([['warning', 'table-in-entry', '32:1']]);
    expect(diagnostics[0]!.message).toContain('2200002');
  });

  it('reports a table of codes it cannot read, row by row and as a whole, at the cell', () => {
    const { document, diagnostics } = read('table-unreadable');
    expect(document.errors.map((e) => [e.code, e.message])).toEqual([
      [3300003, 'Fine.'],
      [3300004, 'A message with a'],
    ]);
    expect(summary(diagnostics)).toEqual([
      ['error', 'unreadable-table', '5:3'],
      ['error', 'unreadable-table', '12:1', '13:1'],
      ['warning', 'table-row-cells', '19:32'],
      ['warning', 'table-row-without-code', '20:3'],
      ['error', 'invalid-code', '21:3'],
    ]);
    expect(diagnostics[0]!.message).toContain('"0x8001"');
    expect(diagnostics[1]!.message).toContain('no delimiter row');
  });
});

describe('headings that read like entries but have no code', () => {
  it('are errors at the heading, naming the one number of three or more digits as the likely code', () => {
    const { document, diagnostics } = read('entry-without-code');
    expect(document.errors.map((e) => e.code)).toEqual([180001]);
    expect(summary(diagnostics)).toEqual([
      ['error', 'entry-without-code', '13:1', '15:1'],
      ['error', 'entry-without-code', '23:1', '25:1'],
      ['error', 'entry-without-code', '29:1', '31:1'],
    ]);
    expect(diagnostics[0]!.message).toContain('did you mean `## 180002 The system resource type of OceanStor is incorrect.`?');
    expect(diagnostics[1]!.message).not.toContain('did you mean');
    expect(diagnostics[2]!.message).toContain('did you mean `### 180004 Resource Busy`?');
  });

  it('never leave a page with such headings at a "no codes" warning', () => {
    const { document, diagnostics } = read('entry-without-code-only');
    expect(document.errors).toEqual([]);
    expect(summary(diagnostics)).toEqual([
      ['error', 'entry-without-code', '3:1', '5:1'],
      ['error', 'entry-without-code', '13:1', '15:1'],
    ]);
    expect(diagnostics[1]!.message).toContain('did you mean `## 1400003 the display service works abnormally.`?');
  });

  it('leave group headings, variants and the title alone', () => {
    const page = '# Title\n\n## Group\n\n### 1001 A\n\n**Error Message**\n\nA.\n\n#### Variant\n\n**Error Message**\n\nB.\n\n## Notes\n\nSee 1001.\n';
    const { document, diagnostics } = parse(page, { path: 'x.md' });
    expect(document.errors.map((e) => [e.code, e.group, e.variants?.length])).toEqual([[1001, 'Group', 1]]);
    expect(diagnostics).toEqual([]);
  });
});

describe('markers inside other constructs', () => {
  it('reports a Del marker inside an HTML comment opened earlier, naming both places, in parse and in redact', () => {
    const source = fixture('marker-in-comment');
    const { diagnostics } = parse(source, { path: 'x.md' });
    expect(summary(diagnostics.filter((d) => d.ruleId === 'marker-in-comment'))).toEqual([
      ['error', 'marker-in-comment', '11:1', '9:1'],
      ['error', 'marker-in-comment', '23:33', '23:22'],
    ]);
    expect(diagnostics[0]!.message).toContain('opened at 9:1');
    expect(redact(source, { path: 'x.md' }).diagnostics.filter((d) => d.severity === 'error').map((d) => d.ruleId)).toEqual([
      'marker-in-comment',
      'marker-in-comment',
    ]);
  });

  it('gives no public texts where the markers have errors: the page has no public variant to read', () => {
    const page = '# T\n\n## 1 A\n\n**Error Message**\n\nA <!--Del-->system<!--DelEnd--> text.\n\n## 2 B\n\n**Error Message**\n\nB <!--Del-->system.\n';
    const { parsed, redacted } = parseAndRedact(page, { path: 'x.md' });
    expect(summary(parsed.diagnostics)).toEqual([['error', 'unbalanced-del', '13:3']]);
    expect(summary(redacted.diagnostics)).toEqual([['error', 'unbalanced-del', '13:3']]);
    expect(parsed.document.errors.map((entry) => entry.publicTexts)).toEqual([undefined, undefined]);
    expect(redacted.output).toBe('# T\n\n## 1 A\n\n**Error Message**\n\nA  text.\n\n## 2 B\n\n**Error Message**\n\nB ');
    // Closed, the same page's public texts are read again.
    const closed = parseAndRedact(page.replace('system.\n', 'system<!--DelEnd-->.\n'), { path: 'x.md' });
    expect(closed.parsed.diagnostics).toEqual([]);
    expect(closed.parsed.document.errors.map((entry) => entry.publicTexts?.message)).toEqual(['A  text.', 'B .']);
  });

  it('reports the stray-comment case the public page would otherwise lose codes to', () => {
    // Without the check, the public page's comment runs from line 9 to the end and swallows 1003.
    const source = fixture('marker-in-comment');
    const publicCodes = parse(redact(source, { path: 'x.md' }).output, { path: 'x.md' }).document.errors.map((e) => e.code);
    expect(publicCodes).toEqual([1001]);
    expect(publicPart(parse(source, { path: 'x.md' }).document).errors.map((e) => e.code)).toEqual([1001, 1003]);
  });

  it('reports a Del block that starts in one list item and ends in another, re-joining them', () => {
    const { diagnostics } = read('del-across-blocks');
    expect(summary(diagnostics)).toEqual([['error', 'del-across-blocks', '12:4', '15:4']]);
    expect(diagnostics[0]!.message).toContain('a list item at 11:1');
    expect(diagnostics[0]!.message).toContain('a list item at 14:1');
  });

  it('reports a Del block whose removal joins the paragraphs around it', () => {
    const { diagnostics, document } = read('redaction-joins-blocks');
    expect(summary(diagnostics)).toEqual([['error', 'redaction-changes-page', '7:1', '8:1']]);
    expect(diagnostics[0]!.message).toContain('runs on to 13:36 in the public page');
    // The public variant is another page there: its texts are not taken.
    expect(document.errors.length).toBeGreaterThan(0);
    expect(document.errors.map((entry) => entry.publicTexts)).toEqual(document.errors.map(() => undefined));
  });

  it('reports marker text that Markdown reads as text outside code (an image, a link destination)', () => {
    const page = '# T\n\n## 1 A\n\n**Error Message**\n\nSee ![a<!--Del-->b](x.png) and [l](x<!--DelEnd-->).\n';
    expect(summary(parse(page, { path: 'x.md' }).diagnostics)).toEqual([
      ['warning', 'marker-not-read', '7:8'],
      ['warning', 'marker-not-read', '7:37'],
    ]);
    expect(redact(page, { path: 'x.md' }).output).toBe(page);
  });

  it('reads markers in code as text, silently', () => {
    const page = '# T\n\n## 1 A\n\n**Error Message**\n\n`<!--Del-->` and\n\n```\n<!--DelEnd-->\n```\n';
    expect(parse(page, { path: 'x.md' }).diagnostics).toEqual([]);
  });

  it('accepts Del blocks whose removal leaves the rest of the page as it is: list items, a table cell, the intro, a variant', () => {
    const source = fixture('del-benign-shapes');
    const result = parse(source, { path: 'x.md' });
    expect(result.diagnostics).toEqual([]);
    const [row, , steps, variants] = result.document.errors;
    expect(row!.publicTexts!.message).toBe('Public row with  a public end.');
    expect(steps!.publicTexts!.solutions).toEqual(['Retry.', 'Contact support.']);
    expect(variants!.variants!.map((v) => [v.title, v.visibility])).toEqual([
      ['Network Case', 'public'],
      ['System Case', 'system'],
    ]);
    expect(variants!.markers).toBeUndefined();
    expect(result.document.publicIntro).toBe('Every application receives these codes.');
  });

  it('keeps CRLF and a BOM in the public page and places diagnostics on the page’s own lines', () => {
    const page = '\ufeff# T\r\n\r\n## 1 A\r\n\r\n**Error Message**\r\n\r\nA.\r\n\r\n<!--Del-->\r\n## 2 B\r\n\r\n**Error Message**\r\n\r\nB.\r\n<!--DelEnd-->\r\n\r\n## 3 C\r\n\r\n**Error Message**\r\n\r\nC <!--Del-->sys<!--DelEnd-->.\r\n';
    const { parsed, redacted } = parseAndRedact(page, { path: 'x.md' });
    expect(parsed.diagnostics).toEqual([]);
    expect(redacted.output).toBe('\ufeff# T\r\n\r\n## 1 A\r\n\r\n**Error Message**\r\n\r\nA.\r\n\r\n\r\n## 3 C\r\n\r\n**Error Message**\r\n\r\nC .\r\n');
    expect(content(parse(redacted.output, { path: 'x.md' }).document)).toBe(content(publicPart(parsed.document)));
    const broken = page.replace('A.\r\n\r\n<!--Del-->', 'A.\r\n<!-- x\r\n<!--Del-->');
    expect(summary(parse(broken, { path: 'x.md' }).diagnostics)).toEqual([['error', 'marker-in-comment', '9:1', '8:1']]);
  });
});

describe('every fixture page without errors', () => {
  const names = readdirSync(fixturesDir).sort();
  const parsed = new Map(names.map((name) => [name, parseAndRedact(fixture(name), { path: 'x.md' })]));
  const failing = names.filter((name) => parsed.get(name)!.parsed.diagnostics.some((d) => d.severity === 'error'));

  it('are all but the fixtures of error rules', () => {
    expect(failing).toEqual([
      'del-across-blocks',
      'del-unbalanced',
      'entry-without-code',
      'entry-without-code-only',
      'marker-in-comment',
      'redaction-joins-blocks',
      'table-unreadable',
    ]);
  });

  for (const name of names.filter((candidate) => !failing.includes(candidate))) {
    it(`${name}: redacts to a page whose parse is the public part of its own`, () => {
      const { parsed: full, redacted } = parsed.get(name)!;
      expect(redacted.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(content(parse(redacted.output, { path: 'x.md' }).document)).toBe(content(publicPart(full.document)));
    });
  }
});
