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
 * Fallback chain for a locale, ending in the default locale (English unless told).
 * @param tag Requested locale (any alias).
 * @param defaultLocale Locale the chain ends in.
 * @returns Canonical tags to try in order, e.g. `['zh-CN', 'zh', 'en']`.
 */
export function localeFallbackChain(tag: string, defaultLocale: string = DEFAULT_LOCALE): string[] {
  const chain: string[] = [];
  const parts = normalizeLocale(tag).split('-');
  for (let i = parts.length; i > 0; i--) chain.push(parts.slice(0, i).join('-'));
  if (!chain.includes(defaultLocale)) chain.push(defaultLocale);
  return chain;
}

/**
 * The order in which the generated packages' `explain()` looks for a code's texts: the fallback
 * chain of the requested locale, then every other available locale, so a code documented in one
 * locale only is still explained.
 * @param tag Requested locale (any alias).
 * @param available Locales that have texts (canonical tags).
 * @param defaultLocale Locale the chain ends in.
 * @returns The available locales in the order to try.
 */
export function localeSearchOrder(tag: string, available: readonly string[], defaultLocale: string = DEFAULT_LOCALE): string[] {
  const chain = localeFallbackChain(tag, defaultLocale);
  return [...chain.filter((locale) => available.includes(locale)), ...available.filter((locale) => !chain.includes(locale))];
}
