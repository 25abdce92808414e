import { resolve } from 'node:path';
import { redact } from '@errcat/parser';
import { parseCommandArgs } from '../args.js';
import { displayPath, ExitCode, readTextFile, usageError, writeFileAtomic } from '@errcat/build';
import type { CliIo } from '../io.js';
import { countSeverities, formatReport } from '../report.js';
import { colorEnabled, stderrIsTTY } from '../terminal.js';

export const redactUsage = `Usage: errcat redact <file.md> [-o FILE]

Print the public variant of a full page: every <!--Del-->…<!--DelEnd--> block removed, the
rest byte for byte as it was.

Options:
  -o, --output FILE  write to FILE (atomically, untouched when already equal) instead of stdout
  -h, --help         show this help

Nothing is written when the markers are broken (exit code 1).
`;

/**
 * Run `errcat redact`.
 * @param args Arguments after `redact`.
 * @param io Process io.
 * @returns Exit code.
 */
export async function runRedact(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('redact', args, { output: { type: 'string', short: 'o' } });
  if (values.help) {
    io.stdout(redactUsage);
    return ExitCode.ok;
  }
  if (positionals.length !== 1) throw usageError(`expected one page, got ${positionals.length} (see 'errcat redact --help')`);
  const file = resolve(io.cwd, positionals[0]!);
  const shown = displayPath(file, io.cwd);
  // The BOM stays: the public variant is the same file minus the system-only blocks.
  const { output, diagnostics } = redact(readTextFile(file, shown), { path: shown });
  io.stderr(formatReport(diagnostics, { color: colorEnabled(stderrIsTTY(io), io.env) }));
  if (countSeverities(diagnostics).error > 0) return ExitCode.failed;
  if (values.output === undefined) {
    io.stdout(output);
    return ExitCode.ok;
  }
  const target = resolve(io.cwd, values.output);
  if (target === file) throw usageError('-o must name another file than the page it reads');
  writeFileAtomic(target, output, displayPath(target, io.cwd));
  return ExitCode.ok;
}
