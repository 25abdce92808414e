import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedFile, PackageSettings } from '../src/index.js';
import { generatePackages, packageSettingsProblem } from '../src/index.js';
import { buildCatalogue } from './catalogue.js';
import { repoRoot } from './docs.js';
import { plainEnv, removeDir, writeToTempDir } from './helpers.js';

const catalogue = buildCatalogue([
  { name: 'wifi', kit: 'Connectivity Kit', codes: [{ code: 2501000, texts: { en: { title: 'Wi-Fi Off' } } }, { code: 2501001, visibility: 'system', texts: { en: { title: 'Scan Failed' } } }] },
]);
const settings: PackageSettings = {
  name: '@acme/errors-{module}',
  license: 'Apache-2.0',
  repository: { url: 'git+https://example.com/acme/docs.git', directory: 'packages/{module}' },
  author: { name: 'Acme Docs', email: 'docs@example.com' },
  engines: { node: '>=22' },
};

const manifests = (files: readonly GeneratedFile[]) =>
  Object.fromEntries(files.filter((file) => /^[^/]+\/package\.json$/.test(file.path)).map((file) => [file.path.split('/')[0], JSON.parse(file.content)]));

describe('package settings', () => {
  it('name every package after the pattern and put license, repository, author and engines in each package.json', () => {
    const result = generatePackages(catalogue, { packageSettings: settings, packageVersions: { '@acme/errors-runtime': '2.0.0' } });
    const all = manifests(result.files);
    expect(Object.keys(all).sort()).toEqual(['error-catalogue', 'runtime', 'wifi']);
    expect(all.wifi).toMatchObject({
      name: '@acme/errors-wifi',
      license: 'Apache-2.0',
      repository: { type: 'git', url: 'git+https://example.com/acme/docs.git', directory: 'packages/wifi' },
      author: { name: 'Acme Docs', email: 'docs@example.com' },
      engines: { node: '>=22' },
      dependencies: { '@acme/errors-runtime': '^2.0.0' },
    });
    expect(all.runtime).toMatchObject({ name: '@acme/errors-runtime', version: '2.0.0', repository: { directory: 'packages/runtime' }, license: 'Apache-2.0' });
    expect(all['error-catalogue']).toMatchObject({
      name: '@acme/errors-error-catalogue',
      dependencies: { '@acme/errors-runtime': '^2.0.0', '@acme/errors-wifi': '^0.1.0' },
      license: 'Apache-2.0',
    });
    // The generated code imports the runtime and the modules by their configured names.
    const code = (path: string) => result.files.find((file) => file.path === path)!.content;
    expect(code('wifi/lib/public/index.mjs')).toContain('from "@acme/errors-runtime";');
    expect(code('error-catalogue/lib/system/index.cjs')).toContain('require("@acme/errors-wifi/system")');
    expect(code('wifi/README.md')).toContain('npm install @acme/errors-wifi');
  });

  it('take a scope, and default to @errcat with engines for import attributes', () => {
    expect(manifests(generatePackages(catalogue, { packageSettings: { scope: '@acme' } }).files).wifi).toMatchObject({ name: '@acme/wifi', engines: { node: '>=20.10' } });
    const plain = manifests(generatePackages(catalogue).files).wifi;
    expect(plain).toMatchObject({ name: '@errcat/wifi', engines: { node: '>=20.10' } });
    expect(plain.license).toBeUndefined();
  });

  it('refuse what npm or package.json would not take, saying why', () => {
    expect(packageSettingsProblem(settings)).toBeUndefined();
    expect(packageSettingsProblem({ scope: 'acme' })).toBe('"scope" must be an npm scope such as "@acme" (lower case)');
    expect(packageSettingsProblem({ name: '@acme/errors' })).toBe('"name" must be a pattern holding {module}, such as "@acme/errors-{module}"');
    expect(packageSettingsProblem({ name: '@Acme/{module}' })).toContain('gives names npm refuses');
    expect(packageSettingsProblem({ scope: '@a', name: '@a/{module}' })).toBe('sets both "scope" and "name"; use one');
    expect(packageSettingsProblem({ licence: 'MIT' })).toBe('has an unknown key "licence" (known: scope, name, license, repository, author, engines)');
    expect(packageSettingsProblem({ repository: { directory: 'x' } })).toBe('"repository" must be a URL or {"type"?, "url", "directory"?}');
    expect(packageSettingsProblem({ author: { name: 'A', phone: '1' } })).toBe('"author" holds only "name", "email" and "url" strings');
    expect(packageSettingsProblem({ engines: { node: 20 } })).toBe('"engines" must map names to version ranges, such as {"node": ">=20.10"}');
    expect(packageSettingsProblem([])).toBe('must be an object');
  });

  it('are read from errcat.config.json by errcat build, and a bad value is one line naming the file', () => {
    const project = mkdtempSync(join(tmpdir(), 'errcat-settings-'));
    try {
      cpSync(join(repoRoot, 'docs-source'), join(project, 'docs'), { recursive: true });
      const configFile = join(project, 'docs/errcat.config.json');
      const config = JSON.parse(readFileSync(configFile, 'utf8'));
      const build = () => spawnSync(process.execPath, [join(repoRoot, 'tools/cli/bin/errcat.js'), 'build', '--docs', 'docs', '--out', 'out', '--no-cache', '--jobs', '1'], { cwd: project, encoding: 'utf8' });
      writeFileSync(configFile, JSON.stringify({ ...config, packages: { scope: '@acme', license: 'MIT' } }));
      expect(build().status).toBe(0);
      expect(JSON.parse(readFileSync(join(project, 'out/avsession/package.json'), 'utf8'))).toMatchObject({ name: '@acme/avsession', license: 'MIT', dependencies: { '@acme/runtime': '^0.1.0' } });
      writeFileSync(configFile, JSON.stringify({ ...config, packages: { scope: 'acme' } }));
      const bad = build();
      expect(bad.status).toBe(2);
      expect(bad.stderr).toBe('errcat build: docs/errcat.config.json: "packages" "scope" must be an npm scope such as "@acme" (lower case)\n');
    } finally {
      removeDir(project);
    }
  }, 60_000);

  describe('packed', () => {
    let dir: string;
    beforeAll(() => {
      dir = writeToTempDir(generatePackages(catalogue, { packageSettings: settings }).files);
      mkdirSync(join(dir, '.tarballs'));
      for (const name of ['wifi', 'runtime', 'error-catalogue']) {
        execFileSync('npm', ['pack', '--silent', '--pack-destination', join(dir, '.tarballs')], { cwd: join(dir, name), stdio: 'ignore' });
      }
    }, 60_000);
    afterAll(() => removeDir(dir));

    it('leave publint and are-the-types-wrong nothing to say', () => {
      const tarballs = readdirSync(join(dir, '.tarballs'));
      expect(tarballs.sort()).toEqual(['acme-errors-error-catalogue-0.1.0.tgz', 'acme-errors-runtime-0.1.0.tgz', 'acme-errors-wifi-0.1.0.tgz']);
      for (const tarball of tarballs) {
        const path = join(dir, '.tarballs', tarball);
        const publint = spawnSync(join(repoRoot, 'node_modules/.bin/publint'), ['run', path, '--strict', '--level', 'suggestion'], { encoding: 'utf8', env: plainEnv });
        expect(`${publint.stdout}${publint.stderr}`, tarball).toMatch(/All good!\n/);
        expect(publint.status).toBe(0);
        const attw = spawnSync(join(repoRoot, 'node_modules/.bin/attw'), [path, '--format', 'json'], { encoding: 'utf8', env: plainEnv });
        expect((JSON.parse(attw.stdout) as { problems: unknown }).problems, tarball).toEqual({});
        expect(attw.status).toBe(0);
      }
    }, 120_000);
  });
});
