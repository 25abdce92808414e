import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../src/read.js';
import fc from 'fast-check';
import { parseJsonFile, stableJson } from '../src/config.js';
import { jsonErrorOffset } from '../src/json-error.js';

describe('firstInvalidUtf8', () => {
  it.each([
    ['a stray continuation byte', [0x61, 0x80, 0x62], { line: 1, column: 2, offset: 1 }],
    ['a lead byte followed by ASCII', [0x61, 0x0a, 0xe4, 0xb8, 0x41], { line: 2, column: 1, offset: 2 }],
    ['a sequence cut off at the end', [0x61, 0x62, 0xf0, 0x9f], { line: 1, column: 3, offset: 2 }],
    ['an invalid byte after valid CJK text', [0xe4, 0xb8, 0xad, 0xff], { line: 1, column: 2, offset: 3 }],
    ['an overlong encoding', [0x0a, 0x0a, 0xc0, 0xaf], { line: 3, column: 1, offset: 2 }],
  ])('finds %s', (_, bytes, expected) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toEqual(expected);
  });
});

describe('parseJsonFile', () => {
  it('names the line and column of a syntax error', () => {
    expect(() => parseJsonFile('{\n  "a": 1,\n  "b": }\n', 'cfg.json')).toThrow("cfg.json:3:8: not valid JSON (unexpected \"}\")");
  });
});

describe('stableJson', () => {
  it('gives the same bytes whatever the key order', () => {
    const a = stableJson({ b: { '10': 'x', '9': 'y' }, a: [{ d: 1, c: 2 }] });
    const b = stableJson({ a: [{ c: 2, d: 1 }], b: { '9': 'y', '10': 'x' } });
    expect(a).toBe(b);
    expect(a).toBe('{\n  "a": [\n    {\n      "c": 2,\n      "d": 1\n    }\n  ],\n  "b": {\n    "9": "y",\n    "10": "x"\n  }\n}\n');
  });
});

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a": }', 6],
    ['{"a": 1,}', 8],
    ['[1, 2', 5],
    ['{"a": tru}', 9],
    ['"tab\there"', 4],
    ['01', 1],
    ['{} x', 3],
    ['', 0],
  ])('finds the error in %j at %d', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('agrees with JSON.parse on which texts are valid', () => {
    const texts = fc.oneof(
      fc.json(),
      fc.json().map((json) => json.slice(0, -1)),
      fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '1', '-', 'e', '.', ' ', 'n', 'u', 'l', '\\') }),
    );
    fc.assert(
      fc.property(texts, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(jsonErrorOffset(text) === undefined).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });
});
