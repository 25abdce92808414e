import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, repoRoot, run, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const fixture = join(repoRoot, 'tools/sdk/test/fixtures/build');

function workspace(): string {
  const cwd = tempDir();
  cpSync(fixture, cwd, { recursive: true });
  return cwd;
}

function json(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('errcat build --sdk', () => {
  it('names members after the SDK enum and lists in each code the APIs that throw it', async () => {
    const cwd = workspace();
    const result = await run(['build', '--docs', 'docs', '--out', 'out', '--sdk', 'sdk', '--no-cache'], cwd);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // 7708003 is in no SDK enum: its name comes from its title.
    expect(json(join(cwd, 'docs/errcat.names.json'))).toEqual({
      teapot: { '7708001': 'ERR_CODE_KETTLE_EMPTY', '7708002': 'ERR_CODE_POT_CRACKED', '7708003': 'LID_MISSING' },
    });
    const catalogue = json(join(cwd, 'out/error-catalogue/catalogue.json')) as { errors: Record<string, { thrownBy?: unknown }> };
    expect(catalogue.errors['7708001']!.thrownBy).toEqual([{ name: 'teapot.brew' }, { name: 'teapot.pour' }]);
    expect(catalogue.errors['7708002']!.thrownBy).toEqual([{ name: 'teapot.inspect', systemApi: true }]);
    expect(catalogue.errors['7708003']!.thrownBy).toBeUndefined();
    expect(json(join(cwd, 'out/teapot/lib/public/thrown-by.json'))).toEqual({ '7708001': ['teapot.brew', 'teapot.pour'] });
    expect(json(join(cwd, 'out/teapot/lib/system/thrown-by.json'))).toEqual({ '7708001': ['teapot.brew', 'teapot.pour'], '7708002': ['teapot.inspect'] });
  });

  it('keeps names already recorded, and is not up to date when the SDK input is new', async () => {
    const cwd = workspace();
    expect((await run(['build', '--docs', 'docs', '--out', 'out', '--cache', 'cache'], cwd)).code).toBe(0);
    const recorded = json(join(cwd, 'docs/errcat.names.json'));
    expect(recorded).toEqual({ teapot: { '7708001': 'KETTLE_EMPTY', '7708002': 'POT_CRACKED', '7708003': 'LID_MISSING' } });
    const withSdk = await run(['build', '--docs', 'docs', '--out', 'out', '--cache', 'cache', '--sdk', 'sdk'], cwd);
    expect(withSdk.code).toBe(0);
    expect(withSdk.stdout).not.toMatch(/nothing changed/);
    expect(json(join(cwd, 'docs/errcat.names.json'))).toEqual(recorded);
    const catalogue = json(join(cwd, 'out/error-catalogue/catalogue.json')) as { errors: Record<string, { thrownBy?: unknown }> };
    expect(catalogue.errors['7708001']!.thrownBy).toEqual([{ name: 'teapot.brew' }, { name: 'teapot.pour' }]);
    const again = await run(['build', '--docs', 'docs', '--out', 'out', '--cache', 'cache', '--sdk', 'sdk'], cwd);
    expect(again.stdout).toMatch(/nothing changed since the last build/);
  });

  it('rejects a folder that is not an SDK checkout in one line', async () => {
    const cwd = workspace();
    const result = await run(['build', '--docs', 'docs', '--out', 'out', '--sdk', 'docs', '--no-cache'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('errcat build: --sdk docs: not an SDK checkout (it has no api/ or kits/ folder)\n');
  });
});
