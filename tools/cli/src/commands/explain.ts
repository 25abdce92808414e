import { ExitCode, usageError } from '@errcat/build';
import type { Catalogue, CatalogueEntry, CatalogueTexts, CatalogueVariant, LocalizedEntry, Visibility } from '@errcat/schema';
import { localeSearchOrder, normalizeLocale, sectionMarkdown } from '@errcat/schema';
import { oneOf, parseCommandArgs } from '../args.js';
import { catalogueFlags, catalogueUsage, loadCatalogue } from '../catalogue-source.js';
import type { CliIo } from '../io.js';
import { progressLabel } from '../progress-labels.js';
import { plural } from '../report.js';
import { createProgress, stdoutPaint, type Paint } from '../terminal.js';

export const explainUsage = `Usage: errcat explain <code> [--locale L] [--format text|json] [--catalogue FILE | --docs DIR]

Explain an error code: its title, runtime message, description, possible causes and solutions
as the docs give them, with its module, kit and visibility (public, or system-only), and the
SDK APIs that throw it when the catalogue was built with --sdk.

Options:
  --locale L          locale of the texts (default: the catalogue's default locale); a code
                      without texts in L falls back as the generated packages do (zh-Hans-CN →
                      zh-CN → zh → en), then to any locale that has it
  --format text|json  text (default) or JSON
${catalogueUsage}
  -h, --help          show this help

Exit code 1 when the code is not in the catalogue.
`;

/** What `explain --format json` prints. */
export interface Explanation {
  code: number;
  module: string;
  kit?: string;
  subsystem?: string;
  visibility: Visibility;
  /** True when the code belongs to another module and this page documents it too. */
  borrowed?: boolean;
  /** Locale the texts are in. */
  locale: string;
  /** Locale asked for (normalised). */
  requestedLocale: string;
  title: string;
  message: string;
  description: string;
  causes: string[];
  solutions: string[];
  /** Markdown between the heading and the first label (or all of a stub's body). */
  intro?: string;
  variants?: Array<Pick<CatalogueVariant, 'title' | 'visibility' | 'message' | 'description' | 'causes' | 'solutions'>>;
  /** SDK APIs documented to throw the code (a catalogue built with --sdk). */
  thrownBy?: string[];
  /** Where the texts are written. */
  source: { file: string; line: number };
  /** The catalogue file or docs folder read. */
  catalogue: string;
}

/**
 * Run `errcat explain`.
 * @param args Arguments after `explain`.
 * @param io Process io.
 * @returns Exit code.
 */
export async function runExplain(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('explain', args, {
    locale: { type: 'string' },
    format: { type: 'string', default: 'text' },
    ...catalogueFlags,
  });
  if (values.help) {
    io.stdout(explainUsage);
    return ExitCode.ok;
  }
  const format = oneOf('format', values.format, ['text', 'json'] as const);
  if (positionals.length !== 1) throw usageError(`expected one error code, got ${positionals.length} (see 'errcat explain --help')`);
  const typed = positionals[0]!.trim();
  if (!/^\d{1,15}$/.test(typed)) throw usageError(`'${positionals[0]}' is not an error code (a whole number such as 6600101)`);
  const code = Number(typed);

  const progress = createProgress(io, 'errcat explain');
  let loaded;
  try {
    loaded = await loadCatalogue(values, io, (event) => progress.update(progressLabel(event)));
  } finally {
    progress.stop();
  }
  const entry = Object.hasOwn(loaded.catalogue.errors, String(code)) ? loaded.catalogue.errors[String(code)]! : undefined;
  if (!entry) {
    io.stderr(`errcat explain: no code ${code} in ${loaded.shown} (${plural(Object.keys(loaded.catalogue.errors).length, 'code')}; 'errcat list' shows them)\n`);
    return ExitCode.failed;
  }
  const explanation = explain(loaded.catalogue, entry, values.locale ?? loaded.catalogue.defaultLocale, loaded.shown);
  io.stdout(format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation, textsOf(entry, explanation.locale), stdoutPaint(io)));
  return ExitCode.ok;
}

function textsOf(entry: CatalogueEntry, locale: string): LocalizedEntry {
  return entry.locales[locale]!;
}

/**
 * The explanation of one code in a locale, with the fallback of the generated packages.
 * @param catalogue The catalogue.
 * @param entry The code's entry.
 * @param locale Requested locale (any alias).
 * @param shown Catalogue file or docs folder, as shown.
 */
export function explain(catalogue: Catalogue, entry: CatalogueEntry, locale: string, shown: string): Explanation {
  const requestedLocale = normalizeLocale(locale);
  const available = Object.keys(entry.locales);
  const used = localeSearchOrder(requestedLocale, available, catalogue.defaultLocale)[0]!;
  const texts = entry.locales[used]!;
  const module = catalogue.modules[entry.module];
  const thrownBy = thrownByOf(entry);
  return {
    code: entry.code,
    module: entry.module,
    ...(module?.metadata.kit !== undefined && { kit: module.metadata.kit }),
    ...(module?.metadata.subsystem !== undefined && { subsystem: module.metadata.subsystem }),
    visibility: entry.visibility,
    ...(entry.borrowed && { borrowed: true }),
    locale: used,
    requestedLocale,
    title: texts.title,
    message: texts.message,
    description: texts.description,
    causes: texts.causes,
    solutions: texts.solutions,
    ...(texts.intro && { intro: texts.intro }),
    ...(texts.variants && {
      variants: texts.variants.map(({ title, visibility, message, description, causes, solutions }) => ({ title, visibility, message, description, causes, solutions })),
    }),
    ...(thrownBy.length > 0 && { thrownBy }),
    source: { file: texts.position.file, line: texts.position.line },
    catalogue: shown,
  };
}

/**
 * APIs a catalogue built with `--sdk` records as throwing the code (`thrownBy`: `{ name, systemApi? }`
 * objects, or plain names), system APIs marked.
 */
function thrownByOf(entry: CatalogueEntry): string[] {
  const value = (entry as CatalogueEntry & { thrownBy?: unknown }).thrownBy;
  if (!Array.isArray(value)) return [];
  return value.flatMap((api: unknown) => {
    if (typeof api === 'string') return [api];
    if (typeof api === 'object' && api !== null && typeof (api as { name?: unknown }).name === 'string') {
      const { name, systemApi } = api as { name: string; systemApi?: unknown };
      return [systemApi === true ? `${name} (system API)` : name];
    }
    return [];
  });
}

const visibilityText: Record<Visibility, string> = {
  public: 'public: any application can receive this code',
  system: 'system-only: only system applications receive this code; it is not in the public SDK',
};

/**
 * The text of `errcat explain`: Markdown, as the page has it (its own section labels, in
 * source order), after a few lines about the code.
 * @param explanation What {@link explain} found.
 * @param texts The entry's texts in the locale used (for its sections and labels).
 * @param paint Painter of standard output.
 */
export function formatExplanation(explanation: Explanation, texts: LocalizedEntry, paint: Paint): string {
  const out: string[] = [paint('bold', `# ${explanation.code} ${explanation.title}`), ''];
  const kit = [explanation.kit, explanation.subsystem].filter((part) => part !== undefined && part !== '').join(', ');
  const fallback = explanation.locale === explanation.requestedLocale ? '' : ` (no ${explanation.requestedLocale} text for this code)`;
  const facts: Array<[string, string]> = [
    ['Module', `${explanation.module}${kit ? ` (${kit})` : ''}${explanation.borrowed ? ', documented here but owned by another module' : ''}`],
    ['Visibility', visibilityText[explanation.visibility]],
    ['Locale', `${explanation.locale}${fallback}`],
    ['Source', `${explanation.source.file}:${explanation.source.line}`],
  ];
  const width = Math.max(...facts.map(([key]) => key.length)) + 2;
  for (const [key, value] of facts) out.push(`${paint('dim', `${key}:`.padEnd(width))}${value}`);
  out.push('');
  if (texts.intro) out.push(texts.intro, '');
  out.push(...sectionsText(texts, paint, '##'));
  for (const variant of texts.variants ?? []) {
    out.push(paint('bold', `### ${variant.title}${variant.visibility === 'system' ? ' (system-only)' : ''}`), '');
    if (variant.intro) out.push(variant.intro, '');
    out.push(...sectionsText(variant, paint, '####'));
  }
  if (explanation.thrownBy) {
    out.push(paint('bold', '## Thrown by'), '', ...explanation.thrownBy.map((api) => `- ${api}`), '');
  }
  while (out.at(-1) === '') out.pop();
  return `${out.join('\n')}\n`;
}

/** Every labelled section as the page writes it; the known texts when the page has no labels. */
function sectionsText(texts: CatalogueTexts, paint: Paint, level: string): string[] {
  const sections = texts.sections;
  if (sections.length > 0) return sections.flatMap((section) => [paint('bold', `${level} ${section.label}`), '', sectionMarkdown(section, texts) || '-', '']);
  const known: Array<[string, string]> = [
    ['Error Message', texts.message],
    ['Description', texts.description],
    ['Possible Causes', numbered(texts.causes)],
    ['Solution', numbered(texts.solutions)],
  ];
  return known.filter(([, body]) => body !== '').flatMap(([label, body]) => [paint('bold', `${level} ${label}`), '', body, '']);
}

function numbered(items: readonly string[]): string {
  return items.length === 1 ? items[0]! : items.map((item, index) => `${index + 1}. ${item}`).join('\n');
}
