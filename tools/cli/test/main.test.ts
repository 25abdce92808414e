import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, run, tempDir } from './helpers.js';

afterAll(removeTempDirs);

describe('errcat (dispatcher)', () => {
  const cwd = tempDir();

  it('prints usage for --help and lists every command', async () => {
    const result = await run(['--help'], cwd);
    expect(result.code).toBe(0);
    for (const command of ['parse', 'redact', 'check', 'build', 'diff']) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(result.stderr).toBe('');
  });

  it('prints usage to stderr and exits 2 without a command', async () => {
    const result = await run([], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: errcat <command>');
    expect(result.stdout).toBe('');
  });

  it('prints the version of the package', async () => {
    const result = await run(['--version'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each(['parse', 'redact', 'check', 'build'])('prints usage for %s --help', async (command) => {
    const result = await run([command, '--help'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: errcat ${command} `));
  });

  it('rejects an unknown command in one line with exit 2', async () => {
    const result = await run(['frobnicate'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("errcat: unknown command 'frobnicate' (see 'errcat --help')\n");
  });

  it('rejects an unknown top-level option', async () => {
    const result = await run(['--frob'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("errcat: unknown option '--frob' (see 'errcat --help')\n");
  });

  it('does not take inherited object keys for commands', async () => {
    expect((await run(['constructor'], cwd)).code).toBe(2);
    expect((await run(['toString'], cwd)).code).toBe(2);
  });

  it.each(['parse', 'redact', 'check', 'build'])('rejects an unknown flag of %s in one line with exit 2', async (command) => {
    const result = await run([command, '--no-such-flag'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`errcat ${command}: unknown option '--no-such-flag' (see 'errcat ${command} --help')\n`);
  });

  it('says which option lacks its value', async () => {
    const result = await run(['parse', 'x.md', '--format'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("errcat parse: option '--format' needs a value (see 'errcat parse --help')\n");
  });

  it('routes diff to its command (a placeholder until it lands)', async () => {
    const result = await run(['diff', 'a', 'b'], cwd);
    expect(result.code).toBeGreaterThanOrEqual(0);
    expect(result.stdout + result.stderr).not.toContain('unknown command');
  });
});
