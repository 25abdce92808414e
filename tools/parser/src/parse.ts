import type { Heading, Paragraph, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type {
  Diagnostic,
  EntryTexts,
  ErrorDocument,
  ErrorEntry,
  ErrorVariant,
  PageMetadata,
  PublicEntryTexts,
  Section,
  SourcePosition,
  Visibility,
} from '@errcat/schema';
import { DEFAULT_LOCALE, normalizeLocale } from '@errcat/schema';
import { cleanLabel, labelKind, looksLikeLabel } from './labels.js';
import { LineIndex } from './lines.js';
import { delRemovalSpans, findMarkers, pairMarkers, removeSpans, toMarkedRegions, type MarkerRegion } from './markers.js';
import { readMetadata, readMetadataPositions } from './metadata.js';
import { kitFolderFromPath, localeFromPath, moduleFromPath } from './paths.js';
import { isCommentOnly, isMarkerOnly, plainText, SourceText, splitItems } from './text.js';
import { readTable } from './table.js';

/** Options for {@link parse}. */
export interface ParseOptions {
  /** Path of the file, used in positions and diagnostics. */
  path: string;
  /** Locale of the page (BCP-47 or a folder name like `zh-cn`); derived from the path when absent. */
  locale?: string;
  /** Module name; derived from `errorcode-<module>.md` when absent. */
  module?: string;
  /** Codes documented on this page that another module owns. */
  borrowedCodes?: readonly number[];
}

/** Result of {@link parse}. */
export interface ParseResult {
  document: ErrorDocument;
  diagnostics: Diagnostic[];
}

const plainProcessor = unified().use(remarkParse);
const tableProcessor = unified().use(remarkParse).use(remarkGfm);
/** A GFM table needs a delimiter row; only pages with one pay for the GFM extensions. */
const tableDelimiterRow = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*\|/m;

/**
 * Parse Markdown into a syntax tree with positions (GFM tables only where a page has one).
 * @param source Markdown with LF line endings.
 */
export function parseMarkdown(source: string): Root {
  const processor = tableDelimiterRow.test(source) ? tableProcessor : plainProcessor;
  return processor.parse(source);
}

/**
 * Strip a byte-order mark and turn CRLF or CR line endings into LF.
 * @param markdown Page source as read.
 */
export function normalizeSource(markdown: string): string {
  const withoutBom = markdown.charCodeAt(0) === 0xfeff ? markdown.slice(1) : markdown;
  return withoutBom.includes('\r') ? withoutBom.replace(/\r\n?/g, '\n') : withoutBom;
}

const codeHeading = /^(-?\d{1,16})(?=\s|$)\s*([\s\S]*)$/;

interface LabelStart {
  label: string;
  /** Where the body starts when the label shares its paragraph with text (`**Cause**\ntext`). */
  inlineBodyStart?: number;
}

/** Context shared by the readers of one page. */
class PageReader {
  readonly text: SourceText;
  readonly lines: LineIndex;
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    source: string,
    readonly file: string,
    readonly delRegions: readonly MarkerRegion[],
    readonly allRegions: readonly MarkerRegion[],
  ) {
    this.text = new SourceText(source);
    this.lines = new LineIndex(source, file);
  }

  visibilityAt(offset: number): Visibility {
    return this.delRegions.some((region) => offset >= region.contentStart && offset < region.contentEnd)
      ? 'system'
      : 'public';
  }

  positionOf(node: RootContent, lastNode: RootContent = node) {
    const position = this.lines.position(this.text.start(node));
    const endLine = lastNode.position?.end.line;
    return endLine !== undefined && endLine !== position.line ? { ...position, endLine } : position;
  }

  headingText(heading: Heading): string {
    if (heading.children.length === 0) return '';
    return this.text.slice(this.text.start(heading.children[0]!), this.text.end(heading.children.at(-1)!));
  }

  /** A sub-heading that is a known label (`#### Error Message`), not the title of a variant. */
  isLabelHeading(node: RootContent): boolean {
    return node.type === 'heading' && labelKind(cleanLabel(toString(node))) !== 'extra';
  }

  /** Recognise a label paragraph (`**Error Message**`, `**错误信息：**`, `**Cause**` + text). */
  labelOf(node: RootContent): LabelStart | undefined {
    if (node.type === 'heading') {
      const label = cleanLabel(toString(node));
      return this.isLabelHeading(node) ? { label } : undefined;
    }
    if (node.type !== 'paragraph') return undefined;
    const paragraph: Paragraph = node;
    const [first, second] = paragraph.children;
    if (first?.type !== 'strong') return undefined;
    const label = cleanLabel(toString(first));
    const afterStrong = this.text.end(first);
    const rest = this.text.source.slice(afterStrong, this.text.end(paragraph));
    const sameLineRest = /^[ \t]*[:：]?[ \t]*(?=\n|$)/.exec(rest);
    if (!sameLineRest) return undefined;
    if (!looksLikeLabel(label)) return undefined;
    const remainder = rest.slice(sameLineRest[0].length);
    if (remainder.trim().length === 0) return { label };
    if (second === undefined) return { label };
    return { label, inlineBodyStart: afterStrong + sameLineRest[0].length + 1 };
  }

  /** Read labelled sections from the blocks of an entry or variant. */
  readTexts(blocks: readonly RootContent[]): { texts: EntryTexts; intro: RootContent[]; labelled: boolean } {
    const intro: RootContent[] = [];
    const sections: Array<{ label: string; labelNode: RootContent; inlineBodyStart?: number; body: RootContent[] }> = [];
    for (const block of blocks) {
      const label = this.labelOf(block);
      if (label) {
        sections.push({ label: label.label, labelNode: block, inlineBodyStart: label.inlineBodyStart, body: [] });
      } else if (sections.length > 0) {
        sections.at(-1)!.body.push(block);
      } else {
        intro.push(block);
      }
    }
    const texts: EntryTexts = {
      message: '',
      messageMarkdown: '',
      description: '',
      causes: [],
      solutions: [],
      sections: [],
    };
    for (const section of sections) {
      const body = trimMarkerBlocks(section.body);
      const kind = labelKind(section.label);
      const bodyStart =
        section.inlineBodyStart ?? (body.length > 0 ? this.text.start(body[0]!) : this.text.end(section.labelNode));
      const bodyEnd = body.length > 0 ? this.text.end(body.at(-1)!) : this.text.end(section.labelNode);
      const markdown = this.text.slice(bodyStart, bodyEnd);
      const record: Section = {
        kind,
        label: section.label,
        markdown,
        position: this.positionOf(section.labelNode, body.at(-1) ?? section.labelNode),
      };
      texts.sections.push(record);
      if (kind === 'extra') {
        this.diagnostics.push({
          severity: 'info',
          ruleId: 'unknown-label',
          message: `label "${section.label}" is not one errcat knows; kept as an extra section`,
          position: this.lines.position(this.text.start(section.labelNode)),
        });
        continue;
      }
      // Text sharing the label's paragraph (`**Cause**` then `1.text` on the next line) is read on its own.
      const pieces: Array<{ nodes: readonly RootContent[]; text: SourceText }> = [];
      if (section.inlineBodyStart !== undefined) {
        const head = this.text.source.slice(section.inlineBodyStart, this.text.end(section.labelNode));
        pieces.push({ nodes: parseMarkdown(head).children, text: new SourceText(head) });
      }
      pieces.push({ nodes: body, text: this.text });
      switch (kind) {
        case 'message':
          texts.message = joinText(texts.message, pieces.map((piece) => plainText(piece.nodes)).filter(Boolean).join('\n'), '\n');
          texts.messageMarkdown = joinText(texts.messageMarkdown, markdown, '\n\n');
          break;
        case 'description':
          texts.description = joinText(texts.description, markdown, '\n\n');
          break;
        case 'causes':
          texts.causes.push(...pieces.flatMap((piece) => splitItems(piece.nodes, piece.text)));
          break;
        case 'solutions':
          texts.solutions.push(...pieces.flatMap((piece) => splitItems(piece.nodes, piece.text)));
          break;
      }
    }
    return { texts, intro, labelled: sections.length > 0 };
  }
}

function joinText(existing: string, next: string, separator: string): string {
  return existing.length === 0 ? next : next.length === 0 ? existing : `${existing}${separator}${next}`;
}

/** Drop marker-only blocks at either end of a body: they bound the entry, not its text. */
function trimMarkerBlocks(blocks: readonly RootContent[]): RootContent[] {
  let from = 0;
  let to = blocks.length;
  while (from < to && isDelMarkerOnly(blocks[from]!)) from++;
  while (to > from && isDelMarkerOnly(blocks[to - 1]!)) to--;
  return blocks.slice(from, to);
}

function isDelMarkerOnly(node: RootContent): boolean {
  return isMarkerOnly(node) && node.type === 'html' && !/RP\d/.test(node.value);
}

interface EntryDraft {
  code: number;
  heading: Heading;
  title: string;
  group?: string;
  blocks: RootContent[];
}

/**
 * Parse one error-code page.
 * @param markdown Page source.
 * @param options Where the page comes from.
 * @returns The canonical document and every problem found; never throws on bad Markdown.
 */
export function parse(markdown: string, options: ParseOptions): ParseResult {
  const file = options.path;
  const source = normalizeSource(markdown);
  const tree = parseMarkdown(source);
  const lineIndex = new LineIndex(source, file);
  const markers = findMarkers(source, tree);
  const paired = pairMarkers(markers, source.length, (offset) => lineIndex.position(offset));
  const delRegions = paired.regions.filter((region) => region.name === 'Del');
  const reader = new PageReader(source, file, delRegions, paired.regions);
  reader.diagnostics.push(...paired.diagnostics);

  const blocks = tree.children;
  let title = '';
  let titleIndex = -1;
  const firstHeading = blocks.findIndex((node) => node.type === 'heading');
  if (firstHeading !== -1) {
    const heading = blocks[firstHeading] as Heading;
    if (!codeHeading.test(reader.headingText(heading))) {
      title = reader.headingText(heading);
      titleIndex = firstHeading;
    }
  }

  const drafts: EntryDraft[] = [];
  const tables: Table[] = [];
  const preamble: RootContent[] = [];
  let current: EntryDraft | undefined;
  let group: { title: string; depth: number } | undefined;
  blocks.forEach((node, index) => {
    if (index === titleIndex) return;
    if (node.type === 'heading') {
      const text = reader.headingText(node);
      const match = codeHeading.exec(text);
      if (match) {
        const code = Number(match[1]);
        current = { code, heading: node, title: match[2]!.trim(), blocks: [] };
        if (group && group.depth < node.depth) current.group = group.title;
        drafts.push(current);
        if (!Number.isSafeInteger(code)) {
          reader.diagnostics.push({
            severity: 'error',
            ruleId: 'invalid-code',
            message: `code ${match[1]} is too large to be an error code`,
            position: reader.positionOf(node),
          });
        }
        return;
      }
      if (current && node.depth > current.heading.depth) {
        current.blocks.push(node);
        return;
      }
      current = undefined;
      group = { title: text, depth: node.depth };
      return;
    }
    if (current) current.blocks.push(node);
    else if (!group) preamble.push(node);
    if (node.type === 'table' && !current) tables.push(node);
  });

  const borrowed = new Set(options.borrowedCodes ?? []);
  const errors: ErrorEntry[] = drafts
    .filter((draft) => Number.isSafeInteger(draft.code))
    .map((draft) => readEntry(reader, draft, borrowed));
  for (const table of tables) {
    errors.push(...readTable(table, reader.text, reader.lines, (offset) => reader.visibilityAt(offset), borrowed, reader.diagnostics));
  }
  errors.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);

  const metadataBlocks = preamble.filter((node) => node.type === 'html');
  const metadata: PageMetadata = readMetadata(metadataBlocks);
  const introBlocks = trimMarkerBlocks(preamble.filter((node) => !(isCommentOnly(node) && !isMarkerOnly(node)) && node.type !== 'table'));

  const locale = options.locale !== undefined ? normalizeLocale(options.locale) : (localeFromPath(file) ?? DEFAULT_LOCALE);
  const document: ErrorDocument = {
    schemaVersion: 1,
    file,
    locale,
    module: options.module ?? moduleFromPath(file),
    title,
    metadata,
    intro: reader.text.ofNodes(introBlocks),
    errors,
    regions: toMarkedRegions(paired.regions, lineIndex),
  };
  const kitFolder = kitFolderFromPath(file);
  if (kitFolder !== undefined) document.kitFolder = kitFolder;
  const metadataPositions = readMetadataPositions(metadataBlocks, file);
  if (Object.keys(metadataPositions).length > 0) document.metadataPositions = metadataPositions;

  if (source.trim().length === 0) {
    reader.diagnostics.push({
      severity: 'error',
      ruleId: 'empty-page',
      message: 'the page is empty',
      position: { file, line: 1, column: 1 },
    });
  } else if (errors.length === 0) {
    reader.diagnostics.push({
      severity: 'warning',
      ruleId: 'no-codes',
      message: 'the page documents no error codes (fine for a page that points to the universal codes)',
      position: { file, line: 1, column: 1 },
    });
  }
  return { document, diagnostics: reader.diagnostics };
}

function readEntry(reader: PageReader, draft: EntryDraft, borrowed: ReadonlySet<number>): ErrorEntry {
  const headingStart = reader.text.start(draft.heading);
  const visibility = reader.visibilityAt(headingStart);
  const variantStart = draft.blocks.findIndex((node) => node.type === 'heading' && !reader.isLabelHeading(node));
  const ownBlocks = variantStart === -1 ? draft.blocks : draft.blocks.slice(0, variantStart);
  const { texts, intro, labelled } = reader.readTexts(ownBlocks);
  const variants = variantStart === -1 ? [] : readVariants(reader, draft.blocks.slice(variantStart), visibility);
  const lastBlock = draft.blocks.length > 0 ? trimMarkerBlocks(draft.blocks).at(-1) : undefined;
  const entry: ErrorEntry = {
    code: draft.code,
    title: draft.title,
    visibility,
    ...texts,
    position: reader.positionOf(draft.heading, lastBlock ?? draft.heading),
  };
  if (draft.group !== undefined) entry.group = draft.group;
  const introText = reader.text.ofNodes(trimMarkerBlocks(intro));
  if (introText.length > 0) entry.intro = introText;
  if (variants.length > 0) {
    entry.variants = variants;
    if (entry.message === '' && variants.length > 0) {
      // The runtime messages of a code with variants are the variants' messages.
      entry.message = variants.map((variant) => variant.message).filter(Boolean).join('\n');
    }
  }
  if (!labelled && variants.length === 0) entry.stub = true;
  if (borrowed.has(draft.code)) entry.borrowed = true;
  const entryStart = headingStart;
  const entryEnd = lastBlock ? reader.text.end(lastBlock) : reader.text.end(draft.heading);
  const markers = [
    ...new Set(
      reader.allRegions
        .filter((region) => region.name !== 'Del' && region.start >= entryStart && region.start < entryEnd)
        .map((region) => region.name),
    ),
  ];
  if (markers.length > 0) entry.markers = markers;
  if (visibility === 'public') {
    const inner = reader.delRegions.filter((region) => region.start >= entryStart && region.start < entryEnd);
    if (inner.length > 0) entry.publicTexts = publicTextsOf(reader, entryStart, entryEnd, inner);
  }
  if (draft.title.length === 0) {
    reader.diagnostics.push({
      severity: 'warning',
      ruleId: 'missing-title',
      message: `code ${draft.code} has no title after the code in its heading`,
      position: reader.positionOf(draft.heading),
    });
  }
  return entry;
}

/** Read a public entry again with its Del parts removed, positions mapped back to the full page. */
function publicTextsOf(reader: PageReader, from: number, to: number, regions: readonly MarkerRegion[]): PublicEntryTexts {
  const source = reader.text.source;
  const spans = delRemovalSpans(source, regions).filter(([start]) => start >= from && start < to);
  const slice = source.slice(from, Math.max(to, ...spans.map(([, end]) => end)));
  const local = removeSpans(slice, spans.map(([start, end]) => [start - from, end - from] as const));
  const sub = parse(local.text, { path: reader.file });
  const entry = sub.document.errors[0];
  const mapped = remapPositions(entry, (line, column) =>
    reader.lines.position(from + local.toSourceOffset(offsetOf(local.text, line, column))),
  );
  const texts: PublicEntryTexts = {
    message: mapped?.message ?? '',
    messageMarkdown: mapped?.messageMarkdown ?? '',
    description: mapped?.description ?? '',
    causes: mapped?.causes ?? [],
    solutions: mapped?.solutions ?? [],
    sections: mapped?.sections ?? [],
  };
  if (mapped?.intro !== undefined) texts.intro = mapped.intro;
  if (mapped?.stub) texts.stub = true;
  if (mapped?.variants) texts.variants = mapped.variants;
  return texts;
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) offset = text.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

/** Copy a value, turning every source position (line/column in a sub-document) into one of the page. */
function remapPositions<T>(value: T, map: (line: number, column: number) => SourcePosition): T {
  if (Array.isArray(value)) return value.map((item) => remapPositions(item, map)) as T;
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (typeof record['line'] === 'number' && typeof record['column'] === 'number' && typeof record['file'] === 'string') {
    const start = map(record['line'], record['column']);
    const position: SourcePosition = start;
    if (typeof record['endLine'] === 'number') {
      const end = map(record['endLine'], 1);
      if (end.line !== start.line) position.endLine = end.line;
    }
    return position as T;
  }
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, remapPositions(item, map)])) as T;
}

function readVariants(reader: PageReader, blocks: readonly RootContent[], parentVisibility: Visibility): ErrorVariant[] {
  const variants: ErrorVariant[] = [];
  let heading: Heading | undefined;
  let body: RootContent[] = [];
  const flush = () => {
    if (!heading) return;
    const { texts, intro } = reader.readTexts(body);
    const introText = reader.text.ofNodes(trimMarkerBlocks(intro));
    const visibility = parentVisibility === 'system' ? 'system' : reader.visibilityAt(reader.text.start(heading));
    const last = trimMarkerBlocks(body).at(-1) ?? heading;
    const variant: ErrorVariant = { title: reader.headingText(heading), visibility, ...texts, position: reader.positionOf(heading, last) };
    if (introText.length > 0) variant.intro = introText;
    variants.push(variant);
  };
  for (const node of blocks) {
    if (node.type === 'heading' && !reader.isLabelHeading(node)) {
      flush();
      heading = node;
      body = [];
    } else {
      body.push(node);
    }
  }
  flush();
  return variants;
}
