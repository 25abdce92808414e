import { resolve } from 'node:path';
import type { ErrorDocument } from '@errcat/schema';
import { parse } from '@errcat/parser';
import { oneOf, parseCommandArgs } from '../args.js';
import { displayPath, ExitCode, readTextFile, stripBom, usageError } from '@errcat/build';
import type { CliIo } from '../io.js';
import { countSeverities, formatReport, plural } from '../report.js';
import { colorEnabled, stderrIsTTY } from '../terminal.js';

export const parseUsage = `Usage: errcat parse <file.md> [--format json|text] [--locale L] [--module M]

Parse one error-code page and print its canonical document.

Options:
  --format json|text  json: the document as JSON (default); text: a readable summary
  --locale L          locale of the page (default: from its folder, else en)
  --module M          module name (default: from errorcode-<module>.md)
  -h, --help          show this help

Diagnostics go to stderr. Exit code 1 when any is an error.
`;

/**
 * Run `errcat parse`.
 * @param args Arguments after `parse`.
 * @param io Process io.
 * @returns Exit code.
 */
export async function runParse(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('parse', args, {
    format: { type: 'string', default: 'json' },
    locale: { type: 'string' },
    module: { type: 'string' },
  });
  if (values.help) {
    io.stdout(parseUsage);
    return ExitCode.ok;
  }
  const format = oneOf('format', values.format, ['json', 'text'] as const);
  if (positionals.length !== 1) throw usageError(`expected one page, got ${positionals.length} (see 'errcat parse --help')`);
  const file = resolve(io.cwd, positionals[0]!);
  const shown = displayPath(file, io.cwd);
  const source = stripBom(readTextFile(file, shown));
  const { document, diagnostics } = parse(source, {
    path: shown,
    ...(values.locale !== undefined && { locale: values.locale }),
    ...(values.module !== undefined && { module: values.module }),
  });
  io.stdout(format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : summarizeDocument(document));
  io.stderr(formatReport(diagnostics, { color: colorEnabled(stderrIsTTY(io), io.env) }));
  return countSeverities(diagnostics).error > 0 ? ExitCode.failed : ExitCode.ok;
}

/**
 * A readable summary of a document: title, metadata, counts, then one line per code.
 * @param document Parsed page.
 */
export function summarizeDocument(document: ErrorDocument): string {
  const publicCount = document.errors.filter((entry) => entry.visibility === 'public').length;
  const fields: Array<[string, string | undefined]> = [
    ['file', document.file],
    ['locale', document.locale],
    ['module', document.module],
    ['kit folder', document.kitFolder],
    ['kit', document.metadata.kit],
    ['subsystem', document.metadata.subsystem],
    ['owner', document.metadata.owner?.join(', ')],
    ['designer', document.metadata.designer?.join(', ')],
    ['tester', document.metadata.tester?.join(', ')],
    ['adviser', document.metadata.adviser?.join(', ')],
    ...Object.entries(document.metadata.extra ?? {}).map(([key, value]): [string, string] => [key, value.join(', ')]),
    ['codes', `${document.errors.length} (${publicCount} public, ${document.errors.length - publicCount} system)`],
    ['regions', document.regions.length > 0 ? describeRegions(document) : undefined],
  ];
  const shown = fields.filter((field): field is [string, string] => field[1] !== undefined && field[1] !== '');
  const width = Math.max(...shown.map(([key]) => key.length)) + 2;
  const lines = [document.title || '(no title)', ...shown.map(([key, value]) => `  ${`${key}:`.padEnd(width)}${value}`), ''];
  const codeWidth = Math.max(0, ...document.errors.map((entry) => String(entry.code).length));
  for (const entry of document.errors) {
    const flags = [entry.borrowed && 'borrowed', entry.stub && 'stub', entry.variants && plural(entry.variants.length, 'variant')];
    const extra = flags.filter(Boolean).join(', ');
    lines.push(`${String(entry.code).padEnd(codeWidth)}  ${entry.visibility.padEnd(6)}  ${entry.title}${extra ? `  (${extra})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function describeRegions(document: ErrorDocument): string {
  const counts = new Map<string, number>();
  for (const region of document.regions) counts.set(region.name, (counts.get(region.name) ?? 0) + 1);
  return [...counts].map(([name, count]) => `${count} ${name}`).join(', ');
}
