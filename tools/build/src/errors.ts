/** Exit codes errcat's commands end with (tools/cli/README.md has the table); each error carries its own. */
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
export class ErrcatError extends Error {
  readonly exitCode: number;

  /**
   * @param message The line to print (without the `errcat:` prefix).
   * @param exitCode Exit code of the process.
   */
  constructor(message: string, exitCode: number) {
    super(message);
    this.name = 'ErrcatError';
    this.exitCode = exitCode;
  }
}

/**
 * A bad request: unknown command or flag, missing or extra argument, a file that is not a page.
 * @param message What is wrong.
 */
export function usageError(message: string): ErrcatError {
  return new ErrcatError(message, ExitCode.usage);
}

/**
 * Input that cannot be read: missing file, not UTF-8, empty, bad JSON.
 * @param file Path as shown to the user.
 * @param message What is wrong with it.
 */
export function inputError(file: string, message: string): ErrcatError {
  return new ErrcatError(`${file}: ${message}`, ExitCode.usage);
}

/**
 * Output that cannot be written, or a path that would leave its folder.
 * @param message What is wrong.
 */
export function outputError(message: string): ErrcatError {
  return new ErrcatError(message, ExitCode.internal);
}
