import type { Heading, Nodes, Paragraph, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type {
  Diagnostic,
  EntryTexts,
  ErrorDocument,
  ErrorEntry,
  ErrorVariant,
  PageMetadata,
  Section,
  Visibility,
} from '@errcat/schema';
// The locale helpers alone: the package's index also loads the schemas and their validators.
import { DEFAULT_LOCALE, normalizeLocale } from '@errcat/schema/locale';
import { cleanLabel, labelKind, looksLikeLabel } from './labels.js';
import { LineIndex } from './lines.js';
import { markdownTree } from './markdown-tree.js';
import { pairMarkers, scanMarkers, toMarkedRegions, type MarkerRegion } from './markers.js';
import { readMetadata, readMetadataPositions } from './metadata.js';
import { kitFolderFromPath, localeFromPath, moduleFromPath } from './paths.js';
import { codesOf, readTable, unreadableTableRows, type TableEntry } from './table-entries.js';
import { tableOf, type TableSource } from './table.js';
import { isCommentOnly, isMarkerOnly, plainText, SourceText, splitItems } from './text.js';

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

/**
 * Parse Markdown into a syntax tree with positions (CommonMark; tables are read from it by errcat).
 * @param source Markdown with LF line endings.
 */
export function parseMarkdown(source: string): Root {
  return markdownTree(source);
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
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    source: string,
    readonly file: string,
    readonly lines: LineIndex,
    readonly delRegions: readonly MarkerRegion[],
    readonly allRegions: readonly MarkerRegion[],
  ) {
    this.text = new SourceText(source);
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

  /** A label errcat knows (not an extra section): what makes a heading an entry. */
  isKnownLabel(node: RootContent): boolean {
    const label = this.labelOf(node);
    return label !== undefined && labelKind(label.label) !== 'extra';
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
      if (section.inlineBodyStart !== undefined && kind !== 'description') {
        const head = this.text.source.slice(section.inlineBodyStart, this.text.end(section.labelNode));
        const nodes = inlineBodyBlocks(section.labelNode as Paragraph, head) ?? parseMarkdown(head).children;
        pieces.push({ nodes, text: new SourceText(head) });
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

/** A first line that, read on its own, may start a block other than a paragraph (CommonMark's block starts, widely). */
const blockStartLine = /^(?:[ \t#>\[<]|`{3}|~{3}|[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|(?:[-*_][ \t]*){3,}$)/;
/** What may stand between a label's strong text and the end of its line. */
const labelLineRest = /^[ \t]*[:：]?[ \t]*/;

/**
 * The blocks that the text after a label's line (`head`, from the next line to the end of the
 * label's top-level paragraph) reads as on its own, taken from the paragraph's own inline nodes
 * instead of a parse of `head` where that gives the same: `head` does not start a block of another
 * kind, so it is one paragraph of the lines it continues in the full page, and nothing in it
 * refers to a link definition (which `head` alone would not have). Otherwise `undefined`.
 * @param paragraph The label's paragraph, its first child the label's strong text.
 * @param head Its source from the line after the label's to its end.
 */
export function inlineBodyBlocks(paragraph: Paragraph, head: string): RootContent[] | undefined {
  const newline = head.indexOf('\n');
  if (blockStartLine.test(newline === -1 ? head : head.slice(0, newline))) return undefined;
  const rest = paragraph.children.slice(1);
  const first = rest[0];
  if (first?.type === 'text') {
    const prefix = labelLineRest.exec(first.value)![0];
    if (first.value.charCodeAt(prefix.length) === 0x0a) {
      const value = first.value.slice(prefix.length + 1);
      if (value.length > 0) rest[0] = { ...first, value };
      else rest.shift();
    } else if (prefix.length === first.value.length && rest[1]?.type === 'break') {
      rest.splice(0, 2);
    } else return undefined;
  } else if (first?.type === 'break') {
    rest.shift();
  } else return undefined;
  if (rest.some(refersToDefinition)) return undefined;
  const lines = head.split('\n');
  const end = { line: lines.length, column: lines.at(-1)!.length + 1, offset: head.length };
  return [{ type: 'paragraph', children: rest, position: { start: { line: 1, column: 1, offset: 0 }, end } }];
}

function refersToDefinition(node: Nodes): boolean {
  if (node.type === 'linkReference' || node.type === 'imageReference') return true;
  return 'children' in node && node.children.some(refersToDefinition);
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

/** Offsets an entry covers in its page: from its heading (or table row) to its last block. */
export type EntryRange = readonly [start: number, end: number];

/** Everything read from one page, kept for the redaction check. */
export interface PageModel {
  source: string;
  tree: Root;
  lines: LineIndex;
  document: ErrorDocument;
  /** Every diagnostic, marker ones included. */
  diagnostics: Diagnostic[];
  /** Diagnostics about markers alone (what `redact` reports). */
  markerDiagnostics: Diagnostic[];
  regions: MarkerRegion[];
  entryRanges: Map<ErrorEntry, EntryRange>;
  /** Offsets of the page's intro, when it has one. */
  introRange?: EntryRange;
}

/**
 * Read one page (already normalized by {@link normalizeSource}) into a document, without checking
 * its public variant.
 * @param source Page source with LF line endings and no BOM.
 * @param options Where the page comes from.
 * @param tree Its syntax tree, when it is known already.
 */
export function readPage(source: string, options: ParseOptions, tree: Root = parseMarkdown(source)): PageModel {
  const file = options.path;
  const lineIndex = new LineIndex(source, file);
  const position = (offset: number) => lineIndex.position(offset);
  const scan = scanMarkers(source, tree, position);
  const paired = pairMarkers(scan.markers, source.length, position);
  const markerDiagnostics = [...scan.diagnostics, ...paired.diagnostics].sort(
    (a, b) => a.position.line - b.position.line || a.position.column - b.position.column,
  );
  const delRegions = paired.regions.filter((region) => region.name === 'Del');
  const reader = new PageReader(source, file, lineIndex, delRegions, paired.regions);
  reader.diagnostics.push(...markerDiagnostics);

  const blocks = tree.children;
  const tableAt = new Map<number, TableSource>();
  blocks.forEach((node, index) => {
    const table = tableOf(node, source);
    if (table) tableAt.set(index, table);
  });
  const isHeading = (index: number) => blocks[index]!.type === 'heading' && !tableAt.has(index);
  const entryLike = entryLikeHeadings(reader, blocks, isHeading);

  let title = '';
  let titleIndex = -1;
  const firstHeading = blocks.findIndex((_node, index) => isHeading(index));
  if (firstHeading !== -1) {
    const heading = blocks[firstHeading] as Heading;
    const text = reader.headingText(heading);
    if (!codeHeading.test(text) && !(entryLike.has(firstHeading) && heading.depth > 1)) {
      title = text;
      titleIndex = firstHeading;
    }
  }

  const drafts: EntryDraft[] = [];
  const tables: Array<{ table: TableSource; group?: string }> = [];
  const preamble: RootContent[] = [];
  const unplaced: RootContent[] = [];
  let current: EntryDraft | undefined;
  let group: { title: string; depth: number } | undefined;
  let codeless = false;
  const codelessHeadings: Heading[] = [];
  blocks.forEach((node, index) => {
    if (index === titleIndex) return;
    if (isHeading(index)) {
      const heading = node as Heading;
      const text = reader.headingText(heading);
      const match = codeHeading.exec(text);
      if (match) {
        const code = Number(match[1]);
        current = { code, heading, title: match[2]!.trim(), blocks: [] };
        if (group && group.depth < heading.depth) current.group = group.title;
        drafts.push(current);
        codeless = false;
        if (!Number.isSafeInteger(code)) {
          reader.diagnostics.push({
            severity: 'error',
            ruleId: 'invalid-code',
            message: `code ${match[1]} is too large to be an error code`,
            position: reader.positionOf(heading),
          });
        }
        return;
      }
      if (reader.isLabelHeading(heading) || (current && heading.depth > current.heading.depth)) {
        // A label written as a heading, or a variant of the current code.
        if (current) current.blocks.push(node);
        else if (!codeless && !group) preamble.push(node);
        return;
      }
      current = undefined;
      if (entryLike.has(index)) {
        codeless = true;
        codelessHeadings.push(heading);
        return;
      }
      codeless = false;
      group = { title: text, depth: heading.depth };
      return;
    }
    if (current) {
      current.blocks.push(node);
      const table = tableAt.get(index);
      const codes = table ? codesOf(table) : [];
      if (codes.length > 0) {
        reader.diagnostics.push({
          severity: 'warning',
          ruleId: 'table-in-entry',
          message: `this table lists codes (${codes.slice(0, 3).join(', ')}${codes.length > 3 ? ', …' : ''}) but sits inside the entry for code ${current.code}, so it is read as that entry's text; give it a heading of its own to read its rows as codes`,
          position: lineIndex.position(table!.start),
        });
      }
      return;
    }
    if (codeless) return;
    if (!group) preamble.push(node);
    else unplaced.push(node);
    const table = tableAt.get(index);
    if (table) tables.push(group ? { table, group: group.title } : { table });
  });

  const borrowed = new Set(options.borrowedCodes ?? []);
  const entryRanges = new Map<ErrorEntry, EntryRange>();
  const errors: ErrorEntry[] = [];
  for (const draft of drafts) {
    if (!Number.isSafeInteger(draft.code)) continue;
    const { entry, range } = readEntry(reader, draft, borrowed);
    errors.push(entry);
    entryRanges.set(entry, range);
  }
  const tableContext = { text: reader.text, lines: lineIndex, visibilityAt: (offset: number) => reader.visibilityAt(offset), borrowed, diagnostics: reader.diagnostics, delRegions };
  for (const { table, group: tableGroup } of tables) {
    for (const { entry, range } of readTable(table, tableContext, tableGroup) as TableEntry[]) {
      errors.push(entry);
      entryRanges.set(entry, range);
    }
  }
  for (const node of [...preamble, ...unplaced]) {
    if (node.type === 'paragraph' && !tables.some(({ table }) => table.node === node)) unreadableTableRows(node, tableContext);
  }
  errors.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
  for (const heading of codelessHeadings) reportCodeless(reader, heading, blocks);

  const metadataBlocks = preamble.filter((node) => node.type === 'html');
  const metadata: PageMetadata = readMetadata(metadataBlocks);
  const tableNodes = new Set<RootContent>(tables.map(({ table }) => table.node));
  const introBlocks = trimMarkerBlocks(preamble.filter((node) => !(isCommentOnly(node) && !isMarkerOnly(node)) && !tableNodes.has(node)));

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
  } else if (errors.length === 0 && !reader.diagnostics.some((d) => unreadEntryRules.has(d.ruleId))) {
    reader.diagnostics.push({
      severity: 'warning',
      ruleId: 'no-codes',
      message: 'the page documents no error codes (fine for a page that points to the universal codes)',
      position: { file, line: 1, column: 1 },
    });
  }
  reader.diagnostics.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
  const model: PageModel = {
    source,
    tree,
    lines: lineIndex,
    document,
    diagnostics: reader.diagnostics,
    markerDiagnostics,
    regions: paired.regions,
    entryRanges,
  };
  if (introBlocks.length > 0) model.introRange = [reader.text.start(introBlocks[0]!), reader.text.end(introBlocks.at(-1)!)];
  return model;
}

/** Rules that say the page has entries errcat could not read: a page with one is not merely "without codes". */
const unreadEntryRules = new Set(['entry-without-code', 'unreadable-table']);

/**
 * Headings (by index) that have known labels under them but are neither codes nor variants of one:
 * entries whose code is missing.
 */
function entryLikeHeadings(reader: PageReader, blocks: readonly RootContent[], isHeading: (index: number) => boolean): Set<number> {
  const found = new Set<number>();
  let entryDepth: number | undefined;
  let candidate: number | undefined;
  blocks.forEach((node, index) => {
    if (isHeading(index)) {
      const heading = node as Heading;
      if (reader.isLabelHeading(heading)) {
        if (candidate !== undefined) found.add(candidate);
        return;
      }
      if (codeHeading.test(reader.headingText(heading))) {
        entryDepth = heading.depth;
        candidate = undefined;
      } else if (entryDepth === undefined || heading.depth <= entryDepth) {
        entryDepth = undefined;
        candidate = index;
      }
      return;
    }
    if (candidate !== undefined && !found.has(candidate) && reader.isKnownLabel(node)) found.add(candidate);
  });
  return found;
}

function reportCodeless(reader: PageReader, heading: Heading, blocks: readonly RootContent[]): void {
  const text = reader.headingText(heading);
  const marks = '#'.repeat(heading.depth);
  const numbers = text.match(/\d+/g)?.filter((number) => number.length >= 3) ?? [];
  // The words around a code written in the wrong place: `Error code 1400003: …`, `180004: …`, `错误码180002：…`.
  const around = (number: string) =>
    new RegExp(`(?:(?:error\\s*code|错误码|code)\\s*)?${number}\\s*[:：.、,，\\-–—]?\\s*`, 'i');
  const start = blocks.indexOf(heading);
  const label = blocks.slice(start + 1).find((node) => reader.isKnownLabel(node));
  const labelText = label ? cleanLabel(toString(label)) : 'entry labels';
  let message = `heading "${marks} ${text}" has ${labelText} under it like an error-code entry, but does not start with a code`;
  if (numbers.length === 1) {
    const rest = text.replace(around(numbers[0]!), ' ').replace(/\s{2,}/g, ' ').trim();
    message += `; did you mean \`${marks} ${numbers[0]} ${rest.length > 0 ? rest : '…'}\`?`;
  } else {
    message += `; write it as \`${marks} <code> ${text}\``;
  }
  const diagnostic: Diagnostic = { severity: 'error', ruleId: 'entry-without-code', message, position: reader.positionOf(heading) };
  if (label) diagnostic.related = reader.lines.position(reader.text.start(label));
  reader.diagnostics.push(diagnostic);
}

function readEntry(reader: PageReader, draft: EntryDraft, borrowed: ReadonlySet<number>): { entry: ErrorEntry; range: EntryRange } {
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
  const markers = markerNames(reader.allRegions, entryStart, entryEnd, visibility === 'public' ? reader.delRegions : []);
  if (markers.length > 0) entry.markers = markers;
  if (draft.title.length === 0) {
    reader.diagnostics.push({
      severity: 'warning',
      ruleId: 'missing-title',
      message: `code ${draft.code} has no title after the code in its heading`,
      position: reader.positionOf(draft.heading),
    });
  }
  return { entry, range: [entryStart, entryEnd] };
}

/**
 * Names of the RP regions that start inside `[from, to)`; for a public entry, not those inside its
 * system-only parts, which its public edition does not have.
 */
export function markerNames(
  regions: readonly MarkerRegion[],
  from: number,
  to: number,
  hidden: readonly MarkerRegion[],
): string[] {
  const inside = regions.filter(
    (region) =>
      region.name !== 'Del' &&
      region.start >= from &&
      region.start < to &&
      !hidden.some((del) => region.start >= del.start && region.start < del.end),
  );
  return [...new Set(inside.map((region) => region.name))];
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
