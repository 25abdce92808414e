import type { Table, TableCell } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Diagnostic, ErrorEntry, Visibility } from '@errcat/schema';
import { cleanLabel, labelKind } from './labels.js';
import type { LineIndex } from './lines.js';
import type { SourceText } from './text.js';

const codeColumn = /^(?:错误码|错误码id|错误码值|错误码编号|error ?codes?|codes?|id|error ?id)$/i;
const titleColumn = /^(?:title|name|error ?name|错误码名称|名称|错误名称|标题)$/i;

type Column = 'code' | 'title' | 'message' | 'description' | 'causes' | 'solutions' | 'other';

function columnOf(header: string): Column {
  const label = cleanLabel(header);
  if (codeColumn.test(label)) return 'code';
  if (titleColumn.test(label)) return 'title';
  const kind = labelKind(label);
  return kind === 'extra' ? 'other' : kind;
}

function cellSource(cell: TableCell | undefined, text: SourceText): string {
  if (!cell || cell.children.length === 0) return '';
  return text.ofNodes(cell.children).replace(/<br\s*\/?>/gi, '\n');
}

/**
 * Read a table that lists codes, one entry per row. Tables without a code column are not entries.
 * @param table The table node.
 * @param text Source reader.
 * @param lines Line index for positions.
 * @param visibilityAt Visibility of an offset (inside a Del block or not).
 * @param borrowed Codes owned by another module.
 * @param diagnostics Where problems are reported.
 */
export function readTable(
  table: Table,
  text: SourceText,
  lines: LineIndex,
  visibilityAt: (offset: number) => Visibility,
  borrowed: ReadonlySet<number>,
  diagnostics: Diagnostic[],
): ErrorEntry[] {
  const [header, ...rows] = table.children;
  if (!header) return [];
  const columns = header.children.map((cell) => columnOf(toString(cell)));
  const codeIndex = columns.indexOf('code');
  if (codeIndex === -1) return [];
  const entries: ErrorEntry[] = [];
  for (const row of rows) {
    const cells = row.children;
    const rawCode = toString(cells[codeIndex] ?? { type: 'tableCell', children: [] }).trim();
    const position = lines.position(text.start(row));
    if (!/^-?\d{1,16}$/.test(rawCode)) {
      diagnostics.push({
        severity: 'warning',
        ruleId: 'table-row-without-code',
        message: `table row has "${rawCode}" where a code is expected; row skipped`,
        position,
      });
      continue;
    }
    const get = (column: Column) => {
      const index = columns.indexOf(column);
      return index === -1 ? '' : cellSource(cells[index], text);
    };
    const plain = (column: Column) => {
      const index = columns.indexOf(column);
      const cell = index === -1 ? undefined : cells[index];
      return cell ? toString(cell).trim() : '';
    };
    const message = get('message');
    const causes = get('causes');
    const solutions = get('solutions');
    const entry: ErrorEntry = {
      code: Number(rawCode),
      title: get('title'),
      visibility: visibilityAt(text.start(row)),
      message: plain('message'),
      messageMarkdown: message,
      description: get('description'),
      causes: causes ? [causes] : [],
      solutions: solutions ? [solutions] : [],
      sections: header.children.flatMap((cell, index) => {
        const column = columns[index]!;
        if (column === 'code' || column === 'title') return [];
        const markdown = cellSource(cells[index], text);
        if (markdown.length === 0) return [];
        const label = cleanLabel(toString(cell));
        return [{ kind: column === 'other' ? 'extra' : column, label, markdown, position }];
      }),
      fromTable: true,
      position,
    };
    if (borrowed.has(entry.code)) entry.borrowed = true;
    entries.push(entry);
  }
  return entries;
}
