import type { List, ListItem, Nodes, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { decodeString } from 'micromark-util-decode-string';

/** Reads source slices of nodes from the text they were parsed from. */
export class SourceText {
  /**
   * @param source The text the nodes were parsed from.
   */
  constructor(readonly source: string) {}

  /** Offset where a node starts. */
  start(node: Nodes): number {
    return node.position?.start.offset ?? 0;
  }

  /** Offset where a node ends. */
  end(node: Nodes): number {
    return node.position?.end.offset ?? 0;
  }

  /** Source between two offsets with surrounding blank space removed. */
  slice(from: number, to: number): string {
    return this.source.slice(from, to).trim();
  }

  /** Source of a run of sibling nodes. */
  ofNodes(nodes: readonly Nodes[]): string {
    if (nodes.length === 0) return '';
    return this.slice(this.start(nodes[0]!), this.end(nodes.at(-1)!));
  }

  /** Source of a list item without its marker, continuation lines dedented. */
  ofListItem(item: ListItem): string {
    if (item.children.length === 0) return '';
    const first = item.children[0]!;
    const indent = (first.position?.start.column ?? 1) - 1;
    const text = this.ofNodes(item.children);
    if (indent === 0) return text;
    const leading = new RegExp(`^ {0,${indent}}`);
    return text
      .split('\n')
      .map((line, index) => (index === 0 ? line : line.replace(leading, '')))
      .join('\n');
  }
}

const contentMarker = /^<!--[ \t]*(?:Del|RP\d+)(?:End)?[ \t]*-->$/;

/**
 * Whether a block is only a content marker (or several) such as `<!--Del-->`.
 * @param node A block node.
 */
export function isMarkerOnly(node: RootContent): boolean {
  if (node.type !== 'html') return false;
  return node.value
    .split(/(?<=-->)/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .every((part) => contentMarker.test(part));
}

/**
 * Whether a block is an HTML comment and nothing else (markers, metadata, notes to editors).
 * @param node A block node.
 */
export function isCommentOnly(node: RootContent): boolean {
  return node.type === 'html' && /^\s*(?:<!--[\s\S]*?-->\s*)+$/.test(node.value);
}

function plainOfList(list: List): string {
  let number = list.start ?? 1;
  return list.children
    .map((item) => {
      const bullet = list.ordered ? `${number++}.` : '-';
      return `${bullet} ${item.children.map((child) => plainOfBlock(child)).filter(Boolean).join('\n')}`;
    })
    .join('\n');
}

function plainOfBlock(node: RootContent): string {
  switch (node.type) {
    case 'html':
      return isCommentOnly(node) ? '' : node.value.trim();
    case 'list':
      return plainOfList(node);
    case 'code':
      return node.value;
    default:
      return toString(node, { includeHtml: false }).trim();
  }
}

/**
 * Plain text of blocks, as a runtime message reads: paragraphs on their own lines, list items
 * numbered, comments dropped.
 * @param nodes Body blocks of a section.
 */
export function plainText(nodes: readonly RootContent[]): string {
  return nodes
    .map((node) => plainOfBlock(node))
    .filter((text) => text.length > 0)
    .join('\n')
    .trim();
}

/** Numbering a hand-written step may start with: `1.`, `1、`, `1)`, `step1：`, `-`. */
const enumeratedLine = /^\s*(?:\d+\s*[.、)）](?!\d)|step\s*\d+\s*[:：.]|[-*+]\s)\s*/i;

function splitEnumeratedParagraph(text: string): string[] {
  const lines = text.split('\n');
  if (!lines.some((line) => enumeratedLine.test(line))) return [text];
  const items: string[] = [];
  for (const line of lines) {
    const marker = enumeratedLine.exec(line);
    if (marker || items.length === 0) items.push(marker ? line.slice(marker[0].length) : line);
    else items[items.length - 1] += `\n${line}`;
  }
  return items.map((item) => item.trim()).filter((item) => item.length > 0);
}

/**
 * Split a causes or solutions body into items: list items, numbered lines written without list
 * syntax (`1.text`, `1、`, `step1：`), and other blocks one item each. A bullet list written
 * straight after a numbered list belongs to the last numbered item.
 * @param nodes Body blocks of a section.
 * @param text Source reader.
 */
export function splitItems(nodes: readonly RootContent[], text: SourceText): string[] {
  const items: string[] = [];
  let previous: RootContent | undefined;
  for (const node of nodes) {
    if (isCommentOnly(node)) continue;
    if (node.type === 'list') {
      const entries = node.children.map((item) => text.ofListItem(item)).filter((item) => item.length > 0);
      if (!node.ordered && previous?.type === 'list' && previous.ordered && items.length > 0) {
        items[items.length - 1] += `\n${text.ofNodes([node])}`;
      } else {
        items.push(...entries);
      }
    } else if (node.type === 'paragraph') {
      items.push(...splitEnumeratedParagraph(text.ofNodes([node])));
    } else {
      const source = text.ofNodes([node]);
      if (source.length > 0) items.push(source);
    }
    previous = node;
  }
  return items;
}

/**
 * Text of a run of Markdown without markup, as the parser gives it: backslash escapes and character
 * references decoded, NUL replaced (as micromark does).
 * @param source Markdown source of plain text (no markup inside).
 */
export function decodeInline(source: string): string {
  const decoded = source.includes('\\') || source.includes('&') ? decodeString(source) : source;
  return decoded.includes('\0') ? decoded.replaceAll('\0', '\ufffd') : decoded;
}
