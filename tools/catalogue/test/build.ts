import type { ErrorDocument, ErrorEntry } from '@errcat/schema';

/** Folder a locale's pages live in, as in docs-source. */
export function localeFolder(locale: string): string {
  return locale.toLowerCase();
}

/** Path of a module's page in a locale. */
export function pagePath(module: string, locale: string): string {
  return `${localeFolder(locale)}/apis-${module}-kit/errorcode-${module}.md`;
}

/** A documented code with plain texts; `line` places its heading on the page. */
export function entry(code: number, line: number, overrides: Partial<ErrorEntry> & { file?: string } = {}): ErrorEntry {
  const { file = 'page.md', ...rest } = overrides;
  const message = `Failure ${code}.`;
  return {
    code,
    title: `Failure ${code}`,
    visibility: 'public',
    message,
    messageMarkdown: message,
    description: `Code ${code} is returned when something fails.`,
    causes: [`Cause of ${code}.`],
    solutions: [`Fix for ${code}.`],
    sections: [{ kind: 'message', label: 'Error Message', markdown: message, position: { file, line: line + 2, column: 1 } }],
    position: { file, line, column: 1, endLine: line + 10 },
    ...rest,
  };
}

/** A page of `module` in `locale`, its entries placed on it (each entry's positions get the page's file). */
export function page(module: string, locale: string, entries: ErrorEntry[], overrides: Partial<ErrorDocument> = {}): ErrorDocument {
  const file = overrides.file ?? pagePath(module, locale);
  const placed = entries.map((item) => ({
    ...item,
    position: { ...item.position, file },
    sections: item.sections.map((section) => ({ ...section, position: { ...section.position, file } })),
  }));
  return {
    schemaVersion: 1,
    file,
    locale,
    module,
    kitFolder: `apis-${module}-kit`,
    title: locale === 'en' ? `${module} Error Codes` : `${module} 错误码`,
    metadata: { kit: `${module} Kit` },
    intro: '',
    errors: placed,
    regions: [],
    ...overrides,
  };
}

/** Freeze a value and everything in it, so a test fails if the code under test mutates its input. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
