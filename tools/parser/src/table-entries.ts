import type { Paragraph } from 'mdast';
import type { Diagnostic, ErrorEntry, Section, SectionKind, Visibility } from '@errcat/schema';
import { cleanLabel, labelKind } from './labels.js';
import type { LineIndex } from './lines.js';
import { place, type MarkerRegion } from './markers.js';
import { rowLikeLines, type TableCell, type TableSource } from './table.js';
import { decodeInline, type SourceText } from './text.js';

/** What reading a table needs from its page. */
export interface TableContext {
  text: SourceText;
  lines: LineIndex;
  visibilityAt: (offset: number) => Visibility;
  borrowed: ReadonlySet<number>;
  diagnostics: Diagnostic[];
  delRegions: readonly MarkerRegion[];
}

/** An entry read from a table row, with the offsets of the row. */
export interface TableEntry {
  entry: ErrorEntry;
  range: readonly [number, number];
}

type Column = 'code' | 'title' | SectionKind;

// Header names only say which column is which; the code column is found by what its cells hold.
const codeHeader =
  /^(?:错误码|错误码(?:id|值|数值|编号|号|代码)|错误(?:代码|编码|编号|号)|返回码|返回值|状态码|(?:error|err|return|result|status) ?(?:codes?|numbers?|no\.?|ids?|values?)|errno|codes?|id)$/i;
const titleHeader =
  /^(?:titles?|names?|error ?(?:code )?names?|definitions?|macros?|constants?|enums?|symbols?|错误码名称|错误码名|名称|错误名称|标题|定义|错误码定义|宏定义|宏|枚举|枚举名|常量|常量名)$/i;
const tableOnlyKinds: ReadonlyMap<string, SectionKind> = new Map<string, SectionKind>([
  ['错误码描述', 'description'],
  ['错误码说明', 'description'],
  ['错误说明', 'description'],
  ['说明', 'description'],
  ['含义', 'description'],
  ['meaning', 'description'],
  ['explanation', 'description'],
  ['error code description', 'description'],
  ['错误消息', 'message'],
  ['错误提示', 'message'],
  ['error info', 'message'],
  ['处理建议', 'solutions'],
  ['建议', 'solutions'],
  ['解决方案', 'solutions'],
  ['suggestion', 'solutions'],
  ['suggestions', 'solutions'],
  ['handling suggestion', 'solutions'],
]);
/** Columns of integers that are not codes (row numbers, versions, counts). */
const notCodeHeader = /^(?:序号|编号|no\.?|#|index|idx|seq(?:uence)?|number|num|versions?|api ?versions?|since|版本|版本号|起始版本|api ?level|level|count|数量|次数|默认值|default(?: value)?|取值|取值范围|范围|range|size|大小|长度|length|timeout|超时时间)$/i;

const integerCode = /^[-\u2212]?\d+$/;

function columnOf(header: string): Column {
  const label = cleanLabel(header);
  if (codeHeader.test(label)) return 'code';
  if (titleHeader.test(label)) return 'title';
  return tableOnlyKinds.get(label.toLowerCase()) ?? labelKind(label);
}

function codeValue(plain: string): number | undefined {
  const trimmed = plain.trim();
  if (!integerCode.test(trimmed)) return undefined;
  return Number(trimmed.replace('\u2212', '-'));
}

/**
 * Which column holds the codes: one whose cells are integers in most rows (a column named like a
 * code column wins a tie; row numbers, versions and counts never do). A column named like a code
 * column also counts when at least one of its cells is a code.
 */
function codeColumnOf(table: TableSource, columns: readonly Column[], headers: readonly string[]): number {
  const counts = columns.map((_column, index) => table.rows.filter((row) => codeValue(row.cells[index]?.plain ?? '') !== undefined).length);
  const usable = (index: number) => !notCodeHeader.test(cleanLabel(headers[index]!)) && counts[index]! > 0;
  const most = columns.map((_column, index) => index).filter((index) => usable(index) && counts[index]! * 2 > table.rows.length);
  const named = most.find((index) => columns[index] === 'code');
  if (named !== undefined) return named;
  const unnamed = most.find((index) => columns[index] !== 'title' && columns[index] !== 'message' && columns[index] !== 'description');
  if (unnamed !== undefined && columns.length > 1) return unnamed;
  return columns.findIndex((column, index) => column === 'code' && usable(index));
}

function cellMarkdown(cell: TableCell | undefined, text: SourceText): string {
  if (!cell || cell.to <= cell.from) return '';
  return text.source.slice(cell.from, cell.to).trim().replace(/<br\s*\/?>/gi, '\n');
}

/**
 * Read a table that lists codes, one entry per row. A table without a column of codes gives no
 * entries; one that is named like a code table but has no such column is reported.
 * @param table The table, as found in the plain syntax tree.
 * @param context The page it is on.
 * @param group Heading of the group the table sits under.
 */
export function readTable(table: TableSource, context: TableContext, group?: string): TableEntry[] {
  const { text, lines, diagnostics } = context;
  const headers = table.header.cells.map((cell) => cell.plain);
  const named = headers.map(columnOf);
  const codeIndex = codeColumnOf(table, named, headers);
  // Another column named like the code column (names beside a column of values) holds titles.
  const columns = named.map((column, index) =>
    column === 'code' && index !== codeIndex ? (named.includes('title') ? 'extra' : 'title') : column,
  );
  const position = (offset: number) => lines.position(offset);
  if (codeIndex === -1) {
    const codeNamed = named.indexOf('code');
    if (codeNamed !== -1 && table.rows.length > 0) {
      const sample = table.rows.map((row) => row.cells[codeNamed]?.plain ?? '').find((value) => value.length > 0) ?? '';
      diagnostics.push({
        severity: 'error',
        ruleId: 'unreadable-table',
        message: `the table has a "${headers[codeNamed]}" column but no column of integer codes${sample ? ` (its first cell is "${sample}")` : ''}, so its rows give no codes`,
        position: position(table.header.cells[codeNamed]!.from),
      });
    }
    return [];
  }
  const entries: TableEntry[] = [];
  for (const row of table.rows) {
    const cells = row.cells;
    const rowPosition = position(row.start);
    const codeCell = cells[codeIndex];
    const rawCode = codeCell?.plain ?? '';
    if (cells.length > headers.length) {
      diagnostics.push({
        severity: 'warning',
        ruleId: 'table-row-cells',
        message: `the row has ${cells.length} cells but the header ${headers.length}; what follows cell ${headers.length} is not read (write a | inside a cell as \\|)`,
        position: position(cells[headers.length]!.from),
      });
    }
    const code = codeValue(rawCode);
    if (code === undefined || !Number.isSafeInteger(code)) {
      const at = codeCell && codeCell.to > codeCell.from ? position(codeCell.from) : rowPosition;
      diagnostics.push(
        code === undefined
          ? {
              severity: 'warning',
              ruleId: 'table-row-without-code',
              message: `the row has "${rawCode}" where a code is expected (column "${headers[codeIndex]}"); row skipped`,
              position: at,
            }
          : { severity: 'error', ruleId: 'invalid-code', message: `code ${rawCode} is too large to be an error code`, position: at },
      );
      continue;
    }
    const get = (column: Column) => {
      const index = columns.indexOf(column);
      return index === -1 || index === codeIndex ? '' : cellMarkdown(cells[index], text);
    };
    const plain = (column: Column) => {
      const index = columns.indexOf(column);
      return index === -1 || index === codeIndex ? '' : (cells[index]?.plain ?? '');
    };
    const causes = get('causes');
    const solutions = get('solutions');
    const sections: Section[] = [];
    headers.forEach((header, index) => {
      const column = columns[index]!;
      if (index === codeIndex || column === 'title' || column === 'code') return;
      const markdown = cellMarkdown(cells[index], text);
      if (markdown.length === 0) return;
      sections.push({ kind: column, label: cleanLabel(header), markdown, position: position(cells[index]!.from) });
    });
    const entry: ErrorEntry = {
      code,
      title: get('title'),
      visibility: context.visibilityAt(row.start),
      message: plain('message'),
      messageMarkdown: get('message'),
      description: get('description'),
      causes: causes ? [causes] : [],
      solutions: solutions ? [solutions] : [],
      sections,
      fromTable: true,
      position: rowPosition,
    };
    if (group !== undefined) entry.group = group;
    if (context.borrowed.has(code)) entry.borrowed = true;
    entries.push({ entry, range: [row.start, row.end] });
  }
  const unknown = headers.filter(
    (header, index) => columns[index] === 'extra' && index !== codeIndex && header.length > 0 && !notCodeHeader.test(cleanLabel(header)),
  );
  if (unknown.length > 0) {
    diagnostics.push({
      severity: 'info',
      ruleId: 'unknown-label',
      message: `table column${unknown.length > 1 ? 's' : ''} ${unknown.map((header) => `"${header}"`).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not one errcat knows; kept as extra sections`,
      position: position(table.header.start),
    });
  }
  return entries;
}

/**
 * The codes a table lists (what {@link readTable} would read), without reporting anything.
 * @param table The table.
 */
export function codesOf(table: TableSource): number[] {
  const headers = table.header.cells.map((cell) => cell.plain);
  const codeIndex = codeColumnOf(table, headers.map(columnOf), headers);
  if (codeIndex === -1) return [];
  return table.rows.flatMap((row) => {
    const code = codeValue(row.cells[codeIndex]?.plain ?? '');
    return code === undefined || !Number.isSafeInteger(code) ? [] : [code];
  });
}

/**
 * Report a paragraph whose lines read like rows of a table of codes that Markdown does not read as
 * a table (no delimiter row under the header, or one with another number of cells).
 * @param node A paragraph outside entries that holds no table.
 * @param context The page it is on.
 */
export function unreadableTableRows(node: Paragraph, context: TableContext): void {
  const rows = rowLikeLines(node, context.text.source);
  const source = context.text.source;
  const withCode = rows.find((row) => row.cells.some((cell) => integerCode.test(decodeInline(source.slice(cell.from, cell.to)))));
  if (!withCode) return;
  const first = rows[0]!;
  const delimiter = rows.find((row) => row.cells.every((cell) => /^:?-+:?$/.test(source.slice(cell.from, cell.to))));
  const why = delimiter
    ? `its delimiter row at ${place(context.lines.position(delimiter.start))} has ${delimiter.cells.length} cells and the row above it ${rows[rows.indexOf(delimiter) - 1]?.cells.length ?? 0}`
    : 'there is no delimiter row (| --- | --- |) under its header';
  context.diagnostics.push({
    severity: 'error',
    ruleId: 'unreadable-table',
    message: `these lines read like a table of codes, but ${why}, so Markdown reads them as a paragraph and they give no codes`,
    position: context.lines.position(first.start),
    related: context.lines.position(withCode.start),
  });
}
