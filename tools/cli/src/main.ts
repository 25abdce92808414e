import { readFileSync } from 'node:fs';
import { ErrcatError, ExitCode } from '@errcat/build';
import type { CliIo } from './io.js';
import { didYouMean } from './suggest.js';

type Command = (args: string[], io: CliIo) => Promise<number>;

const commands: Record<string, { run: Command; summary: string }> = {
  parse: { run: async (args, io) => (await import('./commands/parse.js')).runParse(args, io), summary: 'parse one page and print its document (JSON or text)' },
  redact: { run: async (args, io) => (await import('./commands/redact.js')).runRedact(args, io), summary: 'print or write the public variant of a full page' },
  check: { run: async (args, io) => (await import('./commands/check.js')).runCheck(args, io), summary: 'parse and merge pages, print every diagnostic' },
  build: { run: async (args, io) => (await import('./commands/build.js')).runBuild(args, io), summary: 'build the catalogue and the generated packages' },
  diff: { run: async (args, io) => (await import('./commands/diff.js')).runDiff(args, io), summary: 'compare two doc versions or catalogues' },
  explain: { run: async (args, io) => (await import('./commands/explain.js')).runExplain(args, io), summary: 'explain an error code: texts, module, visibility' },
  list: { run: async (args, io) => (await import('./commands/list.js')).runList(args, io), summary: 'list modules with their code counts, or one module\'s codes' },
};

/** Top-level usage text. */
export const usage = `Usage: errcat <command> [options]

Turn OpenHarmony error-code pages (errorcode-*.md) into a catalogue, packages and diffs.

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(8)}${command.summary}`)
  .join('\n')}

Options:
  -h, --help     show this help ('errcat <command> --help' for a command)
  -v, --version  print the version

Exit codes: 0 ok, 1 errors found or output stale, 2 bad usage or unreadable input,
3 output could not be written or errcat failed.
`;

/**
 * Run the command line.
 * @param argv Arguments after the program name.
 * @param io Process io.
 * @returns Exit code.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr(usage);
    return ExitCode.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage);
    return ExitCode.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${version()}\n`);
    return ExitCode.ok;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    const what = name.startsWith('-') ? `unknown option '${name}'` : `unknown command '${name}'`;
    const known = name.startsWith('-') ? ['--help', '--version'] : Object.keys(commands);
    io.stderr(`errcat: ${what}${didYouMean(name, known, " (see 'errcat --help')")}\n`);
    return ExitCode.usage;
  }
  try {
    return await command.run([...args], io);
  } catch (error) {
    if (error instanceof ErrcatError) {
      io.stderr(`errcat ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    // A fault of errcat itself: still one line; the stack only on request.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`errcat ${name}: internal error: ${message.split('\n')[0]}\n`);
    if (io.env.ERRCAT_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return ExitCode.internal;
  }
}

function version(): string {
  // package.json sits one folder above both src/ and dist/.
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
