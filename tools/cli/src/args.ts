import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from '@errcat/build';
import { didYouMean, nearest } from './suggest.js';

/** Flags a command accepts, as node's parseArgs takes them. */
export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/** What {@link parseCommandArgs} returns for the given flags. */
export type ParsedCommandArgs<T extends CommandOptions> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T & { help: { type: 'boolean'; short: 'h' } }; allowPositionals: true; strict: true }>
>;

/**
 * Parse a command's arguments strictly, turning node's errors into one-line usage errors.
 * @param command Command name, for messages (`parse`, `build`, …).
 * @param args Arguments after the command name.
 * @param options Flags the command accepts (`help` is added).
 */
export function parseCommandArgs<T extends CommandOptions>(command: string, args: string[], options: T): ParsedCommandArgs<T> {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as T & { help: { type: 'boolean'; short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usageError(describeArgError(error, command, options));
  }
}

function describeArgError(error: unknown, command: string, options: CommandOptions): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'([^']+)'/.exec(message)?.[1];
  const seeHelp = ` (see 'errcat ${command} --help')`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) {
    const known = [...Object.keys(options), 'help'].map((name) => `--${name}`);
    return `unknown option '${flag}'${didYouMean(flag.split('=')[0]!, known, seeHelp)}`;
  }
  return `${describeOtherArgError(code, message, flag)}${seeHelp}`;
}

function describeOtherArgError(code: string | undefined, message: string, flag: string | undefined): string {
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag && message.includes('argument missing')) {
    return `option '${flag.split(' ')[0]}' needs a value`;
  }
  const line = message.split('\n')[0]!.replace(/\.$/, '');
  return line.charAt(0).toLowerCase() + line.slice(1);
}

/**
 * Check a flag's value against the allowed ones.
 * @param flag Flag name without dashes.
 * @param value Given value.
 * @param allowed Allowed values.
 */
export function oneOf<V extends string>(flag: string, value: string, allowed: readonly V[]): V {
  if ((allowed as readonly string[]).includes(value)) return value as V;
  const near = nearest(value, allowed);
  throw usageError(`--${flag} must be one of ${allowed.join(', ')} (got '${value}'${near === undefined ? '' : `; did you mean '${near}'?`})`);
}
