import type { SectionKind } from '@errcat/schema';

/** Label spellings seen on real pages, lower-cased, mapped to what the section holds. */
const labelKinds: ReadonlyMap<string, SectionKind> = new Map<string, SectionKind>([
  ['error message', 'message'],
  ['error messages', 'message'],
  ['message', 'message'],
  ['错误信息', 'message'],
  ['报错信息', 'message'],
  ['description', 'description'],
  ['error description', 'description'],
  ['错误描述', 'description'],
  ['描述', 'description'],
  ['possible causes', 'causes'],
  ['possible cause', 'causes'],
  ['causes', 'causes'],
  ['cause', 'causes'],
  ['可能原因', 'causes'],
  ['可能的原因', 'causes'],
  ['solution', 'solutions'],
  ['solutions', 'solutions'],
  ['procedure', 'solutions'],
  ['procedures', 'solutions'],
  ['处理步骤', 'solutions'],
  ['处理方法', 'solutions'],
  ['解决方法', 'solutions'],
  ['解决措施', 'solutions'],
]);

/** Longest text a bold-only paragraph may have and still be read as a label it does not know. */
const MAX_UNKNOWN_LABEL_LENGTH = 40;

/**
 * Strip the decoration around a label's text (`Error Message:` → `Error Message`).
 * @param text Text of the bold run.
 */
export function cleanLabel(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/[:：]$/, '').trim();
}

/**
 * What a label announces.
 * @param label Cleaned label text.
 * @returns The section kind, `extra` for a label it does not know.
 */
export function labelKind(label: string): SectionKind {
  return labelKinds.get(label.toLowerCase()) ?? 'extra';
}

/**
 * Whether a bold-only paragraph reads as a label rather than emphasised prose.
 * @param label Cleaned label text.
 */
export function looksLikeLabel(label: string): boolean {
  if (label.length === 0) return false;
  if (labelKinds.has(label.toLowerCase())) return true;
  return label.length <= MAX_UNKNOWN_LABEL_LENGTH && !/[.。!！?？,，;；]$/.test(label);
}
