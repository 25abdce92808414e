// Runs `errcat diff` in-process with captured output, the way the CLI's own tests do.
import type { CliIo } from '../../cli/src/io.js';
import { runDiff } from '../../cli/src/commands/diff.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run `errcat diff <args>` with the given working folder.
 * @param args Arguments after `diff`.
 * @param cwd Working folder.
 * @param env Environment (default: none, so NO_COLOR and CI of the test run do not leak in).
 */
export async function errcatDiff(args: string[], cwd: string, options: { isTTY?: boolean; env?: Record<string, string> } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd,
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
  };
  const code = await runDiff(args, io);
  return { code, stdout, stderr };
}
