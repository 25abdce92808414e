import type { RootContent } from 'mdast';
import type { PageMetadata, SourcePosition } from '@errcat/schema';

const metadataComment = /<!--\s*([A-Za-z][\w -]*?)\s*:\s*([\s\S]*?)\s*-->/g;
const listKeys = ['owner', 'designer', 'tester', 'adviser'] as const;

function splitList(value: string): string[] {
  return value
    .split(/[;；]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/**
 * Read `<!--Key: value-->` comments (Kit, Subsystem, Owner, Designer, Tester, Adviser; any other
 * key is kept under `extra`). List values are split on `;`.
 * @param blocks HTML blocks before the first entry.
 */
export function readMetadata(blocks: readonly RootContent[]): PageMetadata {
  const metadata: PageMetadata = {};
  for (const block of blocks) {
    if (block.type !== 'html') continue;
    for (const match of block.value.matchAll(metadataComment)) {
      const key = match[1]!.trim();
      const value = match[2]!.trim();
      const lower = key.toLowerCase();
      if (lower === 'kit') metadata.kit = value;
      else if (lower === 'subsystem') metadata.subsystem = value;
      else if ((listKeys as readonly string[]).includes(lower)) metadata[lower as (typeof listKeys)[number]] = splitList(value);
      else (metadata.extra ??= {})[key] = splitList(value);
    }
  }
  return metadata;
}

/**
 * Where each `<!--Key: value-->` comment is, keyed as the fields of {@link readMetadata}
 * (`kit`, `subsystem`, `owner`, …; other keys as `extra.<Key>`); the last comment of a key wins,
 * as its value does.
 * @param blocks HTML blocks before the first entry (with positions).
 * @param file Path recorded in the positions.
 */
export function readMetadataPositions(blocks: readonly RootContent[], file: string): Record<string, SourcePosition> {
  const positions: Record<string, SourcePosition> = {};
  for (const block of blocks) {
    const start = block.position?.start;
    if (block.type !== 'html' || !start) continue;
    for (const match of block.value.matchAll(metadataComment)) {
      const key = match[1]!.trim();
      const lower = key.toLowerCase();
      const field = lower === 'kit' || lower === 'subsystem' || (listKeys as readonly string[]).includes(lower) ? lower : `extra.${key}`;
      const before = block.value.slice(0, match.index);
      const lineBreaks = before.split(/\r\n|\r|\n/);
      const line = start.line + lineBreaks.length - 1;
      const column = lineBreaks.length === 1 ? start.column + before.length : lineBreaks.at(-1)!.length + 1;
      positions[field] = { file, line, column };
    }
  }
  return positions;
}
