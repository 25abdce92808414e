// The mdast tree of a page, built straight from micromark's events. It is the same tree that
// mdast-util-from-markdown (remark-parse) builds — a test compares the two on the CommonMark spec's
// examples, the corpus and random Markdown — for a fraction of the cost: that compiler makes a
// fresh context object for each of a page's thousands of events, and on two threads it was about a
// third of remark-parse's time at 16× (2.7–3.9 s of 9.8–10.2 s; this builder 0.5–1.3 s). Only
// CommonMark is handled here; GFM tables still go through remark.
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import type {
  Blockquote,
  Code,
  Definition,
  Heading,
  Html,
  Image,
  InlineCode,
  Link,
  List,
  Nodes,
  Parent,
  Root,
  Text,
} from 'mdast';
import { toString } from 'mdast-util-to-string';
import { parse, postprocess, preprocess } from 'micromark';
import { decodeNumericCharacterReference } from 'micromark-util-decode-numeric-character-reference';
import { decodeString } from 'micromark-util-decode-string';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import type { Event, Point as MicromarkPoint, Token, TokenizeContext } from 'micromark-util-types';
import type { Point } from 'unist';

/** A token of a list item, which micromark does not make: its span and whether it is loose. */
interface ItemToken extends Token {
  _spread: boolean;
}

/** A node still being built; `fragment` collects text that becomes a value instead of children. */
type OpenNode = Nodes | Fragment;
interface Fragment {
  type: 'fragment';
  children: Nodes[];
  position?: undefined;
}

/** Node types whose children take a line ending as text (a fragment holds code and HTML text). */
const takesLineEndings = new Set(['emphasis', 'fragment', 'heading', 'paragraph', 'strong']);

/** Types that may stand between a list item's content and the line endings after it. */
const linePrefixes = new Set(['linePrefix', 'blockQuotePrefix', 'blockQuotePrefixWhitespace', 'blockQuoteMarker', 'listItemIndent']);

/**
 * Parse CommonMark into an mdast tree with positions.
 * @param source Markdown text.
 */
export function markdownTree(source: string): Root {
  const events = postprocess(parse().document().write(preprocess()(source, undefined, true)));
  return new TreeBuilder().build(withListItems(events));
}

function point(at: MicromarkPoint): Point {
  return { line: at.line, column: at.column, offset: at.offset };
}

/**
 * The events with `listItem` enter and exit events added, each item's and list's `_spread` set,
 * and the line endings between items marked blank or not, as mdast's list model needs.
 */
function withListItems(events: Event[]): Event[] {
  let hasList = false;
  for (const event of events) {
    const type = event[1].type;
    if (type === 'listOrdered' || type === 'listUnordered') {
      hasList = true;
      break;
    }
  }
  if (!hasList) return events;
  const out: Event[] = [];
  const openLists: number[] = [];
  for (const event of events) {
    out.push(event);
    const type = event[1].type;
    if (type !== 'listOrdered' && type !== 'listUnordered') continue;
    if (event[0] === 'enter') openLists.push(out.length - 1);
    else markItems(out, openLists.pop()!);
  }
  return out;
}

/** Add the items of the list whose events run from `start` to the end of `events`, in place. */
function markItems(events: Event[], start: number): void {
  const inserts: Array<{ at: number; event: Event }> = [];
  let depth = -1;
  let looseList = false;
  let item: ItemToken | undefined;
  let firstBlankInItem: number | undefined;
  let rightAfterMarker: boolean | undefined;
  for (let index = start; index < events.length; index++) {
    const event = events[index]!;
    const token = event[1];
    switch (token.type) {
      case 'listUnordered':
      case 'listOrdered':
      case 'blockQuote':
        depth += event[0] === 'enter' ? 1 : -1;
        rightAfterMarker = undefined;
        break;
      case 'lineEndingBlank':
        if (event[0] === 'enter') {
          if (item && !rightAfterMarker && depth === 0 && firstBlankInItem === undefined) firstBlankInItem = index;
          rightAfterMarker = undefined;
        }
        break;
      case 'linePrefix':
      case 'listItemValue':
      case 'listItemMarker':
      case 'listItemPrefix':
      case 'listItemPrefixWhitespace':
        break;
      default:
        rightAfterMarker = undefined;
    }
    const itemStarts = depth === 0 && event[0] === 'enter' && token.type === 'listItemPrefix';
    const listEnds = depth === -1 && event[0] === 'exit' && (token.type === 'listUnordered' || token.type === 'listOrdered');
    if (!itemStarts && !listEnds) continue;
    if (item) {
      // The item ends before the line endings that follow its content; two or more of them
      // there mean a blank line between items, which makes the list loose.
      let firstEnding: number | undefined;
      for (let back = index - 1; back >= 0; back--) {
        const [kind, tail] = events[back]!;
        if (tail.type === 'lineEnding' || tail.type === 'lineEndingBlank') {
          if (kind === 'exit') continue;
          if (firstEnding !== undefined) {
            events[firstEnding]![1].type = 'lineEndingBlank';
            looseList = true;
          }
          tail.type = 'lineEnding';
          firstEnding = back;
        } else if (!linePrefixes.has(tail.type)) break;
      }
      if (firstBlankInItem !== undefined && (firstEnding === undefined || firstBlankInItem < firstEnding)) item._spread = true;
      item.end = { ...(firstEnding !== undefined ? events[firstEnding]![1].start : token.end) };
      inserts.push({ at: firstEnding ?? index, event: ['exit', item, event[2]] });
    }
    if (itemStarts) {
      item = { type: 'listItem', _spread: false, start: { ...token.start }, end: undefined as never } as ItemToken;
      inserts.push({ at: index, event: ['enter', item, event[2]] });
      firstBlankInItem = undefined;
      rightAfterMarker = true;
    }
  }
  const listEvents = events.splice(start);
  let next = 0;
  for (let index = 0; index < listEvents.length; index++) {
    while (next < inserts.length && inserts[next]!.at === start + index) events.push(inserts[next++]!.event);
    events.push(listEvents[index]!);
  }
  (events[start]![1] as ItemToken)._spread = looseList;
}

/** Builds the tree from the events, one handler per token type on enter and on exit. */
class TreeBuilder {
  private readonly stack: OpenNode[] = [];
  private context: TokenizeContext | undefined;
  private firstListItemValue = false;
  private inFencedCode = false;
  private setextLineEnding = false;
  private afterBreak = false;
  private inReference = false;
  private referenceType: 'collapsed' | 'full' | undefined;
  private characterReferenceType: string | undefined;

  build(events: Event[]): Root {
    const root: Root = { type: 'root', children: [], position: undefined };
    this.stack.push(root);
    for (const [kind, token, context] of events) {
      this.context = context;
      if (kind === 'enter') this.enter(token);
      else this.exit(token);
    }
    const first = events[0]?.[1].start;
    const last = events.length > 1 ? events[events.length - 2]![1].end : undefined;
    root.position = {
      start: first ? point(first) : { line: 1, column: 1, offset: 0 },
      end: last ? point(last) : { line: 1, column: 1, offset: 0 },
    };
    return root;
  }

  private slice(token: Token): string {
    return this.context!.sliceSerialize(token);
  }

  private top<T = OpenNode>(): T {
    return this.stack[this.stack.length - 1] as T;
  }

  /** Add a node to the open node's children and open it. */
  private open(node: Nodes, token: Token): void {
    (this.top<Parent>().children as Nodes[]).push(node);
    this.stack.push(node);
    node.position = { start: point(token.start), end: undefined as never };
  }

  private close(token: Token): void {
    this.stack.pop()!.position!.end = point(token.end);
  }

  /** Collect what follows as text for a value, not as children. */
  private buffer(): void {
    this.stack.push({ type: 'fragment', children: [] });
  }

  private resume(): string {
    return toString(this.stack.pop() as Nodes);
  }

  /** Open the text node that data goes to: the open node's last child when that is text. */
  private enterData(token: Token): void {
    const siblings = this.top<Parent>().children as Nodes[];
    let tail = siblings[siblings.length - 1];
    if (!tail || tail.type !== 'text') {
      tail = { type: 'text', value: '', position: { start: point(token.start), end: undefined as never } };
      siblings.push(tail);
    }
    this.stack.push(tail);
  }

  private exitData(token: Token): void {
    const tail = this.stack.pop() as Text;
    tail.value += this.slice(token);
    tail.position!.end = point(token.end);
  }

  private enter(token: Token): void {
    switch (token.type) {
      case 'data':
      case 'codeFlowValue':
      case 'codeTextData':
      case 'htmlFlowData':
      case 'htmlTextData':
      case 'autolinkProtocol':
      case 'autolinkEmail':
      case 'characterEscape':
      case 'characterReference':
        return this.enterData(token);
      case 'paragraph':
        return this.open({ type: 'paragraph', children: [] }, token);
      case 'atxHeading':
      case 'setextHeading':
        return this.open({ type: 'heading', depth: 0 as Heading['depth'], children: [] }, token);
      case 'listOrdered':
      case 'listUnordered': {
        const ordered = token.type === 'listOrdered';
        this.open({ type: 'list', ordered, start: null, spread: (token as ItemToken)._spread, children: [] }, token);
        if (ordered) this.firstListItemValue = true;
        return;
      }
      case 'listItem':
        return this.open({ type: 'listItem', spread: (token as ItemToken)._spread, checked: null, children: [] }, token);
      case 'listItemValue':
        if (this.firstListItemValue) {
          (this.stack[this.stack.length - 2] as List).start = Number.parseInt(this.slice(token), 10);
          this.firstListItemValue = false;
        }
        return;
      case 'emphasis':
        return this.open({ type: 'emphasis', children: [] }, token);
      case 'strong':
        return this.open({ type: 'strong', children: [] }, token);
      case 'blockQuote':
        return this.open({ type: 'blockquote', children: [] } as Blockquote, token);
      case 'codeFenced':
        return this.open({ type: 'code', lang: null, meta: null, value: '' }, token);
      case 'codeIndented':
        this.open({ type: 'code', lang: null, meta: null, value: '' }, token);
        return this.buffer();
      case 'codeText':
        this.open({ type: 'inlineCode', value: '' }, token);
        return this.buffer();
      case 'htmlFlow':
      case 'htmlText':
        this.open({ type: 'html', value: '' }, token);
        return this.buffer();
      case 'hardBreakEscape':
      case 'hardBreakTrailing':
        return this.open({ type: 'break' }, token);
      case 'thematicBreak':
        return this.open({ type: 'thematicBreak' }, token);
      case 'autolink':
      case 'link':
        return this.open({ type: 'link', title: null, url: '', children: [] }, token);
      case 'image':
        return this.open({ type: 'image', title: null, url: '', alt: null }, token);
      case 'definition':
        return this.open({ type: 'definition', identifier: '', label: null, title: null, url: '' }, token);
      case 'reference':
        this.referenceType = 'collapsed';
        return;
      case 'codeFencedFenceInfo':
      case 'codeFencedFenceMeta':
      case 'definitionDestinationString':
      case 'definitionLabelString':
      case 'definitionTitleString':
      case 'label':
      case 'referenceString':
      case 'resourceDestinationString':
      case 'resourceTitleString':
        return this.buffer();
    }
  }

  private exit(token: Token): void {
    switch (token.type) {
      case 'data':
      case 'codeFlowValue':
      case 'codeTextData':
      case 'htmlFlowData':
      case 'htmlTextData':
      case 'characterEscapeValue':
        return this.exitData(token);
      case 'lineEnding':
        return this.lineEnding(token);
      case 'paragraph':
      case 'atxHeading':
      case 'blockQuote':
      case 'emphasis':
      case 'strong':
      case 'listItem':
      case 'listOrdered':
      case 'listUnordered':
      case 'thematicBreak':
      case 'definition':
      case 'autolink':
        return this.close(token);
      case 'atxHeadingSequence': {
        const heading = this.top<Heading>();
        if (!heading.depth) heading.depth = this.slice(token).length as Heading['depth'];
        return;
      }
      case 'setextHeadingText':
        this.setextLineEnding = true;
        return;
      case 'setextHeadingLineSequence':
        this.top<Heading>().depth = this.slice(token).codePointAt(0) === 61 /* = */ ? 1 : 2;
        return;
      case 'setextHeading':
        this.setextLineEnding = false;
        return this.close(token);
      case 'codeFencedFence':
        // The first fence ends; what follows until the closing fence is the code.
        if (!this.inFencedCode) {
          this.buffer();
          this.inFencedCode = true;
        }
        return;
      case 'codeFencedFenceInfo': {
        const lang = this.resume();
        this.top<Code>().lang = lang;
        return;
      }
      case 'codeFencedFenceMeta': {
        const meta = this.resume();
        this.top<Code>().meta = meta;
        return;
      }
      case 'codeFenced': {
        const value = this.resume();
        this.top<Code>().value = value.replace(/^(\r?\n|\r)|(\r?\n|\r)$/g, '');
        this.inFencedCode = false;
        return this.close(token);
      }
      case 'codeIndented': {
        const value = this.resume();
        this.top<Code>().value = value.replace(/(\r?\n|\r)$/g, '');
        return this.close(token);
      }
      case 'codeText':
      case 'htmlFlow':
      case 'htmlText': {
        const value = this.resume();
        this.top<InlineCode | Html>().value = value;
        return this.close(token);
      }
      case 'hardBreakEscape':
      case 'hardBreakTrailing':
        this.afterBreak = true;
        return this.close(token);
      case 'characterReferenceMarkerNumeric':
      case 'characterReferenceMarkerHexadecimal':
        this.characterReferenceType = token.type;
        return;
      case 'characterReferenceValue': {
        const value = this.slice(token);
        const type = this.characterReferenceType;
        this.characterReferenceType = undefined;
        this.top<Text>().value += type
          ? decodeNumericCharacterReference(value, type === 'characterReferenceMarkerNumeric' ? 10 : 16)
          : (decodeNamedCharacterReference(value) as string);
        return;
      }
      case 'characterReference':
        this.stack.pop()!.position!.end = point(token.end);
        return;
      case 'autolinkProtocol':
      case 'autolinkEmail': {
        this.exitData(token);
        const url = this.slice(token);
        this.top<Link>().url = token.type === 'autolinkEmail' ? `mailto:${url}` : url;
        return;
      }
      case 'labelText': {
        const text = this.slice(token);
        const target = this.stack[this.stack.length - 2] as Link & { label?: string; identifier?: string };
        target.label = decodeString(text);
        target.identifier = normalizeIdentifier(text).toLowerCase();
        return;
      }
      case 'label': {
        const fragment = this.top<Fragment>();
        const alt = this.resume();
        const target = this.top<Link | Image>();
        this.inReference = true;
        if (target.type === 'link') target.children = fragment.children as Link['children'];
        else target.alt = alt;
        return;
      }
      case 'resource':
        this.inReference = false;
        return;
      case 'referenceString': {
        const label = this.resume();
        const target = this.top<Link & { label?: string; identifier?: string }>();
        target.label = label;
        target.identifier = normalizeIdentifier(this.slice(token)).toLowerCase();
        this.referenceType = 'full';
        return;
      }
      case 'resourceDestinationString':
      case 'definitionDestinationString': {
        const url = this.resume();
        this.top<Link | Definition>().url = url;
        return;
      }
      case 'resourceTitleString':
      case 'definitionTitleString': {
        const title = this.resume();
        this.top<Link | Definition>().title = title;
        return;
      }
      case 'definitionLabelString': {
        const label = this.resume();
        const definition = this.top<Definition>();
        definition.label = label;
        definition.identifier = normalizeIdentifier(this.slice(token)).toLowerCase();
        return;
      }
      case 'link':
      case 'image':
        this.endLinkOrImage();
        return this.close(token);
    }
  }

  /** A line ending is text inside paragraphs, headings and values; after a break it ends the break. */
  private lineEnding(token: Token): void {
    const parent = this.top<Parent | Fragment>();
    if (this.afterBreak) {
      parent.children[parent.children.length - 1]!.position!.end = point(token.end);
      this.afterBreak = false;
      return;
    }
    if (!this.setextLineEnding && takesLineEndings.has(parent.type)) {
      this.enterData(token);
      this.exitData(token);
    }
  }

  /** A link or image with a label and no resource is a reference to a definition. */
  private endLinkOrImage(): void {
    const node = this.top<Link | Image>() as unknown as Record<string, unknown>;
    if (this.inReference) {
      node.type = `${node.type as string}Reference`;
      node.referenceType = this.referenceType ?? 'shortcut';
      delete node.url;
      delete node.title;
    } else {
      delete node.identifier;
      delete node.label;
    }
    this.referenceType = undefined;
  }
}
