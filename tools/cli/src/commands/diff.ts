// Placeholder: `errcat diff` is written in tools/diff and wired in here by its owner.
import type { CliIo } from '../io.js';

/**
 * Run `errcat diff` (not available yet).
 * @param args Arguments after `diff`.
 * @param io Process io.
 * @returns Exit code 2.
 */
export async function runDiff(args: string[], io: CliIo): Promise<number> {
  void args;
  io.stderr('errcat diff: not available in this build\n');
  return 2;
}
