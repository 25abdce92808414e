import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../testing/files.js';
import { main } from '../src/main.js';
import type { CliIo } from '../src/io.js';

export { removeTempDirs, repoRoot, snapshot, tempDir, writeFile } from '../../testing/files.js';

/** What one in-process run printed and returned. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the CLI in-process with captured output.
 * @param argv Arguments after `errcat`.
 * @param cwd Working folder.
 * @param env Environment (default: empty, so NO_COLOR and CI of the test run do not leak in).
 * @param isTTY Whether stdout is to look like a terminal.
 */
export async function run(argv: string[], cwd: string, env: Record<string, string> = {}, isTTY = false): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd,
    isTTY,
    env,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** The repository's English AVSession page (64 codes, two of them system-only). */
export const avsessionPage = readFileSync(join(repoRoot, 'docs-source/en/apis-avsession-kit/errorcode-avsession.md'), 'utf8');

/**
 * A small page in the OpenHarmony layout.
 * @param options Title, kit and codes (`system` ones are wrapped in Del markers).
 */
export function page(options: { title?: string; kit?: string; codes: Array<{ code: number; title: string; message: string; system?: boolean }> }): string {
  const lines = [`# ${options.title ?? 'Sample Error Codes'}`];
  if (options.kit) lines.push(`<!--Kit: ${options.kit}-->`, '<!--Subsystem: Samples-->');
  lines.push('');
  for (const entry of options.codes) {
    const body = [
      `## ${entry.code} ${entry.title}`,
      '',
      '**Error Message**',
      '',
      entry.message,
      '',
      '**Description**',
      '',
      `${entry.title} happened.`,
      '',
      '**Possible Causes**',
      '',
      '1. Something went wrong.',
      '',
      '**Solution**',
      '',
      'Try again.',
      '',
    ];
    lines.push(...(entry.system ? ['<!--Del-->', ...body, '<!--DelEnd-->', ''] : body));
  }
  return lines.join('\n');
}
