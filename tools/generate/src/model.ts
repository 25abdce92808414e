import type { Catalogue, CatalogueEntry, CatalogueModule, CatalogueTexts, CatalogueVariant, LocalizedEntry } from '@errcat/schema';
import { DEFAULT_LOCALE } from '@errcat/schema';

/** `public` holds the codes every app may see; `system` holds every code (the full edition). */
export type Build = 'public' | 'system';

/** Both builds, public first. */
export const BUILDS: readonly Build[] = ['public', 'system'];

/** Texts of one sub-section of a code, as shipped in a message bundle. */
export interface MessageVariant {
  title: string;
  message: string;
  description: string;
  causes: string[];
  solutions: string[];
}

/** Texts of one code in one locale, as shipped in a message bundle. */
export interface MessageEntry extends MessageVariant {
  /** Text between the heading and the first label, when the page has any (stubs have only this). */
  intro?: string;
  variants?: MessageVariant[];
}

/** One code as the generated code declares it. */
export interface CodeModel {
  code: number;
  /** Enum member name. */
  name: string;
  /** Earlier names of the code, kept as deprecated aliases of the same value. */
  aliases: string[];
  /** APIs that throw the code in this build, sorted. */
  thrownBy: string[];
  /** Title in the default locale (English), Markdown source. */
  title: string;
  /** Runtime message in the default locale. */
  message: string;
  /** True for system-only codes (only ever true in the system build). */
  system: boolean;
}

/** Everything one build of one module is made from. */
export interface BuildModel {
  build: Build;
  codes: CodeModel[];
  /** Locale → code → texts; every locale the module has a page in, default locale first. */
  messages: Map<string, Map<number, MessageEntry>>;
}

/**
 * Locales a module has pages in, the default locale first, the rest in code-point order.
 * @param catalogue The catalogue.
 * @param module The module.
 */
export function moduleLocales(catalogue: Catalogue, module: CatalogueModule): string[] {
  const present = new Set(Object.keys(module.sources));
  for (const code of module.codes) for (const locale of Object.keys(catalogue.errors[String(code)]?.locales ?? {})) present.add(locale);
  const defaultLocale = catalogue.defaultLocale || DEFAULT_LOCALE;
  const rest = [...present].filter((locale) => locale !== defaultLocale).sort();
  return [defaultLocale, ...rest];
}

/**
 * Texts of a localized entry as a build shows them: the public build uses the public edition's
 * texts of an entry that holds system-only parts, and leaves out system-only variants.
 * @param localized The entry's texts in one locale.
 * @param build Which build.
 */
export function messageEntry(localized: LocalizedEntry, build: Build): MessageEntry {
  const source: CatalogueTexts & { intro?: string; variants?: CatalogueVariant[] } = build === 'public' && localized.publicTexts ? localized.publicTexts : localized;
  const entry: MessageEntry = { title: localized.title, ...bundleTexts(source) };
  if (source.intro) entry.intro = source.intro;
  const variants = (source.variants ?? []).filter((variant) => build === 'system' || variant.visibility === 'public');
  if (variants.length > 0) entry.variants = variants.map((variant) => ({ title: variant.title, ...bundleTexts(variant) }));
  return entry;
}

function bundleTexts(texts: CatalogueTexts): Omit<MessageVariant, 'title'> {
  return { message: texts.message, description: texts.description, causes: [...texts.causes], solutions: [...texts.solutions] };
}

/**
 * Texts used for a code's doc comment: the default locale's, else the first locale that has the code.
 * @param entry Catalogue entry.
 * @param locales Locales in preference order.
 */
export function primaryTexts(entry: CatalogueEntry, locales: readonly string[]): LocalizedEntry | undefined {
  for (const locale of locales) {
    const texts = entry.locales[locale];
    if (texts) return texts;
  }
  const [first] = Object.keys(entry.locales).sort();
  return first === undefined ? undefined : entry.locales[first];
}

