// Comparing runtime messages: how two messages differ, and whether they are the same message.

/** What separates two messages that are the same message loosely. */
export type CosmeticDifference = 'whitespace' | 'case' | 'final punctuation';

/** How the SDK's message differs from the page's. */
export type MessageDifference =
  | { kind: 'cosmetic'; only: CosmeticDifference[] }
  /** The SDK's message is the page's with more text after it. */
  | { kind: 'extended' }
  | { kind: 'wording' }
  | { kind: 'missing' };

const finalPunctuation = /[.。!！?？;；:：,，]+$/u;

function withoutSpace(text: string): string {
  return text.replace(/\s+/g, '');
}

function normalise(text: string, ignore: ReadonlySet<CosmeticDifference>): string {
  let result = ignore.has('whitespace') ? withoutSpace(text) : text.trim().replace(/\s+/g, ' ');
  if (ignore.has('case')) result = result.toLowerCase();
  if (ignore.has('final punctuation')) result = result.replace(finalPunctuation, '');
  return result;
}

const cosmetic: readonly CosmeticDifference[] = ['whitespace', 'case', 'final punctuation'];
// Every set of cosmetic differences, smallest first, so the report names the fewest that explain it.
const ignoreSets: ReadonlyArray<ReadonlySet<CosmeticDifference>> = [1, 2, 4, 3, 5, 6, 7].map(
  (bits) => new Set(cosmetic.filter((_, index) => bits & (1 << index))),
);

/**
 * How an SDK message differs from a documented one, or undefined when they are equal (blanks at
 * the ends and runs of blanks aside: the SDK wraps its comments).
 * @param documented The page's runtime message.
 * @param sdk The message of the `@throws`.
 */
export function compareMessages(documented: string, sdk: string): MessageDifference | undefined {
  const none = new Set<CosmeticDifference>();
  if (normalise(documented, none) === normalise(sdk, none)) return undefined;
  if (sdk.trim() === '') return { kind: 'missing' };
  for (const ignore of ignoreSets) {
    if (normalise(documented, ignore) === normalise(sdk, ignore)) return { kind: 'cosmetic', only: cosmetic.filter((item) => ignore.has(item)) };
  }
  const loose = ignoreSets.at(-1)!;
  const page = normalise(documented, loose);
  const thrown = normalise(sdk, loose);
  // A page message with placeholders (`Error message: ${messageInfo}.`) is a template.
  if (placeholder.test(documented) && templateOf(documented).test(thrown)) return undefined;
  if (page.length > 0 && thrown.startsWith(page)) return { kind: 'extended' };
  return { kind: 'wording' };
}

const placeholder = /\$\{[^}]*\}/;

function templateOf(documented: string): RegExp {
  const parts = documented.split(/\$\{[^}]*\}/).map((part) => normalise(part, ignoreSets.at(-1)!).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}`, 's');
}

/** The same message, whitespace, case and final punctuation aside. */
export function sameMessageLoosely(a: string, b: string): boolean {
  return a.trim() !== '' && normalise(a, ignoreSets.at(-1)!) === normalise(b, ignoreSets.at(-1)!);
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
}

/**
 * The same message loosely, or nearly the same words (a Dice coefficient of the word sets of at
 * least 0.8): what a code written with a wrong digit still carries.
 */
export function alikeMessages(a: string, b: string): boolean {
  if (sameMessageLoosely(a, b)) return true;
  const left = words(a);
  const right = words(b);
  if (left.size === 0 || right.size === 0) return false;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared++;
  return (2 * shared) / (left.size + right.size) >= 0.8;
}

/** How `written` is one digit away from `meant`, or undefined when it is not. */
export function digitSlip(written: number, meant: number): 'dropped' | 'added' | 'changed' | undefined {
  const a = String(written);
  const b = String(meant);
  if (a === b) return undefined;
  if (a.length + 1 === b.length) {
    for (let i = 0; i < b.length; i++) if (b.slice(0, i) + b.slice(i + 1) === a) return 'dropped';
    return undefined;
  }
  if (a.length === b.length + 1) {
    for (let i = 0; i < a.length; i++) if (a.slice(0, i) + a.slice(i + 1) === b) return 'added';
    return undefined;
  }
  if (a.length === b.length) {
    let differences = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differences++;
    return differences === 1 ? 'changed' : undefined;
  }
  return undefined;
}

/** Every number one digit away from a code (a digit dropped, added or changed). */
export function digitNeighbours(code: number): number[] {
  const text = String(code);
  const sign = text.startsWith('-') ? '-' : '';
  const digits = sign ? text.slice(1) : text;
  const found = new Set<string>();
  for (let i = 0; i < digits.length; i++) found.add(digits.slice(0, i) + digits.slice(i + 1));
  for (let i = 0; i <= digits.length; i++) for (let d = 0; d <= 9; d++) found.add(digits.slice(0, i) + d + digits.slice(i));
  for (let i = 0; i < digits.length; i++) for (let d = 0; d <= 9; d++) found.add(digits.slice(0, i) + d + digits.slice(i + 1));
  const neighbours: number[] = [];
  for (const candidate of found) {
    if (candidate === '' || (candidate.length > 1 && candidate.startsWith('0'))) continue;
    const value = Number(sign + candidate);
    if (value !== code) neighbours.push(value);
  }
  return neighbours.sort((x, y) => x - y);
}
