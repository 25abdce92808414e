/** Locale every fallback chain ends in. */
export const DEFAULT_LOCALE = 'en';

const aliases: ReadonlyMap<string, string> = new Map([
  ['zh', 'zh-CN'],
  ['zh-cn', 'zh-CN'],
  ['zh-hans', 'zh-CN'],
  ['zh-hans-cn', 'zh-CN'],
  ['en', 'en'],
  ['en-us', 'en'],
  ['en-gb', 'en'],
]);

/**
 * Normalise a locale tag or folder name to the BCP-47 tag errcat uses.
 * @param tag A tag such as `zh-cn`, `zh_CN`, `zh-Hans` or `en`.
 * @returns The canonical tag (`zh-CN`, `en`, …); unknown tags are returned in BCP-47 case.
 */
export function normalizeLocale(tag: string): string {
  const cleaned = tag.trim().replace(/_/g, '-');
  const known = aliases.get(cleaned.toLowerCase());
  if (known) return known;
  const [language = '', ...rest] = cleaned.split('-');
  const subtags = rest.map((part) =>
    part.length === 2 ? part.toUpperCase() : part.length === 4 ? part[0]!.toUpperCase() + part.slice(1).toLowerCase() : part.toLowerCase(),
  );
  return [language.toLowerCase(), ...subtags].join('-');
}

/**
 * Fallback chain for a locale, ending in English.
 * @param tag Requested locale (any alias).
 * @returns Canonical tags to try in order, e.g. `['zh-CN', 'en']`.
 */
export function localeFallbackChain(tag: string): string[] {
  const chain: string[] = [];
  const parts = normalizeLocale(tag).split('-');
  for (let i = parts.length; i > 0; i--) chain.push(parts.slice(0, i).join('-'));
  if (!chain.includes(DEFAULT_LOCALE)) chain.push(DEFAULT_LOCALE);
  return chain;
}
