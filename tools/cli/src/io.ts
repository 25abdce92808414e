import { userCwd } from './locations.js';

/** Writes text as it is, without adding a newline. */
export type Writer = (text: string) => void;

/** Everything a command may touch of its process, so tests can run commands in-process. */
export interface CliIo {
  /** Standard output. */
  stdout: Writer;
  /** Standard error. */
  stderr: Writer;
  /** Folder that relative paths are resolved against. */
  cwd: string;
  /** Whether standard output is a terminal (colour and the like). */
  isTTY: boolean;
  /** Whether standard error is a terminal (progress, colour of diagnostics); false when absent. */
  stderrIsTTY?: boolean;
  /** Environment variables. */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The io of the running process.
 * @returns Writers on process.stdout/stderr, the process's cwd, TTY flags and environment.
 */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: userCwd(process.env, process.cwd()),
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  };
}
