// The CLI as another repository gets it: the README's install commands (scripts/pack-cli.sh, npm
// install of the tarballs) run in a docs repository outside the workspace, then npx errcat with
// relative paths.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../testing/corpus.js';
import { openharmonyDocsRepository, readerEnv, readmeCommands, runCommands, type CommandRun } from '../../testing/readme.js';
import { removeTempDirs, repoRoot, tempDir } from './helpers.js';

afterAll(removeTempDirs);

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  engines?: Record<string, string>;
  files?: string[];
  exports?: unknown;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
}

/** Package names a package's JavaScript imports (static, dynamic and createRequire). */
function importedPackages(dir: string): Set<string> {
  const found = new Set<string>();
  const patterns = [/^\s*(?:import|export)\s[^;'"]*?from\s*['"]([^'"]+)['"]/gm, /^\s*import\s*['"]([^'"]+)['"]/gm, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, /\)\(\s*['"]([^'"./][^'"]*)['"]\s*\)/g];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.[cm]?js$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        for (const pattern of patterns) {
          for (const match of text.matchAll(pattern)) {
            const specifier = match[1]!;
            if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
            found.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
          }
        }
      }
    }
  };
  walk(dir);
  return found;
}

describe('errcat installed from its packed tarballs', () => {
  let packs: string;
  let unpacked: string;
  let project: string;
  let readmeRuns: CommandRun[];
  const manifests = new Map<string, Manifest>();

  beforeAll(() => {
    // A docs repository shaped like openharmony/docs, with errcat checked out beside it, as the README has it.
    const parent = realpathSync(tempDir());
    symlinkSync(repoRoot, join(parent, 'errcat'));
    project = join(parent, 'docs');
    mkdirSync(project);
    openharmonyDocsRepository(project, {
      older: join(corpusDir, 'versions/en/apis-avsession-kit/errorcode-avsession@1302b843.md'),
      newer: join(corpusDir, 'en/apis-avsession-kit/errorcode-avsession.md'),
      zh: join(corpusDir, 'zh-cn/apis-avsession-kit/errorcode-avsession.md'),
    });
    readmeRuns = runCommands(readmeCommands('Installing errcat in a docs repository'), project);
    packs = join(parent, 'errcat-packs');
    unpacked = join(parent, 'unpacked');
    for (const tarball of existsSync(packs) ? readdirSync(packs) : []) {
      const into = join(unpacked, tarball.replace(/\.tgz$/, ''));
      mkdirSync(into, { recursive: true });
      execFileSync('tar', ['-xzf', join(packs, tarball), '-C', into]);
      const manifest = JSON.parse(readFileSync(join(into, 'package/package.json'), 'utf8')) as Manifest;
      manifests.set(manifest.name, manifest);
    }
    const put = (from: string, to: string) => {
      mkdirSync(dirname(join(project, to)), { recursive: true });
      copyFileSync(from, join(project, to));
    };
    // Revisions a reviewer saved, outside the docs folder the build reads.
    put(join(corpusDir, 'versions/en/apis-avsession-kit/errorcode-avsession@1302b843.md'), '../reviews/A/errorcode-avsession@1302b843.md');
    put(join(corpusDir, 'en/apis-avsession-kit/errorcode-avsession.md'), '../reviews/B/errorcode-avsession@ad977671.md');
  }, 400_000);

  it("runs the README's install commands as written", () => {
    const [pack, install, check, build, show, diff] = readmeRuns;
    for (const run of readmeRuns) expect(run.code, `${run.command}\n${run.stderr}`).toBe(0);
    expect(pack!.stdout.trim().split('\n')).toHaveLength(manifests.size);
    expect(install!.stdout).toMatch(/added \d+ packages/);
    expect(check!.stdout).toMatch(/^2 pages, 1 module, 64 codes checked/m);
    expect(build!.stdout).toMatch(/^errcat build: 1 module, 64 codes \(62 public, 2 system\), 2 locales \(en, zh-CN\); \d+ written, 0 unchanged\n$/);
    expect(show!.code).toBe(0);
    expect(diff!.stdout).toMatch(/^errcat diff: \/\S+\/errorcode-avsession@HEAD~1\.md \(9 codes in 1 module\) → en\/application-dev\/reference\/apis-avsession-kit\/errorcode-avsession\.md \(64 codes in 1 module\)\n2 breaking, 55 non-breaking, 6 info/);
    // Nothing in the docs repository but the install and the member names.
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=normal'], { cwd: project, encoding: 'utf8' });
    expect(status.split('\n').filter(Boolean).sort()).toEqual(['?? errcat.names.json', '?? node_modules/', '?? package-lock.json', '?? package.json']);
  });

  it('packs the CLI and every tools package it needs, publishable and free of workspace: ranges', () => {
    expect([...manifests.keys()].sort()).toEqual(['@errcat/build', '@errcat/catalogue', '@errcat/cli', '@errcat/diff', '@errcat/generate', '@errcat/parser', '@errcat/schema', '@errcat/sdk']);
    for (const manifest of manifests.values()) {
      expect(manifest.private, manifest.name).toBeUndefined();
      expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(manifest.license).toBe('Apache-2.0');
      expect(manifest.engines?.node).toBe('^20.19.0 || >=22.12.0');
      expect(manifest.files).toContain('dist');
      expect(manifest.exports).toBeDefined();
      expect(JSON.stringify(manifest), manifest.name).not.toContain('workspace:');
      // Every workspace package it depends on is packed too, at the version packed.
      for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
        if (name.startsWith('@errcat/')) expect(range).toBe(manifests.get(name)?.version);
      }
    }
    expect(manifests.get('@errcat/cli')?.bin).toEqual({ errcat: './bin/errcat.js' });
  });

  it('declares every package its code imports at run time as a dependency', () => {
    for (const entry of readdirSync(unpacked)) {
      const root = join(unpacked, entry, 'package');
      const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
      const imported = [...importedPackages(root)].sort();
      const declared = Object.keys(manifest.dependencies ?? {});
      expect(imported.filter((name) => !declared.includes(name) && name !== manifest.name), manifest.name).toEqual([]);
    }
    // The ones that matter most: koffi for the build's swap, remark for the parser, ajv for the schemas.
    expect(manifests.get('@errcat/build')?.dependencies).toHaveProperty('koffi');
    expect(manifests.get('@errcat/parser')?.dependencies).toHaveProperty('remark-parse');
    expect(manifests.get('@errcat/schema')?.dependencies).toHaveProperty('ajv');
  });

  const npx = (args: string[]) => {
    const run = spawnSync('npx', ['--no-install', 'errcat', ...args], { cwd: project, encoding: 'utf8', env: readerEnv() });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it('keeps its cache in the installation, and a rebuild with nothing changed stops early', () => {
    expect(readdirSync(join(project, 'node_modules/.cache/errcat'))).toEqual(expect.arrayContaining(['parse']));
    const again = npx(['build', '--docs', '.', '--out', '../avsession-packages']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('nothing changed since the last build');
    const catalogue = JSON.parse(readFileSync(join(project, '../avsession-packages/error-catalogue/catalogue.json'), 'utf8')) as { modules: Record<string, unknown> };
    expect(Object.keys(catalogue.modules)).toEqual(['avsession']);
  });

  it('runs npx errcat check and npx errcat diff A B with relative paths', () => {
    const check = npx(['check', 'zh-cn']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^1 page, 1 module, 9 codes checked: no problems$/m);
    // From the reviewer's folder, with the installed bin.
    const reviewed = spawnSync(join(project, 'node_modules/.bin/errcat'), ['diff', 'A/errorcode-avsession@1302b843.md', 'B/errorcode-avsession@ad977671.md', '--fail-on', 'breaking'], {
      cwd: join(project, '../reviews'),
      encoding: 'utf8',
      env: readerEnv(),
    });
    const diff = { code: reviewed.status, stdout: reviewed.stdout, stderr: reviewed.stderr };
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/^errcat diff: A\/errorcode-avsession@1302b843\.md \(9 codes in 1 module\) → B\/errorcode-avsession@ad977671\.md \(64 codes in 1 module\)\n2 breaking, 55 non-breaking, 6 info/);
    expect(diff.stderr).toBe("errcat diff: 2 finding(s) at or above 'breaking'\n");
    expect(npx(['--version']).stdout).toBe(`${manifests.get('@errcat/cli')?.version}\n`);
  });
});
