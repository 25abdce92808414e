import { ExitCode, usageError } from '@errcat/build';
import stringWidth from 'string-width';
import type { Catalogue, CatalogueModule, Visibility } from '@errcat/schema';
import { localeSearchOrder, normalizeLocale } from '@errcat/schema';
import { oneOf, parseCommandArgs } from '../args.js';
import { catalogueFlags, catalogueUsage, loadCatalogue } from '../catalogue-source.js';
import type { CliIo } from '../io.js';
import { progressLabel } from '../progress-labels.js';
import { plural } from '../report.js';
import { didYouMean } from '../suggest.js';
import { createProgress, stdoutPaint, type Paint } from '../terminal.js';

export const listUsage = `Usage: errcat list [module] [--locale L] [--format text|json] [--catalogue FILE | --docs DIR]

Without a module: every module with its kit and code counts (public, system-only, and per
locale how many codes have texts). With a module: its codes, visibility and titles.

Options:
  --locale L          locale of the titles (default: the catalogue's default locale, with the
                      fallback of 'errcat explain')
  --format text|json  text (default) or JSON
${catalogueUsage}
  -h, --help          show this help

Exit code 1 when the module is not in the catalogue.
`;

/** One module's line of `errcat list`. */
export interface ModuleListing {
  module: string;
  kit?: string;
  subsystem?: string;
  codes: number;
  public: number;
  system: number;
  /** Codes that have texts, per locale. */
  locales: Record<string, number>;
}

/** One code's line of `errcat list <module>`. */
export interface CodeListing {
  code: number;
  visibility: Visibility;
  title: string;
  /** Locale of the title. */
  locale: string;
}

/**
 * Run `errcat list`.
 * @param args Arguments after `list`.
 * @param io Process io.
 * @returns Exit code.
 */
export async function runList(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('list', args, {
    locale: { type: 'string' },
    format: { type: 'string', default: 'text' },
    ...catalogueFlags,
  });
  if (values.help) {
    io.stdout(listUsage);
    return ExitCode.ok;
  }
  const format = oneOf('format', values.format, ['text', 'json'] as const);
  if (positionals.length > 1) throw usageError(`expected at most one module, got ${positionals.length} (see 'errcat list --help')`);
  const progress = createProgress(io, 'errcat list');
  let loaded;
  try {
    loaded = await loadCatalogue(values, io, (event) => progress.update(progressLabel(event)));
  } finally {
    progress.stop();
  }
  const { catalogue } = loaded;
  const paint = stdoutPaint(io);
  const name = positionals[0];
  if (name === undefined) {
    const modules = Object.values(catalogue.modules).map((module) => listModule(catalogue, module));
    io.stdout(format === 'json' ? `${JSON.stringify({ catalogue: loaded.shown, locales: catalogue.locales, modules }, null, 2)}\n` : formatModules(modules, catalogue.locales, paint));
    return ExitCode.ok;
  }
  const module = Object.hasOwn(catalogue.modules, name) ? catalogue.modules[name]! : undefined;
  if (!module) {
    const names = Object.keys(catalogue.modules);
    io.stderr(`errcat list: no module '${name}' in ${loaded.shown}${didYouMean(name, names, ` (${plural(names.length, 'module')}; 'errcat list' shows them)`)}\n`);
    return ExitCode.failed;
  }
  const locale = normalizeLocale(values.locale ?? catalogue.defaultLocale);
  const codes = listCodes(catalogue, module, locale);
  const summary = listModule(catalogue, module);
  io.stdout(format === 'json' ? `${JSON.stringify({ catalogue: loaded.shown, ...summary, requestedLocale: locale, entries: codes }, null, 2)}\n` : formatCodes(summary, codes, locale, paint));
  return ExitCode.ok;
}

/**
 * Counts of one module.
 * @param catalogue The catalogue.
 * @param module The module.
 */
export function listModule(catalogue: Catalogue, module: CatalogueModule): ModuleListing {
  const locales: Record<string, number> = {};
  for (const locale of catalogue.locales) {
    locales[locale] = module.codes.filter((code) => catalogue.errors[String(code)]?.locales[locale] !== undefined).length;
  }
  return {
    module: module.name,
    ...(module.metadata.kit !== undefined && { kit: module.metadata.kit }),
    ...(module.metadata.subsystem !== undefined && { subsystem: module.metadata.subsystem }),
    codes: module.counts.total,
    public: module.counts.public,
    system: module.counts.system,
    locales,
  };
}

/**
 * The codes of one module with their titles in a locale (falling back as `explain` does).
 * @param catalogue The catalogue.
 * @param module The module.
 * @param locale Canonical locale wanted.
 */
export function listCodes(catalogue: Catalogue, module: CatalogueModule, locale: string): CodeListing[] {
  return module.codes.flatMap((code) => {
    const entry = catalogue.errors[String(code)];
    if (!entry) return [];
    const used = localeSearchOrder(locale, Object.keys(entry.locales), catalogue.defaultLocale)[0];
    if (used === undefined) return [];
    return [{ code, visibility: entry.visibility, title: entry.locales[used]!.title, locale: used }];
  });
}

function table(rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => stringWidth(row[column]!))));
  return rows.map((row) =>
    row
      .map((cell, column) => {
        const pad = ' '.repeat(widths[column]! - stringWidth(cell));
        return rightAligned.has(column) ? pad + cell : column === row.length - 1 ? cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

function formatModules(modules: readonly ModuleListing[], locales: readonly string[], paint: Paint): string {
  const header = ['module', 'kit', 'codes', 'public', 'system', ...locales];
  const rows = modules.map((module) => [
    module.module,
    module.kit ?? '',
    String(module.codes),
    String(module.public),
    String(module.system),
    ...locales.map((locale) => String(module.locales[locale] ?? 0)),
  ]);
  const numeric = new Set(header.map((_, index) => index).filter((index) => index >= 2));
  const [head, ...body] = table([header, ...rows], numeric);
  const total = modules.reduce((sum, module) => sum + module.codes, 0);
  const publicCodes = modules.reduce((sum, module) => sum + module.public, 0);
  const footer = `${plural(modules.length, 'module')}, ${plural(total, 'code')} (${publicCodes} public, ${total - publicCodes} system-only)`;
  return `${[paint('bold', head!), ...body, '', footer].join('\n')}\n`;
}

function formatCodes(module: ModuleListing, codes: readonly CodeListing[], locale: string, paint: Paint): string {
  const kit = [module.kit, module.subsystem].filter(Boolean).join(', ');
  const perLocale = Object.entries(module.locales)
    .map(([tag, count]) => `${tag} ${count}`)
    .join(', ');
  const lines = [
    paint('bold', `${module.module}${kit ? ` (${kit})` : ''}`),
    `${plural(module.codes, 'code')}: ${module.public} public, ${module.system} system-only; texts: ${perLocale}`,
    '',
  ];
  const rows = codes.map((entry) => [
    String(entry.code),
    entry.visibility === 'system' ? 'system' : 'public',
    `${entry.title}${entry.locale === locale ? '' : paint('dim', ` (${entry.locale})`)}`,
  ]);
  if (rows.length > 0) lines.push(...table(rows, new Set()));
  return `${lines.join('\n')}\n`;
}
