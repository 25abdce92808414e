import { Random } from './random.js';

/** One page to start from. */
export interface BasePage {
  /** Path shown in diagnostics (relative to the folder it was read from). */
  path: string;
  source: string;
}

/** A mutated page and how it was made. */
export interface FuzzCase {
  /** Index of the base page. */
  page: number;
  path: string;
  /** What was done to it, in order (for the report). */
  mutations: string[];
  text: string;
}

type Mutation = (text: string, random: Random) => { text: string; what: string };

const markers = ['<!--Del-->', '<!--DelEnd-->', '<!--RP1-->', '<!--RP1End-->', '<!-- Del -->', '<!--DelEnd -->', '<!--RP2-->', '<!--RP2End-->'];
const constructs = [
  '**Error Message**',
  '**错误信息**',
  '**Possible Causes**',
  '**Solution**',
  '#### Error Message',
  '## 123 Inserted Code',
  '## 180002 inside a codeless heading',
  '## Codeless heading',
  '### ',
  '# ',
  '| Error Code | Error Message |\n| --- | --- |\n| 4001 | Inserted row. |',
  '| 错误码数值 | 错误码定义 | 错误码描述 |\n| --- | --- | --- |\n| 7 | E2BIG | 参数列表过长。 |\n| -8 | ENOEXEC | 执行格式错误。 |',
  '| Name | Code |\n| --- | --- |\n| `E_X` | 0x10 |',
  '| 4002 | row without a table |',
  '| --- | --- |',
  '```',
  '~~~',
  '```text\n<!--Del-->\n```',
  '`<!--DelEnd-->`',
  '<!--',
  '-->',
  '<!-- note',
  '<div>',
  '</div>',
  '<details>\n<summary>More</summary>',
  '> ',
  '> **NOTE**',
  '- ',
  '1. ',
  '    ',
  '\t',
  '===',
  '---',
  '***',
  '[ref]: https://example.com/ref',
  '[ref]',
  '\\',
  '&amp;',
  '<br>',
];
const unicode = ['\u202e', '\u2028', '\u2029', '\u0000', '\ufeff', '\u200b', '\u0301', '\ud800', '\udfff', '👩‍👩‍👧‍👦', '错误码', 'ئۇيغۇرچە', '\r', '\r\n', '\u000b', '\u0085'];

function lines(text: string): string[] {
  return text.split('\n');
}

function randomText(random: Random, maxLength: number): string {
  const length = random.between(1, maxLength);
  let out = '';
  while (out.length < length) {
    switch (random.below(6)) {
      case 0:
        out += String.fromCharCode(random.between(0x20, 0x7e));
        break;
      case 1:
        out += String.fromCharCode(random.between(0, 0x1f));
        break;
      case 2:
        out += String.fromCharCode(random.between(0x4e00, 0x9fff));
        break;
      case 3:
        out += String.fromCodePoint(random.between(0x1f300, 0x1faff));
        break;
      case 4:
        out += String.fromCharCode(random.between(0, 0xffff));
        break;
      default:
        out += random.pick('|\\`*_[]()<>!-:#&;~= \t\n'.split(''));
    }
  }
  return out;
}

function insertAt(text: string, at: number, piece: string): string {
  return text.slice(0, at) + piece + text.slice(at);
}

/** A line index of `text`, or an offset at the start of one. */
function lineStart(text: string, random: Random): number {
  const all = lines(text);
  const line = random.below(all.length);
  return all.slice(0, line).reduce((sum, item) => sum + item.length + 1, 0);
}

const mutations: Array<[weight: number, Mutation]> = [
  [3, (text, random) => {
    const all = lines(text);
    const at = random.below(all.length);
    all.splice(at, 1);
    return { text: all.join('\n'), what: `delete line ${at + 1}` };
  }],
  [2, (text, random) => {
    const all = lines(text);
    const at = random.below(all.length);
    all.splice(at, 0, all[at] ?? '');
    return { text: all.join('\n'), what: `duplicate line ${at + 1}` };
  }],
  [2, (text, random) => {
    const all = lines(text);
    const a = random.below(all.length);
    const b = random.below(all.length);
    [all[a], all[b]] = [all[b] ?? '', all[a] ?? ''];
    return { text: all.join('\n'), what: `swap lines ${a + 1} and ${b + 1}` };
  }],
  [1, (text, random) => {
    const at = random.below(text.length + 1);
    return { text: text.slice(0, at), what: `truncate at ${at}` };
  }],
  [2, (text, random) => {
    const all = lines(text);
    const at = random.below(Math.max(all.length - 1, 1));
    all.splice(at, 2, `${all[at] ?? ''}${all[at + 1] ?? ''}`);
    return { text: all.join('\n'), what: `join lines ${at + 1} and ${at + 2}` };
  }],
  [1, (text, random) => {
    const at = random.below(text.length + 1);
    return { text: insertAt(text, at, '\n'), what: `break the line at ${at}` };
  }],
  [2, (text, random) => {
    const at = lineStart(text, random);
    const prefix = random.pick(['> ', '- ', '1. ', '2. ', '    ', '  ', '\t', '#', '| ', '   ']);
    return { text: insertAt(text, at, prefix), what: `prefix a line with ${JSON.stringify(prefix)}` };
  }],
  [4, (text, random) => {
    const marker = random.pick(markers);
    const own = random.chance(0.5);
    const at = own ? lineStart(text, random) : random.below(text.length + 1);
    return { text: insertAt(text, at, own ? `${marker}\n` : marker), what: `insert ${marker} ${own ? 'as a line' : 'inline'} at ${at}` };
  }],
  [5, (text, random) => {
    // A balanced Del block around whole lines, with or without blank lines around it.
    const all = lines(text);
    const from = random.below(all.length);
    const to = Math.min(all.length, from + random.between(0, 12));
    const blank = random.chance(0.5) ? '' : undefined;
    const inner = all.slice(from, to);
    all.splice(from, to - from, ...(blank === undefined ? [] : ['']), '<!--Del-->', ...inner, '<!--DelEnd-->', ...(blank === undefined ? [] : ['']));
    return { text: all.join('\n'), what: `wrap lines ${from + 1}–${to} in a Del block` };
  }],
  [3, (text, random) => {
    // A Del block that starts and ends anywhere (inside code spans, fences, comments, list items, tables).
    const a = random.below(text.length + 1);
    const b = Math.min(text.length, a + random.between(0, 400));
    return { text: `${text.slice(0, a)}<!--Del-->${text.slice(a, b)}<!--DelEnd-->${text.slice(b)}`, what: `Del block over ${a}–${b}` };
  }],
  [1, (text, random) => {
    const all = lines(text);
    const from = random.below(all.length);
    const to = Math.min(all.length, from + random.between(1, 8));
    all.splice(from, to - from, ...all.slice(from, to).map((line) => `> ${line}`));
    return { text: all.join('\n'), what: `quote lines ${from + 1}–${to}` };
  }],
  [1, (text, random) => {
    const all = lines(text);
    const from = random.below(all.length);
    const to = Math.min(all.length, from + random.between(1, 8));
    all.splice(from, to - from, '```', ...all.slice(from, to), random.chance(0.7) ? '```' : '');
    return { text: all.join('\n'), what: `fence lines ${from + 1}–${to}` };
  }],
  [5, (text, random) => {
    const piece = random.pick(constructs);
    const own = random.chance(0.7);
    const at = own ? lineStart(text, random) : random.below(text.length + 1);
    return { text: insertAt(text, at, own ? `${piece}\n` : piece), what: `insert ${JSON.stringify(piece.slice(0, 30))} at ${at}` };
  }],
  [2, (text, random) => {
    const piece = random.pick(unicode);
    const at = random.below(text.length + 1);
    return { text: insertAt(text, at, random.chance(0.1) ? piece.repeat(50) : piece), what: `insert ${JSON.stringify(piece)} at ${at}` };
  }],
  [2, (text, random) => {
    const piece = randomText(random, 40);
    const at = random.below(text.length + 1);
    return { text: insertAt(text, at, piece), what: `insert ${piece.length} random characters at ${at}` };
  }],
  [1, (text, random) => {
    // Turn a code heading into one without a code, keeping the number inside (or not).
    const headings = [...text.matchAll(/^(#{2,3}) (-?\d+) (.*)$/gm)];
    if (headings.length === 0) return { text, what: 'no code heading to unnumber' };
    const heading = random.pick(headings);
    const keep = random.chance(0.5) ? ` (${heading[2]})` : '';
    return { text: text.replace(heading[0], `${heading[1]} ${heading[3]}${keep}`), what: `drop the code of ${heading[2]}` };
  }],
  [1, (text) => ({ text: text.replace(/\r?\n/g, '\r\n'), what: 'CRLF line endings' })],
  [1, (text) => ({ text: text.replace(/\r?\n/g, '\r'), what: 'CR line endings' })],
  [1, (text) => ({ text: `\ufeff${text}`, what: 'byte-order mark' })],
  [1, (text, random) => {
    const at = lineStart(text, random);
    const depth = random.between(10, 200);
    const piece = random.pick([`${'> '.repeat(depth)}deep\n`, `${'*_'.repeat(depth * 5)}\n`, `${'x'.repeat(depth * 1000)}\n`, `${'['.repeat(depth)}\n`]);
    return { text: insertAt(text, at, piece), what: `insert ${piece.length} characters of nesting or a long line at ${at}` };
  }],
];

/** Lines of a page that open or sit inside a construct a marker can be moved into. */
const constructLine: Array<[name: string, pattern: RegExp]> = [
  ['a fence', /^ {0,3}(```|~~~)/],
  ['a list item', /^ {0,3}([-*+]|\d+[.)]) /],
  ['an HTML block', /^ {0,3}<(?!!--)[a-zA-Z/]/],
  ['a table row', /^ {0,3}\|/],
  ['a quote', /^ {0,3}>/],
  ['a heading', /^ {0,3}#{1,6} /],
];

const movedMarker = /^[ \t]*<!--\s*(Del|DelEnd|RP\d*|RP\d*End)\s*-->[ \t]*$/;

/**
 * Move one of the page's own marker lines (or a new one) into another construct: right after a
 * fence opener, into a list item, an HTML block, a table row, a quote or a heading.
 */
const moveMarkerIntoConstruct: Mutation = (text, random) => {
  const all = lines(text);
  const own = all.flatMap((line, index) => (movedMarker.test(line) ? [index] : []));
  let marker = random.pick(markers);
  let from = -1;
  if (own.length > 0 && random.chance(0.8)) {
    from = random.pick(own);
    marker = all[from]!.trim();
    all.splice(from, 1);
  }
  const kinds = constructLine
    .map(([name, pattern]) => ({ name, targets: all.flatMap((line, index) => (pattern.test(line) ? [index] : [])) }))
    .filter((kind) => kind.targets.length > 0);
  if (kinds.length === 0) return { text: all.join('\n'), what: `delete the marker line ${from + 1} (no construct to move it into)` };
  const { name, targets } = random.pick(kinds);
  const at = random.pick(targets);
  const line = all[at]!;
  let how: string;
  switch (random.below(3)) {
    case 0:
      // Inside the line: after its opener, or in a table cell.
      if (name === 'a table row') {
        const bars = [...line.matchAll(/\|/g)].map((match) => match.index);
        const bar = random.pick(bars);
        all[at] = `${line.slice(0, bar + 1)} ${marker} ${line.slice(bar + 1)}`;
      } else {
        const opener = /^ {0,3}(```|~~~|[-*+] |\d+[.)] |>|#{1,6} |<[a-zA-Z/][^>]*>)?/.exec(line)![0];
        all[at] = `${opener}${marker}${line.slice(opener.length)}`;
      }
      how = 'into the line';
      break;
    case 1:
      all.splice(at + 1, 0, marker);
      how = 'as the line after';
      break;
    default:
      // Indented or prefixed like the construct, so it continues it.
      all.splice(at + 1, 0, `${random.pick(['  ', '   ', '    ', '> ', '| ', '- '])}${marker}`);
      how = 'continuing';
  }
  return { text: all.join('\n'), what: `move ${marker}${from >= 0 ? ` from line ${from + 1}` : ''} ${how} ${name} at line ${at + 1}` };
};

/** Stray comment openers and closers, alone or unbalanced, where a page's own comments and markers can meet them. */
const strayComment: Mutation = (text, random) => {
  const piece = random.pick(['<!--', '-->', '<!-- ', ' -->', '<!-- TODO: ', '--!>', '<!--->', '<!---->', '<!-->', '<!--Del', 'DelEnd-->', '<!-- <!--Del--> -->']);
  const own = random.chance(0.4);
  const at = own ? lineStart(text, random) : random.below(text.length + 1);
  return { text: insertAt(text, at, own ? `${piece}\n` : piece), what: `insert stray ${JSON.stringify(piece)} ${own ? 'as a line' : 'inline'} at ${at}` };
};

/** Table headers of the real pages' kinds, in both languages, with codes or not. */
const tableHeaders = [
  '| Error Code | Error Message |',
  '| 错误码 | 错误信息 |',
  '| 错误码 | 错误码描述 |',
  '| 错误码数值 | 错误码定义 | 错误码描述 |',
  '| Error Code | Error Type | Description |',
  '| Code | Name | Description |',
  '| 名称 | 值 | 说明 |',
  '| Value | Meaning |',
];

const tableMutation: Mutation = (text, random) => {
  const all = lines(text);
  const header = random.pick(tableHeaders);
  const columns = header.split('|').length - 2;
  const rows = Array.from({ length: random.between(0, 4) }, () =>
    `| ${Array.from({ length: random.chance(0.8) ? columns : random.between(1, columns + 2) }, (_unused, column) =>
      column === 0 && random.chance(0.7) ? String(random.between(-200, 9_999_999)) : random.pick(['text', '文本', '`code`', '', '<!--Del-->', 'a \\| b', '**bold**'])).join(' | ')} |`,
  );
  const tableLines = [header, `|${' --- |'.repeat(columns)}`, ...rows];
  const at = random.below(all.length + 1);
  const existing = all.findIndex((line, index) => index >= at && /^\s*\|.*\|\s*$/.test(line));
  if (existing >= 0 && random.chance(0.5)) {
    // Swap the header of the next table (its language or kind changes).
    all[existing] = header;
    return { text: all.join('\n'), what: `table header at line ${existing + 1} becomes ${JSON.stringify(header)}` };
  }
  all.splice(at, 0, ...(random.chance(0.5) ? [''] : []), ...tableLines, '');
  return { text: all.join('\n'), what: `insert a ${columns}-column table ${JSON.stringify(header)} with ${rows.length} rows at line ${at + 1}` };
};

/** Headings without a code where entries are, in both languages. */
const codelessHeading: Mutation = (text, random) => {
  const heading = random.pick(['## Error Codes', '## 错误码', '### Common Error Codes', '## 通用错误码', '## ERR_NO_CODE Missing', '## 0x1001 Hex Code', '## 1001-1003 Range', '##  Spaced', '## 12345678901234567890 Big']);
  const at = lineStart(text, random);
  return { text: insertAt(text, at, `${heading}\n\n`), what: `insert heading ${JSON.stringify(heading)} at ${at}` };
};

mutations.push([4, moveMarkerIntoConstruct], [3, strayComment], [2, tableMutation], [1, codelessHeading]);

const totalWeight = mutations.reduce((sum, [weight]) => sum + weight, 0);

function pickMutation(random: Random): Mutation {
  let roll = random.below(totalWeight);
  for (const [weight, mutation] of mutations) {
    if (roll < weight) return mutation;
    roll -= weight;
  }
  return mutations[0]![1];
}

/**
 * Case `index` of a run: one base page with 1–8 mutations, the same for the same seed every time.
 * @param pages Base pages.
 * @param seed Seed of this case (see `caseSeed`).
 */
export function makeCase(pages: readonly BasePage[], seed: number): FuzzCase {
  const random = new Random(seed);
  const page = random.below(pages.length);
  let text = pages[page]!.source;
  const done: string[] = [];
  const count = random.between(1, 8);
  for (let step = 0; step < count; step++) {
    const result = pickMutation(random)(text, random);
    text = result.text;
    done.push(result.what);
  }
  return { page, path: pages[page]!.path, mutations: done, text };
}
