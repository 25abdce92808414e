import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerateResult } from '../src/index.js';
import { generatePackages } from '../src/index.js';
import { readDocsSource, repoRoot } from './docs.js';
import { plainEnv, removeDir, runCommonJs, runModule, writeToTempDir } from './helpers.js';

// Packs every package generated from docs-source/, installs the tarballs into a project in the
// system temp dir (outside the workspace, so nothing resolves through pnpm links), and uses them
// the way a consumer would: ESM import, CommonJS require, and a strict TypeScript build.

const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
const npmEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

function npm(cwd: string, args: string[]): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', env: npmEnv, stdio: ['ignore', 'pipe', 'pipe'] });
}

function typeCheck(project: string): { status: number; output: string } {
  const run = spawnSync(process.execPath, [tsc, '-p', project, '--pretty', 'false'], { encoding: 'utf8' });
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

describe('generated packages, packed and installed', () => {
  let generated: GenerateResult;
  let root: string;
  let consumer: string;
  const packageDirs: string[] = [];

  beforeAll(() => {
    const docs = readDocsSource();
    generated = generatePackages(docs.catalogue, { nameOverrides: docs.nameOverrides });
    root = writeToTempDir(generated.files, 'errcat-pack-');
    const tarballs = join(root, '.tarballs');
    mkdirSync(tarballs);
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      packageDirs.push(entry.name);
      npm(join(root, entry.name), ['pack', '--silent', '--pack-destination', tarballs]);
    }
    consumer = join(root, '.consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const files = readdirSync(tarballs).map((name) => join(tarballs, name));
    npm(consumer, ['install', '--offline', '--no-package-lock', ...files]);
  }, 240_000);
  afterAll(() => removeDir(root));

  it('packs one tarball per module with only the files the manifest lists', () => {
    expect(packageDirs).toContain('avsession');
    // One per module, and the runtime they share.
    expect(packageDirs.sort()).toEqual([...Object.keys(readDocsSource().catalogue.modules), 'error-catalogue', 'runtime'].sort());
    const installed = join(consumer, 'node_modules/@errcat/avsession');
    expect(readdirSync(installed).sort()).toEqual(['README.md', 'lib', 'package.json']);
    expect(readdirSync(join(installed, 'lib')).sort()).toEqual(['public', 'system']);
    expect(readdirSync(join(installed, 'lib/public')).sort()).toEqual(['en.json', 'index.cjs', 'index.d.cts', 'index.d.mts', 'index.mjs', 'zh-CN.json']);
    expect(readdirSync(join(consumer, 'node_modules/@errcat/runtime/lib')).sort()).toEqual(['index.cjs', 'index.d.cts', 'index.d.mts', 'index.mjs']);
  });

  it('loads with ESM import, public and system entries apart', () => {
    const result = runModule(consumer, `
      import { AVSessionErrorCode, AVSessionErrorCodes, isAVSessionErrorCode, explain, LOCALES } from '@errcat/avsession';
      import * as system from '@errcat/avsession/system';
      const zh = await explain(AVSessionErrorCode.ERR_CODE_SERVICE_EXCEPTION, 'zh_CN');
      const en = await explain(6600101);
      console.log(JSON.stringify({
        service: AVSessionErrorCode.ERR_CODE_SERVICE_EXCEPTION,
        objectService: AVSessionErrorCodes.ERR_CODE_SERVICE_EXCEPTION,
        reverse: AVSessionErrorCode[6600101],
        publicHasSystem: 'ERR_CODE_REMOTE_CONNECTION_ERR' in AVSessionErrorCode,
        systemRemote: system.AVSessionErrorCode.ERR_CODE_REMOTE_CONNECTION_ERR,
        guard: [isAVSessionErrorCode(6600101), isAVSessionErrorCode(6600104), system.isAVSessionErrorCode(6600104)],
        locales: LOCALES,
        zh: { locale: zh.locale, title: zh.title, message: zh.message, name: zh.name },
        en: { locale: en.locale, title: en.title, causes: en.causes },
        systemExplained: (await system.explain(6600104))?.title,
        publicExplained: (await explain(6600104)) ?? null,
      }));`);
    expect(result).toEqual({
      service: 6600101,
      objectService: 6600101,
      reverse: 'ERR_CODE_SERVICE_EXCEPTION',
      publicHasSystem: false,
      systemRemote: 6600104,
      guard: [true, false, true],
      locales: ['en', 'zh-CN'],
      zh: { locale: 'zh-CN', title: '会话服务异常', message: 'Session service exception.', name: 'ERR_CODE_SERVICE_EXCEPTION' },
      en: { locale: 'en', title: 'Session Service Exception', causes: ['The session service is killed during session restart.'] },
      systemExplained: 'Remote Session Connection Failure',
      publicExplained: null,
    });
  });

  it('explains any code with one import of the catalogue package, ESM and CommonJS, public and system apart', () => {
    const script = `
      const out = [];
      for (const api of apis) {
        out.push({
          modules: api.MODULES,
          guard: [api.isErrorCode(6600101), api.isErrorCode(6600104), api.isErrorCode(42)],
          module: api.moduleOf(6611000) ?? null,
          zh: (await api.explain(6600101, 'zh-Hans'))?.title ?? null,
          system: (await api.explain(6600104))?.title ?? null,
          unknown: (await api.explain(42)) ?? null,
        });
      }
      console.log(JSON.stringify(out));`;
    const expected = [
      { modules: ['avsession'], guard: [true, false, false], module: 'avsession', zh: '会话服务异常', system: null, unknown: null },
      { modules: ['avsession'], guard: [true, true, false], module: 'avsession', zh: '会话服务异常', system: 'Remote Session Connection Failure', unknown: null },
    ];
    expect(runModule(consumer, `const apis = [await import('@errcat/error-catalogue'), await import('@errcat/error-catalogue/system')];${script}`)).toEqual(expected);
    expect(runCommonJs(consumer, `(async () => { const apis = [require('@errcat/error-catalogue'), require('@errcat/error-catalogue/system')];${script} })();`)).toEqual(expected);
    const catalogue = runModule(consumer, "const { default: c } = await import('@errcat/error-catalogue/catalogue.json', { with: { type: 'json' } }); console.log(JSON.stringify(Object.keys(c.errors).length));");
    expect(catalogue).toBe(64);
  });

  it('passes publint and are-the-types-wrong, every package', () => {
    const tarballs = join(root, '.tarballs');
    const bin = (name: string) => join(repoRoot, 'node_modules/.bin', name);
    const lint = (tarball: string) => {
      const publint = spawnSync(bin('publint'), ['run', tarball, '--strict'], { encoding: 'utf8', env: plainEnv });
      const attw = spawnSync(bin('attw'), [tarball, '--format', 'json'], { encoding: 'utf8', env: plainEnv });
      return { publint: `${publint.stdout}${publint.stderr}`, publintStatus: publint.status, attw: JSON.parse(attw.stdout) as { problems: unknown }, attwStatus: attw.status };
    };
    const names = readdirSync(tarballs).filter((name) => name.endsWith('.tgz'));
    expect(names.length).toBe(packageDirs.length);
    for (const name of names) {
      const result = lint(join(tarballs, name));
      expect(result.publint, name).toContain('All good!');
      expect(result.publintStatus, name).toBe(0);
      expect(result.attw.problems, name).toEqual({});
      expect(result.attwStatus, name).toBe(0);
    }
    // The same checks do find a package whose ESM types are CommonJS declarations.
    const broken = join(root, '.broken');
    cpSync(join(root, 'runtime'), broken, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(broken, 'package.json'), 'utf8'));
    manifest.exports['.'].import.types = './lib/index.d.cts';
    writeFileSync(join(broken, 'package.json'), JSON.stringify(manifest));
    npm(broken, ['pack', '--silent', '--pack-destination', broken]);
    const bad = lint(join(broken, readdirSync(broken).find((file) => file.endsWith('.tgz'))!));
    expect(bad.attwStatus).not.toBe(0);
    expect(Object.keys(bad.attw.problems as object).length).toBeGreaterThan(0);
  }, 120_000);

  it('loads with CommonJS require', () => {
    const result = runCommonJs(consumer, `
      const { AVSessionErrorCode, explain } = require('@errcat/avsession');
      const system = require('@errcat/avsession/system');
      explain(AVSessionErrorCode.ERR_CODE_SESSION_NOT_EXIST, 'zh-Hans').then((entry) => {
        console.log(JSON.stringify({
          value: AVSessionErrorCode.ERR_CODE_SESSION_NOT_EXIST,
          publicHasSystem: AVSessionErrorCode.ERR_CODE_DEVICE_CONNECTION_FAILED !== undefined,
          systemValue: system.AVSessionErrorCode.ERR_CODE_DEVICE_CONNECTION_FAILED,
          locale: entry.locale,
          message: entry.message,
        }));
      });`);
    expect(result).toEqual({ value: 6600102, publicHasSystem: false, systemValue: 6600108, locale: 'zh-CN', message: 'The session does not exist.' });
  });

  it('type-checks a strict consumer, ESM and CommonJS, and refuses system-only codes from the public entry', () => {
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', skipLibCheck: false, types: [], exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true },
        files: ['consumer.mts', 'consumer.cts'],
      }),
    );
    writeFileSync(
      join(consumer, 'consumer.mts'),
      [
        "import { AVSessionErrorCode, isAVSessionErrorCode, explain, type AVSessionErrorCodeValue, type ErrorExplanation } from '@errcat/avsession';",
        "import { AVSessionErrorCode as FullCode } from '@errcat/avsession/system';",
        "import { explain as explainAny, isErrorCode, moduleOf, type ErrorCode, type Module } from '@errcat/error-catalogue';",
        'export async function anyCode(code: number): Promise<string | undefined> {',
        '  const known: ErrorCode | undefined = isErrorCode(code) ? code : undefined;',
        '  const module: Module | undefined = moduleOf(code);',
        '  return known === undefined ? module : (await explainAny(known))?.title;',
        '}',
        'const service: AVSessionErrorCodeValue = AVSessionErrorCode.ERR_CODE_SERVICE_EXCEPTION;',
        'const remote: 6600104 = FullCode.ERR_CODE_REMOTE_CONNECTION_ERR;',
        'export async function describe(code: number): Promise<string | undefined> {',
        '  if (!isAVSessionErrorCode(code)) return undefined;',
        "  const entry: ErrorExplanation | undefined = await explain(code, 'zh-CN');",
        '  return entry ? `${entry.title}: ${entry.solutions.join(" ")}` : undefined;',
        '}',
        'export const values = [service, remote];',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(consumer, 'consumer.cts'),
      [
        "import codes = require('@errcat/avsession');",
        "import full = require('@errcat/avsession/system');",
        'export const value: number = codes.AVSessionErrorCode.ERR_CODE_SESSION_INACTIVE + full.AVSessionErrorCode.ERR_CODE_DEVICE_CONNECTION_FAILED;',
        '',
      ].join('\n'),
    );
    const good = typeCheck(join(consumer, 'tsconfig.json'));
    expect(good.output).toBe('');
    expect(good.status).toBe(0);

    writeFileSync(join(consumer, 'tsconfig.bad.json'), JSON.stringify({ extends: './tsconfig.json', files: ['bad.mts'] }));
    writeFileSync(
      join(consumer, 'bad.mts'),
      [
        "import { AVSessionErrorCode, type AVSessionErrorCodeValue } from '@errcat/avsession';",
        'export const remote = AVSessionErrorCode.ERR_CODE_REMOTE_CONNECTION_ERR;',
        'export const device: AVSessionErrorCodeValue = 6600108;',
        '',
      ].join('\n'),
    );
    const bad = typeCheck(join(consumer, 'tsconfig.bad.json'));
    expect(bad.status).not.toBe(0);
    expect(bad.output).toMatch(/bad\.mts\(2,\d+\): error TS(2339|2551): Property 'ERR_CODE_REMOTE_CONNECTION_ERR' does not exist on type 'typeof AVSessionErrorCode'/);
    expect(bad.output).toMatch(/bad\.mts\(3,\d+\): error TS2322: Type '6600108' is not assignable to type 'AVSessionErrorCodeValue'/);
  });

  it('type-checks under the old node10 resolution too, which ignores exports', () => {
    writeFileSync(
      join(consumer, 'tsconfig.node10.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'CommonJS', moduleResolution: 'node10', target: 'ES2022', types: [], skipLibCheck: false },
        files: ['node10.ts'],
      }),
    );
    writeFileSync(
      join(consumer, 'node10.ts'),
      [
        "import { AVSessionErrorCode, explain } from '@errcat/avsession';",
        "import { AVSessionErrorCode as FullCode } from '@errcat/avsession/system';",
        'export const both: number = AVSessionErrorCode.ERR_CODE_SERVICE_EXCEPTION + FullCode.ERR_CODE_REMOTE_CONNECTION_ERR;',
        'export const later = explain(AVSessionErrorCode.ERR_CODE_SERVICE_EXCEPTION);',
        '',
      ].join('\n'),
    );
    const run = typeCheck(join(consumer, 'tsconfig.node10.json'));
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  });

  it('ships nothing system-only in the public entry of any package', () => {
    const { catalogue } = readDocsSource();
    const systemCodes = Object.values(catalogue.errors).filter((entry) => entry.visibility === 'system').map((entry) => String(entry.code));
    expect(systemCodes.length).toBeGreaterThan(0);
    for (const name of packageDirs) {
      const dir = join(consumer, 'node_modules/@errcat', name, name === 'runtime' ? 'lib' : 'lib/public');
      if (name === 'error-catalogue') expect(readdirSync(dir).sort()).toEqual(['index.cjs', 'index.d.cts', 'index.d.mts', 'index.mjs']);
      expect(existsSync(dir)).toBe(true);
      const walk = (folder: string): string[] =>
        readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(folder, entry.name)) : [join(folder, entry.name)]));
      for (const file of walk(dir)) {
        const text = readFileSync(file, 'utf8');
        for (const code of systemCodes) expect(text.includes(code), `${file} mentions ${code}`).toBe(false);
      }
    }
  });
});
