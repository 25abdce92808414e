import { spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentCorpusPages } from '../../testing/corpus.js';
import type { CliIo } from '../src/io.js';
import { editDistance, nearest } from '../src/suggest.js';
import { colorEnabled, createProgress, progressEnabled } from '../src/terminal.js';
import { removeTempDirs, repoRoot, run, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const bin = join(repoRoot, 'tools/cli/bin/errcat.js');
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** An io that records what goes to stderr, looking like a terminal there. */
function terminalIo(env: Record<string, string> = {}): { io: CliIo; stderr: () => string } {
  let stderr = '';
  const io: CliIo = { stdout: () => {}, stderr: (text) => void (stderr += text), cwd: '/', isTTY: true, stderrIsTTY: true, env };
  return { io, stderr: () => stderr };
}

describe('colour', () => {
  it('goes to terminals only, honouring NO_COLOR, FORCE_COLOR and TERM=dumb', () => {
    expect(colorEnabled(true, {})).toBe(true);
    expect(colorEnabled(false, {})).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(true, { TERM: 'dumb' })).toBe(false);
    expect(colorEnabled(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(false, { FORCE_COLOR: '' })).toBe(true);
    expect(colorEnabled(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled(true, { FORCE_COLOR: 'false' })).toBe(false);
    expect(colorEnabled(false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  });

  it('colours the report of a command on a terminal, not in a pipe', async () => {
    const cwd = tempDir({ 'docs/en/errorcode-empty.md': '# Empty Error Codes\n\nNothing.\n' });
    const piped = await run(['check', 'docs'], cwd, {}, false);
    expect(piped.stdout).not.toMatch(/\u001b\[/);
    const terminal = await run(['check', 'docs'], cwd, {}, true);
    expect(terminal.stdout).toMatch(/\u001b\[33mwarning\u001b\[39m/);
    expect((await run(['check', 'docs'], cwd, { NO_COLOR: '1' }, true)).stdout).toBe(piped.stdout);
    expect((await run(['check', 'docs'], cwd, { FORCE_COLOR: '1' }, false)).stdout).toBe(terminal.stdout);
  });
});

describe('progress', () => {
  it('shows only on a terminal, not under CI, TERM=dumb or --quiet', () => {
    expect(progressEnabled(terminalIo().io)).toBe(true);
    expect(progressEnabled({ ...terminalIo().io, stderrIsTTY: false })).toBe(false);
    expect(progressEnabled(terminalIo({ CI: 'true' }).io)).toBe(false);
    expect(progressEnabled(terminalIo({ CI: 'false' }).io)).toBe(true);
    expect(progressEnabled(terminalIo({ TERM: 'dumb' }).io)).toBe(false);
    expect(progressEnabled(terminalIo().io, true)).toBe(false);
  });

  it('appears after the delay, redraws on updates at most every interval, and clears before other output', () => {
    let now = 0;
    const { io, stderr } = terminalIo({ NO_COLOR: '1' });
    const progress = createProgress(io, 'errcat check', { delay: 1000, interval: 100, now: () => now });
    progress.update({ label: 'parsing pages', done: 1, total: 3 });
    expect(stderr()).toBe('');
    now = 1200;
    progress.update({ label: 'parsing pages', done: 2, total: 3 });
    expect(stderr()).toBe('\r⠋ errcat check: parsing pages 2/3 1.2 s\u001b[K');
    now = 1250;
    progress.update({ label: 'parsing pages', done: 3, total: 3 });
    expect(stderr()).not.toContain('3/3');
    now = 1400;
    progress.update({ label: 'merging pages' });
    expect(stderr()).toMatch(/\r⠙ errcat check: merging pages 1\.4 s\u001b\[K$/);
    progress.io.stderr('a line\n');
    expect(stderr()).toMatch(/\r\u001b\[Ka line\n$/);
    progress.stop();
    now = 5000;
    progress.update({ label: 'late' });
    expect(stderr()).not.toContain('late');
  });

  it('draws nothing when off', () => {
    const { io, stderr } = terminalIo({ CI: '1' });
    let now = 0;
    const progress = createProgress(io, 'errcat build', { now: () => now });
    now = 10_000;
    progress.update({ label: 'parsing pages', done: 1 });
    progress.stop();
    expect(stderr()).toBe('');
  });
});

describe('suggestions', () => {
  it('finds the nearest word within a few edits, or none', () => {
    expect(editDistance('chekc', 'check')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(nearest('explian', ['parse', 'explain', 'list'])).toBe('explain');
    expect(nearest('--formt', ['--format', '--docs'])).toBe('--format');
    expect(nearest('bulid', ['build', 'check'])).toBe('build');
    expect(nearest('exp', ['explain', 'list'])).toBe('explain');
    expect(nearest('xyz', ['explain', 'list'])).toBeUndefined();
    expect(nearest('l', ['list', 'parse'])).toBeUndefined();
  });

  it('an unknown command or option says which one was meant', async () => {
    const cwd = tempDir();
    expect(await run(['explian', '6600101'], cwd)).toEqual({ code: 2, stdout: '', stderr: "errcat: unknown command 'explian' (did you mean 'explain'?)\n" });
    expect(await run(['frobnicate'], cwd)).toEqual({ code: 2, stdout: '', stderr: "errcat: unknown command 'frobnicate' (see 'errcat --help')\n" });
    expect((await run(['--verison'], cwd)).stderr).toBe("errcat: unknown option '--verison' (did you mean '--version'?)\n");
    expect((await run(['check', '--quite'], cwd)).stderr).toBe("errcat check: unknown option '--quite' (did you mean '--quiet'?)\n");
    expect((await run(['build', '--max-warning', '3'], cwd)).stderr).toBe("errcat build: unknown option '--max-warning' (did you mean '--max-warnings'?)\n");
    expect((await run(['diff', 'a', 'b', '--fail-onn', 'info'], cwd)).stderr).toBe("errcat diff: unknown option '--fail-onn' (did you mean '--fail-on'?)\n");
    expect((await run(['check', '--format', 'jsno'], cwd)).stderr).toBe("errcat check: --format must be one of text, json, github (got 'jsno'; did you mean 'json'?)\n");
  });
});

describe.skipIf(!hasScript)('on a pseudo-terminal and in a pipe', () => {
  /** Run the compiled errcat under `script`, so its stdout and stderr are a terminal. */
  function onTerminal(args: string[], cwd: string, env: Record<string, string> = {}) {
    const command = [process.execPath, bin, ...args].map((part) => `'${part.replace(/'/g, "'\\''")}'`).join(' ');
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...env } });
    return { code: result.status, output: result.stdout };
  }
  function piped(args: string[], cwd: string, env: Record<string, string> = {}) {
    const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...env } });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('a long check shows progress and colour on a terminal; a pipe, CI and --quiet get neither', () => {
    if (!existsSync(join(repoRoot, 'tools/cli/dist/bin.js'))) throw new Error('run tsc -b tools first');
    const cwd = tempDir();
    for (const corpusPage of currentCorpusPages()) cpSync(corpusPage.file, join(cwd, 'docs', corpusPage.path));
    // Parsing the whole corpus twice over in one thread takes well over the one-second delay.
    const terminal = onTerminal(['check', 'docs', '--jobs', '1'], cwd);
    expect(terminal.code).toBe(0);
    expect(terminal.output).toMatch(/\r\S+ errcat check: parsing pages \d+\/\d+ \S*\d+\.\d s/);
    expect(terminal.output).toMatch(/\u001b\[33mwarning\u001b\[39m/);
    // The progress line is cleared before the report starts.
    expect(terminal.output).toMatch(/\r\u001b\[K\u001b\[4m/);
    const pipe = piped(['check', 'docs', '--jobs', '1'], cwd);
    expect(pipe.code).toBe(0);
    expect(pipe.stderr).toBe('');
    expect(pipe.stdout).not.toMatch(/[\r\u001b]/);
    const ci = onTerminal(['check', 'docs', '--jobs', '1'], cwd, { CI: 'true', NO_COLOR: '1' });
    expect(ci.output).not.toMatch(/[\u001b]|parsing pages/);
    const quiet = onTerminal(['check', 'docs', '--jobs', '1', '--quiet'], cwd);
    expect(quiet.output).toBe('');
  }, 120_000);

  it('explain and list colour their headings on a terminal only', () => {
    const cwd = tempDir();
    cpSync(join(repoRoot, 'docs-source'), join(cwd, 'docs-source'), { recursive: true });
    const terminal = onTerminal(['explain', '6600101'], cwd);
    expect(terminal.code).toBe(0);
    expect(terminal.output).toContain('\u001b[1m# 6600101 Session Service Exception\u001b[22m');
    const pipe = piped(['explain', '6600101'], cwd);
    expect(pipe.stdout.split('\n')[0]).toBe('# 6600101 Session Service Exception');
    expect(pipe.stdout).not.toMatch(/\u001b/);
    expect(onTerminal(['list'], cwd).output).toContain('\u001b[1mmodule');
    expect(piped(['list'], cwd).stdout).toMatch(/^module {5}kit/);
  }, 120_000);
});
