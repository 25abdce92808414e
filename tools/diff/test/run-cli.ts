// `errcat diff` run in-process through the CLI's own test runner.
import { run, type RunResult } from '../../cli/test/helpers.js';

export type CliRun = RunResult;

/**
 * Run `errcat diff <args>` with the given working folder.
 * @param args Arguments after `diff`.
 * @param cwd Working folder.
 * @param options `isTTY` for stdout; `env` (default: none, so NO_COLOR and CI of the test run do not leak in).
 */
export function errcatDiff(args: string[], cwd: string, options: { isTTY?: boolean; env?: Record<string, string> } = {}): Promise<CliRun> {
  return run(['diff', ...args], cwd, options.env ?? {}, options.isTTY ?? false);
}
