import { describe, expect, it } from 'vitest';
import { braceProblems } from '../src/balance.js';
import { LineCounter } from '../src/record.js';
import { splitComments } from '../src/comments.js';
import { docBlock, findDocTags, isDocComment, isSystemBlock, parseDocTags, readThrows } from '../src/jsdoc.js';

describe('splitComments', () => {
  it('takes out block and line comments, keeping strings and template literals whole', () => {
    const text = "const a = '/* not a comment */'; /** doc */ const b = \"// nor this\"; // line\nconst c = `x${'/*'}y`; /* last */";
    const split = splitComments(text);
    expect(split.code).toBe("const a = '/* not a comment */';   const b = \"// nor this\";  \nconst c = `x${'/*'}y`;  ");
    expect(split.comments.map((c) => text.slice(c.start, c.end))).toEqual(['/** doc */', '// line', '/* last */']);
    // Offsets map back to the original text.
    const inCode = split.code.indexOf('const c');
    expect(split.toOriginal(inCode)).toBe(text.indexOf('const c'));
    expect(split.toOriginal(split.code.indexOf('const b'))).toBe(text.indexOf('const b'));
  });

  it('ends an unclosed comment at the end of the text', () => {
    const split = splitComments('a; /** never closed');
    expect(split.code).toBe('a;  ');
    expect(split.comments).toEqual([{ start: 3, end: 19, block: true }]);
  });
});

describe('JSDoc blocks', () => {
  it('tells build markers from documentation', () => {
    expect(isDocComment('/** doc */', 0)).toBe(true);
    expect(isDocComment('/*** if arkts dynamic */', 0)).toBe(false);
    expect(isDocComment('/*** endif */', 0)).toBe(false);
    expect(isDocComment('/**/', 0)).toBe(false);
    expect(isDocComment('/* plain */', 0)).toBe(false);
  });

  it('splits a block into tags with their offsets and continuation lines', () => {
    const body = '/**\n * Text.\n * @param { string } a - first\n *     continued\n * @since 10 dynamic\n */';
    expect(parseDocTags(body, 100)).toEqual([
      { name: 'param', text: '{ string } a - first\ncontinued', offset: 100 + body.indexOf('@param') },
      { name: 'since', text: '10 dynamic', offset: 100 + body.indexOf('@since') },
    ]);
  });

  it('decides system-only as the SDK build does, anywhere in the block and whatever the spacing', () => {
    const system = (body: string) => isSystemBlock(docBlock(body, 0, body.length));
    expect(system('/** @systemapi */')).toBe(true);
    expect(system('/** @systemapi [since 9 - 22]\n * @publicapi [since 23] */')).toBe(false);
    expect(system('/** @systemapi\n * @publicapi [ since 23 ] */')).toBe(false);
    // A public tag without a version does not make it public.
    expect(system('/** @systemapi\n * @publicapi */')).toBe(true);
    expect(system('/** @since 10 */')).toBe(false);
  });
});

describe('readThrows', () => {
  it('reads codes, messages and markers', () => {
    expect(readThrows('{ BusinessError } 6600101 - Session service exception.')).toEqual({ code: 6600101, message: 'Session service exception.' });
    expect(readThrows('{BusinessError} 401 Parameter error')).toEqual({ code: 401, message: 'Parameter error' });
    expect(readThrows('{ BusinessError } 801 -Capability not supported.')).toEqual({ code: 801, message: 'Capability not supported.' });
    expect(readThrows('{ BusinessError } 12 – Dash.')).toEqual({ code: 12, message: 'Dash.' });
    expect(readThrows('{ BusinessError } 5 - Old. [since 9 - 22]')).toEqual({ code: 5, message: 'Old.', since: '9', until: '22' });
    expect(readThrows('{ BusinessError } 5 - New.\n[since 23] [staticonly]')).toEqual({ code: 5, message: 'New.', since: '23', staticOnly: true });
    expect(readThrows('{ BusinessError } 5 - Text with [param] kept. [since 20 - 26.0.0]')).toEqual({
      code: 5,
      message: 'Text with [param] kept.',
      since: '20',
      until: '26.0.0',
    });
  });

  it('gives nothing for a throw without a code', () => {
    expect(readThrows('{ TypedError | Error } access fail')).toBeUndefined();
    expect(readThrows('BusinessError if invoked failed')).toBeUndefined();
    expect(readThrows('{ BusinessError } 2.5 is not a code')).toBeUndefined();
  });
});

describe('braceProblems', () => {
  it('finds an unclosed brace and the declaration it swallows, and a stray one', () => {
    const unclosed = 'declare class A {\n  f(): void;\ndeclare interface B {\n}\n';
    expect(braceProblems(unclosed)).toEqual([{ kind: 'unclosed', offset: unclosed.indexOf('{'), swallowed: unclosed.indexOf('declare interface') }]);
    expect(braceProblems('}\ndeclare const a: number;\n')).toEqual([{ kind: 'unopened', offset: 0 }]);
  });

  it('does not count braces in strings, comments and template literal types', () => {
    expect(braceProblems("type A = '{'; /* } */ type B = `a${string}}`; // {\ninterface C { d: { e: '}' } }\n")).toEqual([]);
  });
});

describe('LineCounter', () => {
  it('places offsets asked in order, out of order, on a newline and past the last line', () => {
    const text = 'ab\ncd\r\n\nef';
    const lines = new LineCounter(text);
    expect(lines.place(0)).toEqual({ line: 1, column: 1 });
    expect(lines.place(2)).toEqual({ line: 1, column: 3 });
    expect(lines.place(3)).toEqual({ line: 2, column: 1 });
    expect(lines.place(8)).toEqual({ line: 4, column: 1 });
    expect(lines.place(7)).toEqual({ line: 3, column: 1 });
    expect(lines.place(4)).toEqual({ line: 2, column: 2 });
    expect(lines.place(text.length)).toEqual({ line: 4, column: 3 });
  });
});

describe('findDocTags', () => {
  const wanted = new Set(['throws', 'since']);
  it('finds the wanted tags as reading every line does', () => {
    const body = '/** @since 9\n * Text with @throws inside a line.\n * @param { number } a - @since\n *   @throws { BusinessError } 401 - first\n *     continued\n *\n * @throwsAlso 2\n * @ not a tag\n * @since 10 dynamic */';
    expect(findDocTags(body, 7, wanted)).toEqual(parseDocTags(body, 7, wanted));
    expect(findDocTags(body, 7, wanted).map((tag) => tag.name)).toEqual(['since', 'throws', 'since']);
  });

  it('agrees with reading every line on blocks made of random pieces', () => {
    const pieces = ['@throws', '@since', '@param', '@throwsX', '@', ' ', '*', '\n', '\r\n', ' * ', '401', 'text', '\t', '-'];
    let seed = 13;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let withTags = 0;
    for (let round = 0; round < 2000; round++) {
      let inner = '';
      for (let i = random(30); i > 0; i--) inner += pieces[random(pieces.length)];
      const body = `/**${inner}*/`;
      const found = findDocTags(body, round, wanted);
      expect(found, JSON.stringify(body)).toEqual(parseDocTags(body, round, wanted));
      if (found.length > 0) withTags++;
    }
    // The pieces make blocks with tags often enough for the comparison to mean something.
    expect(withTags).toBeGreaterThan(300);
  });
});
