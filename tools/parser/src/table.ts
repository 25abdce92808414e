import { lstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Heading, Nodes, Paragraph, PhrasingContent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Processor } from 'unified';
import { decodeInline } from './text.js';

// GFM tables are read from the plain syntax tree, where a table is a paragraph (or, over a `---`
// line, a setext heading): micromark's table extension costs 2–5× the bare parse of a page made of
// tables. The extension still reads a table whose inline markup (emphasis, code, a link) runs
// across a `|`, where a cell's own parse would differ from the paragraph's.

/** One cell: its trimmed source range and its text as Markdown renders it. */
export interface TableCell {
  from: number;
  to: number;
  /** Plain text (markup dropped, escapes and character references decoded, HTML kept). */
  plain: string;
}

/** One row of a table. */
export interface TableRow {
  /** Offset of the row's first character (after indentation). */
  start: number;
  /** Offset after its last character. */
  end: number;
  cells: TableCell[];
}


/** A GFM table found in a paragraph or setext heading. */
export interface TableSource {
  node: Paragraph | Heading;
  header: TableRow;
  rows: TableRow[];
  start: number;
  end: number;
}

interface Line {
  from: number;
  to: number;
}

/** Lines of a node's source, each from its first non-blank character. */
function linesOf(source: string, from: number, to: number): Line[] {
  const lines: Line[] = [];
  let start = from;
  while (start <= to) {
    const newline = source.indexOf('\n', start);
    const end = newline === -1 || newline > to ? to : newline;
    lines.push({ from: start, to: end });
    if (end >= to) break;
    start = end + 1;
  }
  return lines;
}

function indentOf(source: string, line: Line): number {
  let column = 0;
  for (let i = line.from; i < line.to; i++) {
    const char = source.charCodeAt(i);
    if (char === 0x20) column++;
    else if (char === 0x09) column += 4 - (column % 4);
    else break;
  }
  return column;
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** Cells of a row line, split at unescaped pipes; a leading and a trailing pipe open and close the row. */
export function splitRow(source: string, line: Line): Array<{ from: number; to: number }> {
  let i = line.from;
  while (i < line.to && isBlank(source.charCodeAt(i))) i++;
  if (source.charCodeAt(i) === 0x7c) i++;
  const cells: Array<{ from: number; to: number }> = [];
  const push = (from: number, to: number) => {
    while (from < to && isBlank(source.charCodeAt(from))) from++;
    while (to > from && isBlank(source.charCodeAt(to - 1))) to--;
    cells.push({ from, to });
  };
  let cellStart = i;
  let sawPipe = false;
  while (i < line.to) {
    const char = source.charCodeAt(i);
    if (char === 0x5c) i += 2;
    else if (char === 0x7c) {
      push(cellStart, i);
      sawPipe = true;
      cellStart = ++i;
    } else i++;
  }
  let tail = Math.min(i, line.to);
  while (tail > cellStart && isBlank(source.charCodeAt(tail - 1))) tail--;
  if (tail > cellStart || !sawPipe) push(cellStart, line.to);
  return cells;
}

const delimiterCell = /^:?-+:?$/;

function isDelimiterRow(source: string, line: Line, cells: ReadonlyArray<{ from: number; to: number }>): boolean {
  const text = source.slice(line.from, line.to);
  if (cells.length === 0 || !(text.includes('|') || text.includes(':'))) return false;
  return cells.every((cell) => delimiterCell.test(source.slice(cell.from, cell.to)));
}

/** A header row needs more than a lone pipe. */
const lonePipe = /^[ \t]*\|[ \t]*$/;

/**
 * A line that starts another block once a table has begun, though it continues a paragraph in the
 * plain parse: a list item that cannot interrupt a paragraph, or an HTML tag on a line of its own.
 */
const blockStartInTable = /^ {0,3}(?:(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)|<\/?[A-Za-z][A-Za-z0-9-]*(?:[ \t][^>]*)?\/?>[ \t]*$)/;

/**
 * The GFM table a paragraph (or setext heading) of the plain parse holds, if any.
 * @param node A paragraph or heading of the plain tree.
 * @param source The text the tree was parsed from.
 */
export function tableOf(node: Nodes, source: string): TableSource | undefined {
  if (node.type !== 'paragraph' && node.type !== 'heading') return undefined;
  const from = node.position?.start.offset ?? 0;
  const to = node.position?.end.offset ?? 0;
  const text = source.slice(from, to);
  if (!(text.includes('|') || text.includes(':')) || !text.includes('-') || !text.includes('\n')) return undefined;
  let lines = linesOf(source, from, to);
  // A setext heading's last line is its underline: a row of the table when made of `=`, else a thematic break.
  if (node.type === 'heading' && !/^ {0,3}=+[ \t]*$/.test(source.slice(lines.at(-1)!.from, lines.at(-1)!.to))) lines = lines.slice(0, -1);
  for (let index = 0; index + 1 < lines.length; index++) {
    const delimiter = lines[index + 1]!;
    if (indentOf(source, delimiter) > 3 || (index > 0 && indentOf(source, lines[index]!) > 3)) continue;
    const delimiterCells = splitRow(source, delimiter);
    if (!isDelimiterRow(source, delimiter, delimiterCells)) continue;
    const headerLine = lines[index]!;
    if (lonePipe.test(source.slice(headerLine.from, headerLine.to))) continue;
    const headerCells = splitRow(source, headerLine);
    if (headerCells.length !== delimiterCells.length) continue;
    const bodyLines: Line[] = [];
    for (const line of lines.slice(index + 2)) {
      if (indentOf(source, line) > 3 || blockStartInTable.test(source.slice(line.from, line.to))) break;
      bodyLines.push(line);
    }
    const rowOf = (line: Line): TableRow => {
      let start = line.from;
      while (start < line.to && isBlank(source.charCodeAt(start))) start++;
      return { start, end: line.to, cells: splitRow(source, line).map((cell) => ({ ...cell, plain: '' })) };
    };
    const header = rowOf(headerLine);
    const rows = bodyLines.map(rowOf);
    const table: TableSource = { node, header, rows, start: header.start, end: rows.at(-1)?.end ?? delimiter.to };
    // Over a setext underline the plain parse holds no inline nodes for the `===` row.
    if (node.type === 'heading' || !fillPlainTexts(table, source)) readWithGfm(table, source);
    return table;
  }
  return undefined;
}

/** Whether a paragraph of the plain tree has a line that reads as a table row with an integer cell. */
export function rowLikeLines(node: Nodes, source: string): Array<{ start: number; cells: Array<{ from: number; to: number }> }> {
  if (node.type !== 'paragraph') return [];
  const from = node.position?.start.offset ?? 0;
  const to = node.position?.end.offset ?? 0;
  if (!source.slice(from, to).includes('|')) return [];
  const found: Array<{ start: number; cells: Array<{ from: number; to: number }> }> = [];
  for (const line of linesOf(source, from, to)) {
    let start = line.from;
    while (start < line.to && isBlank(source.charCodeAt(start))) start++;
    if (source.charCodeAt(start) !== 0x7c) continue;
    const cells = splitRow(source, line);
    if (cells.length >= 2) found.push({ start, cells });
  }
  return found;
}

/**
 * Fill each cell's plain text from the paragraph's inline nodes.
 * @returns false when a node other than text runs across a cell boundary (then GFM must read it).
 */
function fillPlainTexts(table: TableSource, source: string): boolean {
  const cells = [table.header, ...table.rows].flatMap((row) => row.cells);
  const pieces: string[][] = cells.map(() => []);
  let first = 0;
  const visit = (nodes: readonly PhrasingContent[]): boolean => {
    for (const node of nodes) {
      const start = node.position?.start.offset ?? 0;
      const end = node.position?.end.offset ?? 0;
      while (first < cells.length && cells[first]!.to <= start) first++;
      if (node.type === 'text') {
        for (let index = first; index < cells.length && cells[index]!.from < end; index++) {
          const cell = cells[index]!;
          const from = Math.max(start, cell.from);
          const to = Math.min(end, cell.to);
          if (from < to) pieces[index]!.push(decodeInline(source.slice(from, to)));
        }
        continue;
      }
      const cell = cells[first];
      if (cell === undefined || end <= cell.from) continue; // between cells: a hard break after the last one
      if (start >= cell.from && end <= cell.to) pieces[first]!.push(plainOf(node));
      else return false;
    }
    return true;
  };
  const children = table.node.children as PhrasingContent[];
  if (!visit(children)) return false;
  cells.forEach((cell, index) => (cell.plain = pieces[index]!.join('').trim()));
  return true;
}

/** Text of inline markup as a message reads: a line break for `<br>`, nothing for other HTML (comments, markers). */
function plainOf(node: PhrasingContent): string {
  if (node.type === 'html') return /^<br\s*\/?>$/i.test(node.value) ? '\n' : '';
  return toString(node, { includeHtml: false });
}

let gfmProcessor: { parse: (text: string) => Root } | undefined;
const thisFile = fileURLToPath(import.meta.url);

/**
 * remark with micromark's GFM table extension, loaded the first time a table needs it: few pages
 * do, and loading it with the parser took a third of the parser's loading time in every worker.
 * Loaded with `require` (ES modules, Node 20.19 and 22.12 on) because parsing is synchronous.
 */
function gfmTableParser(): { parse: (text: string) => Root } {
  if (gfmProcessor) return gfmProcessor;
  // As before a lazy import() (tools/build/src/lazy-import.ts): Node 20's realpathSync can trust a
  // stat buffer left by a stat of a pipe (`<(git show …)`); a stat of a real file refills it.
  lstatSync(thisFile);
  const load = createRequire(import.meta.url);
  const { unified } = load('unified') as typeof import('unified');
  const remarkParse = (load('remark-parse') as typeof import('remark-parse')).default;
  const { gfmTable } = load('micromark-extension-gfm-table') as typeof import('micromark-extension-gfm-table');
  const { gfmTableFromMarkdown } = load('mdast-util-gfm-table') as typeof import('mdast-util-gfm-table');
  function tableExtension(this: Processor) {
    const data = this.data();
    (data.micromarkExtensions ??= []).push(gfmTable());
    (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
  }
  return (gfmProcessor = unified().use(remarkParse).use(tableExtension));
}

/** Read a table's cells with micromark's GFM table extension (cells whose markup crosses a `|`). */
function readWithGfm(table: TableSource, source: string): void {
  const gfm = gfmTableParser();
  const parseFrom = (from: number) => {
    const found = gfm.parse(source.slice(from, table.end)).children.find((node) => node.type === 'table');
    return found && from + (found.position?.start.offset ?? -1) === table.header.start ? found : undefined;
  };
  // From the start of the paragraph (a header line that continues it reads differently on its own);
  // from the start of the page when what comes before the paragraph matters too.
  const paragraphStart = source.lastIndexOf('\n', (table.node.position?.start.offset ?? table.start) - 1) + 1;
  let lineStart = paragraphStart;
  let parsed = parseFrom(paragraphStart);
  if (!parsed && paragraphStart > 0) parsed = parseFrom((lineStart = 0));
  if (!parsed) return;
  const toRow = (row: (typeof parsed.children)[number]): TableRow => ({
    start: lineStart + (row.position?.start.offset ?? 0),
    end: lineStart + (row.position?.end.offset ?? 0),
    cells: row.children.map((cell) => {
      const first = cell.children[0];
      const last = cell.children.at(-1);
      const from = lineStart + (first?.position?.start.offset ?? cell.position?.start.offset ?? 0);
      const to = lineStart + (last?.position?.end.offset ?? from - lineStart);
      return { from, to, plain: cell.children.map(plainOf).join('').trim() };
    }),
  });
  const [header, ...rows] = parsed.children;
  if (!header) return;
  table.header = toRow(header);
  table.rows = rows.map(toRow);
  table.end = table.rows.at(-1)?.end ?? table.end;
}
