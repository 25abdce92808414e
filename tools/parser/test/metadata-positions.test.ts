import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';

describe('metadata positions', () => {
  it('keep the line and column of each <!--Key: value--> comment, keyed as the metadata fields', () => {
    const source = [
      '# Demo Error Codes',
      ' <!--Kit: Demo Kit-->',
      '<!--Subsystem: Media--><!--Owner: @a; @b-->',
      '<!--Designer: @c;',
      '  @d-->',
      '',
      '<!--Release: 5.0-->',
      '',
      '## 1001 Failure',
      '',
      '**Error Message**',
      '',
      'Failed.',
      '',
    ].join('\n');
    const { document } = parse(source, { path: 'en/errorcode-demo.md', locale: 'en' });
    expect(document.metadata).toMatchObject({ kit: 'Demo Kit', subsystem: 'Media', owner: ['@a', '@b'], designer: ['@c', '@d'], extra: { Release: ['5.0'] } });
    const at = (line: number, column: number) => ({ file: 'en/errorcode-demo.md', line, column });
    expect(document.metadataPositions).toEqual({
      kit: at(2, 2),
      subsystem: at(3, 1),
      owner: at(3, 24),
      designer: at(4, 1),
      'extra.Release': at(7, 1),
    });
  });

  it('count CRLF line ends once, and are absent on a page without metadata', () => {
    const crlf = parse('# Demo\r\n\r\n<!--Kit: A-->\r\n<!--Tester: @t-->\r\n\r\n## 1 X\r\n', { path: 'a.md', locale: 'en' }).document;
    expect(crlf.metadataPositions).toEqual({ kit: { file: 'a.md', line: 3, column: 1 }, tester: { file: 'a.md', line: 4, column: 1 } });
    expect(parse('# Demo\n\n## 1 X\n', { path: 'b.md', locale: 'en' }).document.metadataPositions).toBeUndefined();
  });
});
