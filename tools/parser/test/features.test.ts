import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../testing/corpus.js';
import { localeFromPath, moduleFromPath, parse, publicPart, redact } from '../src/index.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`./fixtures/${name}/input.md`, import.meta.url)), 'utf8');
const corpus = (path: string) => parse(readFileSync(`${corpusDir}${path}`, 'utf8'), { path });
const entry = (path: string, code: number) => {
  const found = corpus(path).document.errors.find((candidate) => candidate.code === code);
  if (!found) throw new Error(`${path} has no ${code}`);
  return found;
};

describe('page shape', () => {
  it('reads a closed level-3 title after a BOM and blank lines, with CRLF and no final newline', () => {
    const { document } = parse(fixture('bom-crlf-closed-title'), { path: 'x.md' });
    expect(document.title).toBe('Demo Error Codes');
    expect(document.errors[0]).toMatchObject({ code: 1001, message: 'First failed.', solutions: ['Try again.'] });
    expect(document.errors[0]!.position.line).toBe(6);
  });

  it('reads the real zh-cn AVSession page whose title is "###  媒体会话管理错误码 ###"', () => {
    const { document } = corpus('zh-cn/apis-avsession-kit/errorcode-avsession.md');
    expect(document.title).toBe('媒体会话管理错误码');
    expect(document.locale).toBe('zh-CN');
  });

  it('reads metadata with a leading space, list values split on ";" and unknown keys kept', () => {
    const { document } = parse(fixture('metadata'), { path: 'x.md' });
    expect(document.metadata).toEqual({
      kit: 'Demo Kit',
      subsystem: 'Multimedia',
      owner: ['@alice', '@bob'],
      designer: ['@carol'],
      tester: ['@dave'],
      adviser: ['@erin'],
      extra: { SE: ['@frank', '@grace'] },
    });
    expect(document.intro).toContain('Only module codes');
  });

  it('derives locale and module from the path', () => {
    expect(localeFromPath('docs-source/zh-cn/apis-x-kit/errorcode-net-mdns.md')).toBe('zh-CN');
    expect(localeFromPath('docs-source/en/apis-x-kit/errorcode-net-mdns.md')).toBe('en');
    expect(moduleFromPath('docs-source/en/apis-x-kit/errorcode-net-mdns.md')).toBe('net-mdns');
  });

  it('warns on a page with no codes and errors on an empty page', () => {
    expect(parse(fixture('no-codes'), { path: 'x.md' }).diagnostics.map((d) => [d.severity, d.ruleId])).toEqual([
      ['warning', 'no-codes'],
    ]);
    expect(parse('  \n', { path: 'empty.md' }).diagnostics.map((d) => [d.severity, d.ruleId])).toEqual([
      ['error', 'empty-page'],
    ]);
  });
});

describe('entries', () => {
  it('reads ### entries under group headings, with the group and a declared borrowed code', () => {
    const { document } = parse(fixture('groups-level3'), { path: 'x.md', borrowedCodes: [2300007] });
    expect(document.errors.map((e) => [e.code, e.group, e.borrowed ?? false])).toEqual([
      [13900001, 'Basic Error Codes', false],
      [2300007, 'Basic Error Codes', true],
      [13600001, 'Space Error Codes', false],
    ]);
  });

  it('keeps negative codes, source order and duplicate titles', () => {
    const { document } = parse(fixture('codes-order-negative-duplicate-titles'), { path: 'x.md' });
    expect(document.errors.map((e) => [e.code, e.title])).toEqual([
      [2204010, 'Later Code First'],
      [-1, 'Negative Code'],
      [2401000, 'STA Internal Error'],
      [2501000, 'STA Internal Error'],
    ]);
  });

  it('reads several variants of one code, each with its own labels', () => {
    const [code] = parse(fixture('variants'), { path: 'x.md' }).document.errors;
    expect(code!.intro).toBe('The system reports different messages depending on the cause.');
    expect(code!.variants!.map((v) => [v.title, v.message])).toEqual([
      ['Operation Failed', 'Operation failed.'],
      ['Airplane Mode', 'Airplane mode is enabled.'],
    ]);
    expect(code!.variants![0]!.causes[1]).toBe(
      'The list is unavailable.\n- The config count exceeds the limit.\n- The service is abnormal.',
    );
    expect(entry('zh-cn/apis-connectivity-kit/errorcode-wifi.md', 2501000).variants).toHaveLength(11);
  });

  it('marks stub entries and keeps their "see …" line', () => {
    const errors = parse(fixture('stub-entries'), { path: 'x.md' }).document.errors;
    expect(errors.map((e) => [e.code, e.stub ?? false, e.message])).toEqual([
      [201, true, ''],
      [401, true, ''],
      [1001, false, 'Real entry.'],
    ]);
    expect(errors[0]!.intro).toContain('../errorcode-universal.md#201-permission-denied');
  });

  it('reads one entry per table row, skipping rows without a code', () => {
    const result = parse(fixture('table-page'), { path: 'x.md' });
    expect(result.document.errors.map((e) => [e.code, e.message, e.fromTable])).toEqual([
      [3301100, 'Location switch is off.', true],
      [3301200, 'Failed to obtain the location.', true],
    ]);
    expect(result.document.errors[0]!.description).toBe('The location service is `disabled`.');
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['table-row-without-code']);
  });
});

describe('labels', () => {
  it('maps English synonyms, keeps an unknown label as an extra section, allows a label touching the heading', () => {
    const result = parse(fixture('label-synonyms-en'), { path: 'x.md' });
    const [first, second, third] = result.document.errors;
    expect(first).toMatchObject({
      message: 'Only supported in stage mode.',
      description: 'A description.',
      causes: ['One cause.'],
      solutions: ['Do this.'],
    });
    expect(second).toMatchObject({ message: '', description: 'Plain description.', causes: ['Because.'], solutions: ['Fix it.'] });
    expect(third!.sections.map((s) => [s.kind, s.label])).toEqual([
      ['message', 'Error Message'],
      ['extra', 'Diagnosis Basis'],
      ['causes', 'Possible Causes'],
      ['solutions', 'Solution'],
    ]);
    expect(third!.sections[1]!.markdown).toContain('```text\napp: [Check]Invalid sourceType -1!\n```');
    expect(result.diagnostics.map((d) => [d.severity, d.ruleId, d.position.line])).toEqual([['info', 'unknown-label', 40]]);
  });

  it('maps Chinese labels and reads 1.text, 1、 and step1： lists', () => {
    const [first, second] = parse(fixture('label-synonyms-zh'), { path: 'x.md' }).document.errors;
    expect(first).toMatchObject({ message: 'Service exception.', description: '服务异常。', solutions: ['定时重试。', '重新创建会话。'] });
    expect(second).toMatchObject({ message: 'Another message.', causes: ['原因一。', '原因二。'], solutions: ['检查配置。', '重启设备。'] });
  });

  it('reads a label followed straight by RP markers (vibrator) and by no blank line (preferences)', () => {
    const vibrator = entry('en/apis-sensor-service-kit/errorcode-vibrator.md', 14600101);
    expect(vibrator.causes.length).toBeGreaterThan(0);
    expect(vibrator.markers).toEqual(['RP1', 'RP2']);
    expect(vibrator.sections.find((s) => s.kind === 'causes')!.markdown).toContain('<!--RP1-->');
    expect(entry('en/apis-arkdata/errorcode-preferences.md', 15500000).message).not.toBe('');
  });
});

describe('lists and inline text', () => {
  it('splits numbered, bulleted and unspaced lists into items', () => {
    const [first, second] = parse(fixture('list-styles'), { path: 'x.md' }).document.errors;
    expect(first!.causes).toEqual(['Spaced one.', 'Spaced two.']);
    expect(first!.solutions).toEqual(['Bullet one.', 'Bullet two.\n- Nested bullet.']);
    expect(second!.causes).toEqual(['Possible causes:', 'No space one.', 'No space two.']);
    expect(second!.solutions).toEqual(['Chinese comma one.', 'Chinese comma two.']);
  });

  it('keeps Markdown source in texts and gives the message as plain text', () => {
    const [code] = parse(fixture('inline-content'), { path: 'x.md' }).document.errors;
    expect(code!.message).toBe('Input method engine error. Possible causes:\n1. the panel is not created.\n2. events are not subscribed.');
    expect(code!.description).toBe(
      'Value `${messageInfo}` is checked; see [docs](https://example.com/a_b) and *emphasis* and 2\\*1024\\*1024.',
    );
    expect(code!.solutions).toEqual(['Check the process.']);
    expect(entry('en/apis-ability-kit/errorcode-access-token.md', 12100001).message).toContain('${');
  });
});

describe('Del and RP regions', () => {
  const source = fixture('del-blocks');
  const result = parse(source, { path: 'x.md' });

  it('marks entries inside Del blocks as system, the rest public, whatever the spacing', () => {
    expect(result.document.errors.map((e) => [e.code, e.visibility])).toEqual([
      [1, 'system'],
      [2, 'system'],
      [3, 'public'],
      [4, 'system'],
      [5, 'public'],
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('keeps Del parts of a public entry in the full texts and drops them from its public texts', () => {
    const three = result.document.errors[2]!;
    expect(three.solutions).toContain('Ask the system to reset.');
    expect(three.publicTexts!.solutions).toEqual(['Retry.', 'Inline and public words.']);
  });

  it('treats a marker inside code as text', () => {
    expect(result.document.regions.filter((r) => r.name === 'Del')).toHaveLength(4);
    expect(result.document.errors[4]!.message).toContain('<!--Del--> inside code is text');
  });

  it('redacts to the public page, byte-identical outside the Del blocks', () => {
    const redacted = redact(source, { path: 'x.md' });
    expect(redacted.removed).toBe(4);
    expect(redacted.output).not.toContain('System');
    expect(redacted.output).toContain('Inline and public words.');
    expect(redacted.output).toContain('<!--RP1-->\nA replaceable cause.\n<!--RP1End-->');
    expect(redacted.output.startsWith(source.slice(0, source.indexOf('<!--Del-->')))).toBe(true);
    const reparsed = parse(redacted.output, { path: 'x.md' }).document;
    expect(reparsed.errors.map((e) => e.code)).toEqual(publicPart(result.document).errors.map((e) => e.code));
    expect(reparsed.errors[0]!.solutions).toEqual(three().publicTexts!.solutions);
    function three() {
      return result.document.errors[2]!;
    }
  });

  it('reports a DelEnd without Del and a Del never closed, with their lines', () => {
    const unbalanced = parse(fixture('del-unbalanced'), { path: 'bad.md' });
    expect(unbalanced.diagnostics.map((d) => [d.severity, d.ruleId, `${d.position.file}:${d.position.line}:${d.position.column}`])).toEqual([
      ['error', 'unbalanced-del', 'bad.md:8:1'],
      ['error', 'unbalanced-del', 'bad.md:10:1'],
    ]);
    expect(unbalanced.document.errors.map((e) => e.visibility)).toEqual(['public', 'system']);
  });

  it('reads one Del block around two codes and a DelEnd that ends the file (real zh-cn pages)', () => {
    const useriam = corpus('zh-cn/apis-user-authentication-kit/errorcode-useriam.md').document;
    expect(useriam.errors.filter((e) => e.visibility === 'system').map((e) => e.code)).toEqual([12500015, 12500016]);
    const ime = corpus('zh-cn/apis-ime-kit/errorcode-inputmethod-framework.md');
    expect(ime.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ime.document.errors.filter((e) => e.visibility === 'system')).toHaveLength(2);
  });

  it('finds 64 codes, 2 system, in the current AVSession page', () => {
    const path = 'docs-source/en/apis-avsession-kit/errorcode-avsession.md';
    const page = readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8');
    const { document } = parse(page, { path });
    expect(document.errors).toHaveLength(64);
    expect(document.errors.filter((e) => e.visibility === 'system').map((e) => e.code)).toEqual([6600104, 6600108]);
    expect(document.metadata).toMatchObject({ kit: 'AVSession Kit', subsystem: 'Multimedia' });
    expect(document.kitFolder).toBe('apis-avsession-kit');
  });
});

describe('locale folders', () => {
  it('does not take three-letter folders such as src or tmp for locales', () => {
    expect(localeFromPath('src/errorcode-x.md')).toBeUndefined();
    expect(localeFromPath('tmp/pages/errorcode-x.md')).toBeUndefined();
    expect(localeFromPath('docs/zh_CN/kit/errorcode-x.md')).toBe('zh-CN');
  });
});

describe('labels written as headings', () => {
  it('reads a known label in a sub-heading as a label, and other sub-headings as variants', () => {
    const [labels, variants] = parse(fixture('label-headings'), { path: 'x.md' }).document.errors;
    expect(labels).toMatchObject({ message: 'Heading labels failed.', causes: ['One.', 'Two.'], solutions: ['Retry.'] });
    expect(labels!.variants).toBeUndefined();
    expect(variants!.variants!.map((v) => [v.title, v.message])).toEqual([
      ['First Case', 'First case failed.'],
      ['Second Case', 'Second case failed.'],
    ]);
  });
});
