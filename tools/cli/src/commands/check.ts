import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mergeDocuments } from '@errcat/catalogue';
import { parseCommandArgs } from '../args.js';
import { readConfig, type ErrcatConfig } from '../config.js';
import { ExitCode, inputError, usageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { parsePageFiles, type PageRef } from '../pages.js';
import { displayPath, findPages, pageFileName } from '../paths.js';
import { countSeverities, describeCounts, formatDiagnostics, plural } from '../report.js';
import { parseJobs } from './shared.js';

export const checkUsage = `Usage: errcat check [paths…] [--jobs N]

Parse every errorcode-*.md page in the given files and folders (default: docs-source/), merge
them, and print every diagnostic as

  path:line:col  severity  message  rule-id

sorted by path, line and column, then a summary line. A folder's errcat.config.json (borrowed
codes, default locale) is used when present.

Options:
  --jobs N    parse with up to N worker threads (default: the number of CPUs; 1 = none)
  -h, --help  show this help

Exit code 1 when any diagnostic is an error.
`;

/**
 * Run `errcat check`.
 * @param args Arguments after `check`.
 * @param io Process io.
 * @returns Exit code.
 */
export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('check', args, { jobs: { type: 'string' } });
  if (values.help) {
    io.stdout(checkUsage);
    return ExitCode.ok;
  }
  const jobs = parseJobs(values.jobs);
  const paths = positionals.length > 0 ? positionals : ['docs-source'];
  const pages: PageRef[] = [];
  const config: ErrcatConfig = {};
  for (const path of paths) {
    const absolute = resolve(io.cwd, path);
    const shown = displayPath(absolute, io.cwd);
    if (!existsSync(absolute)) throw inputError(shown, 'no such file or folder');
    if (statSync(absolute).isDirectory()) {
      mergeConfig(config, readConfig(join(absolute, 'errcat.config.json'), displayPath(join(absolute, 'errcat.config.json'), io.cwd)));
      const found = findPages(absolute);
      if (found.length === 0) throw inputError(shown, 'holds no errorcode-*.md page');
      pages.push(...found.map((file) => ({ file, shown: displayPath(file, io.cwd) })));
    } else {
      if (!pageFileName.test(absolute.split(/[\\/]/).at(-1)!)) {
        throw usageError(`${shown} is not an errorcode-*.md page`);
      }
      pages.push({ file: absolute, shown });
    }
  }
  const unique = [...new Map(pages.map((page) => [page.file, page])).values()];
  const parsed = await parsePageFiles(unique, { ...(config.borrowed && { borrowed: config.borrowed }), ...(jobs && { jobs }) });
  const merged = mergeDocuments(parsed.documents, {
    ...(config.defaultLocale !== undefined && { defaultLocale: config.defaultLocale }),
    ...(config.borrowed && { borrowed: config.borrowed }),
  });
  const diagnostics = [...parsed.diagnostics, ...merged.diagnostics];
  io.stdout(formatDiagnostics(diagnostics));
  const counts = countSeverities(diagnostics);
  const codes = Object.keys(merged.catalogue.errors).length;
  const modules = Object.keys(merged.catalogue.modules).length;
  io.stdout(
    `${plural(unique.length, 'page')}, ${plural(modules, 'module')}, ${plural(codes, 'code')}: ${describeCounts(counts)}\n`,
  );
  return counts.error > 0 ? ExitCode.failed : ExitCode.ok;
}

function mergeConfig(into: ErrcatConfig, from: ErrcatConfig): void {
  if (into.defaultLocale === undefined && from.defaultLocale !== undefined) into.defaultLocale = from.defaultLocale;
  for (const [module, codes] of Object.entries(from.borrowed ?? {})) {
    into.borrowed = { ...into.borrowed, [module]: [...(into.borrowed?.[module] ?? []), ...codes] };
  }
}
