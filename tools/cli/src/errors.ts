/** Exit codes of every command (tools/cli/README.md has the table). */
export const ExitCode = {
  ok: 0,
  /** Diagnostics with errors, an invalid catalogue, or stale output under `--check`. */
  failed: 1,
  /** Bad command line or unreadable input. */
  usage: 2,
  /** Output could not be written, or errcat itself failed. */
  internal: 3,
} as const;

/** A failure shown to the user as one line, without a stack trace. */
export class CliError extends Error {
  readonly exitCode: number;

  /**
   * @param message The line to print (without the `errcat:` prefix).
   * @param exitCode Exit code of the process.
   */
  constructor(message: string, exitCode: number) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/**
 * A bad command line: unknown command or flag, missing or extra argument.
 * @param message What is wrong.
 */
export function usageError(message: string): CliError {
  return new CliError(message, ExitCode.usage);
}

/**
 * Input that cannot be read: missing file, not UTF-8, empty, bad JSON.
 * @param file Path as shown to the user.
 * @param message What is wrong with it.
 */
export function inputError(file: string, message: string): CliError {
  return new CliError(`${file}: ${message}`, ExitCode.usage);
}
