import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localeFallbackChain, normalizeLocale } from '@errcat/schema';
import type { GenerateResult } from '../src/index.js';
import { generatePackages, isSafeIdentifier } from '../src/index.js';
import { buildCatalogue } from './catalogue.js';
import { HOSTILE_STRINGS, removeDir, runCommonJs, runModule, typeCheck, writeToTempDir } from './helpers.js';

/** Words that only system-only content carries; none may reach the public entry. */
const SECRET = 'SYSTEMONLYSECRET';

const catalogue = buildCatalogue([
  {
    name: 'avsession',
    kit: 'AVSession Kit',
    codes: [
      {
        code: 6600101,
        texts: {
          en: { title: 'Session Service Exception', message: 'Session service exception.', description: 'The service is abnormal.', causes: ['Killed.'], solutions: ['Retry.', 'Stop.'] },
          'zh-CN': { title: '会话服务端异常', message: 'Session service exception.', description: '会话服务端异常。', causes: ['会话服务被终止。'], solutions: ['重试。', '停止。'] },
        },
      },
      {
        code: 6600102,
        texts: {
          en: {
            title: 'Session Does Not Exist',
            message: 'The session does not exist.',
            // The public edition of this entry drops a system-only paragraph.
            description: `Public part. ${SECRET} paragraph.`,
            publicTexts: { message: 'The session does not exist.', description: 'Public part.', causes: [], solutions: [], sections: [] },
          },
        },
      },
      {
        code: 6600104,
        visibility: 'system',
        texts: { en: { title: `Remote ${SECRET} Connection Failure`, message: `${SECRET} connection failed.` }, 'zh-CN': { title: `远程${SECRET}连接失败` } },
      },
      {
        code: 6600105,
        texts: {
          en: {
            title: 'Invalid Session Command',
            variants: [
              { title: 'Public case', visibility: 'public', message: 'Public case.', description: '', causes: [], solutions: [], sections: [], position: { line: 1, column: 1 } },
              { title: `${SECRET} case`, visibility: 'system', message: `${SECRET}.`, messageMarkdown: '', description: '', causes: [], solutions: [], sections: [], position: { line: 2, column: 1 } },
            ],
          },
        },
      },
    ],
    pages: ['en', 'zh-CN'],
  },
  {
    name: 'net-mdns',
    codes: [{ code: 2204003, visibility: 'system', texts: { en: { title: 'Callback Duplicated' } } }],
  },
]);

describe('generatePackages', () => {
  let result: GenerateResult;
  beforeAll(() => {
    result = generatePackages(catalogue, { nameOverrides: { avsession: { 6600101: 'ERR_CODE_SERVICE_EXCEPTION' } } });
  });
  const file = (path: string) => {
    const found = result.files.find((candidate) => candidate.path === path);
    if (!found) throw new Error(`no generated file ${path}`);
    return found.content;
  };

  it('lays out one package per module: both entries in both formats, and one JSON table per locale', () => {
    const paths = result.files.filter((entry) => entry.path.startsWith('avsession/')).map((entry) => entry.path);
    const expected = ['avsession/README.md', 'avsession/package.json'];
    for (const build of ['public', 'system']) {
      for (const ext of ['mjs', 'cjs', 'd.mts', 'd.cts']) expected.push(`avsession/lib/${build}/index.${ext}`);
      for (const locale of ['en', 'zh-CN']) expected.push(`avsession/lib/${build}/${locale}.json`);
    }
    expect(paths).toEqual([...expected].sort());
    // net-mdns has one code, system-only, and English only: the system build's table adds it to an empty public one.
    expect(result.files.filter((entry) => entry.path.startsWith('net-mdns/lib/')).map((entry) => entry.path.replace('net-mdns/lib/', ''))).toEqual([
      'public/en.json',
      'public/index.cjs',
      'public/index.d.cts',
      'public/index.d.mts',
      'public/index.mjs',
      'system/en.json',
      'system/index.cjs',
      'system/index.d.cts',
      'system/index.d.mts',
      'system/index.mjs',
    ]);
    expect(result.files.filter((entry) => entry.path.startsWith('runtime/')).map((entry) => entry.path)).toEqual([
      'runtime/README.md',
      'runtime/lib/index.cjs',
      'runtime/lib/index.d.cts',
      'runtime/lib/index.d.mts',
      'runtime/lib/index.mjs',
      'runtime/package.json',
    ]);
  });

  it('writes the tables as compact JSON, the system build only with what the public one lacks or words otherwise', () => {
    const table = (path: string) => JSON.parse(file(path)) as Record<string, { title: string; description: string; variants?: { title: string }[] }>;
    expect(file('avsession/lib/public/en.json').split('\n')).toHaveLength(2);
    expect(Object.keys(table('avsession/lib/public/en.json'))).toEqual(['6600101', '6600102', '6600105']);
    // 6600101 is the same in both builds; 6600102 and 6600105 have system-only parts; 6600104 is system-only.
    expect(Object.keys(table('avsession/lib/system/en.json'))).toEqual(['6600102', '6600104', '6600105']);
    expect(table('avsession/lib/system/en.json')['6600102']!.description).toBe(`Public part. ${SECRET} paragraph.`);
    expect(table('avsession/lib/public/en.json')['6600102']!.description).toBe('Public part.');
    expect(table('avsession/lib/public/en.json')['6600105']!.variants!.map((variant) => variant.title)).toEqual(['Public case']);
    expect(Object.keys(table('avsession/lib/system/zh-CN.json'))).toEqual(['6600104']);
  });

  it('is deterministic, LF-only, and says it is generated and from what in every code file', () => {
    const again = generatePackages(catalogue, { nameOverrides: { avsession: { 6600101: 'ERR_CODE_SERVICE_EXCEPTION' } } });
    expect(again).toEqual(result);
    for (const entry of result.files) {
      expect(entry.content.includes('\r'), entry.path).toBe(false);
      expect(entry.content.endsWith('\n'), entry.path).toBe(true);
      if (/\.(mjs|cjs|d\.mts|d\.cts)$/.test(entry.path)) expect(entry.content.split('\n')[0], entry.path).toBe('// <auto-generated />');
      if (/\.(mjs|cjs|d\.cts)$/.test(entry.path) && !/^(runtime|error-catalogue)\//.test(entry.path)) {
        const [first, second] = entry.content.split('\n');
        expect(first, entry.path).toBe('// <auto-generated />');
        expect(second).toBe("// Generated by errcat from the pages README.md names; do not edit: run `errcat build`.");
      }
      if (/^[^/]+\/README\.md$/.test(entry.path) && !/^(runtime|error-catalogue)\//.test(entry.path)) {
        const lines = entry.content.split('\n');
        expect(lines.slice(0, 3), entry.path).toEqual([
          '<!-- <auto-generated />',
          'Generated by errcat from:',
          entry.path.startsWith('avsession/') ? '  docs-source/en/apis-test-kit/errorcode-avsession.md' : '  docs-source/en/apis-test-kit/errorcode-net-mdns.md',
        ]);
      }
    }
  });

  it('declares the enum, the object, the union and the guard with documented members', () => {
    const declarations = file('avsession/lib/system/index.d.cts');
    expect(declarations).toContain('export declare enum AVSessionErrorCode {');
    expect(declarations).toContain('ERR_CODE_SERVICE_EXCEPTION = 6600101,');
    expect(declarations).toContain('SESSION_DOES_NOT_EXIST = 6600102,');
    expect(declarations).toContain('export declare const AVSessionErrorCodes: {\n    readonly [Name in keyof typeof AVSessionErrorCode as Name extends string ? Name : never]: (typeof AVSessionErrorCode)[Name];\n};');
    expect(declarations).toContain('export type AVSessionErrorCodeValue = 6600101 | 6600102 | 6600104 | 6600105;');
    expect(declarations).toContain('type Module = CodeModule<AVSessionErrorCode, readonly ["en", "zh-CN"]>;');
    expect(declarations).toContain('export declare const isAVSessionErrorCode: Module["isCode"];');
    expect(declarations).toContain(' * 6600101 Session Service Exception\n     *\n     * Runtime message: Session service exception.\n     */\n    ERR_CODE_SERVICE_EXCEPTION');
    expect(declarations).toMatch(/@system Only system applications can receive this code\.\n\s+\*\/\n\s+REMOTE_SYSTEMONLYSECRET_CONNECTION_FAILURE = 6600104/);
    expect(file('avsession/lib/public/index.d.cts')).not.toContain('@system');
    // Each code's doc comment is printed once per build: on its enum member, in the CommonJS declarations.
    expect(declarations.split('6600101 Session Service Exception').length).toBe(2);
    expect(file('avsession/lib/system/index.d.mts').endsWith('export * from "./index.cjs";\n')).toBe(true);
    for (const path of ['avsession/lib/system/index.mjs', 'avsession/lib/system/index.cjs']) expect(file(path)).not.toContain('Session Service Exception');
    // The system build's JavaScript is the public codes object plus its own codes, the rest from the runtime.
    expect(file('avsession/lib/system/index.mjs')).toContain('import { AVSessionErrorCodes as publicCodes } from "../public/index.mjs";');
    expect(file('avsession/lib/system/index.mjs')).toContain('withCodes(publicCodes, {\n    REMOTE_SYSTEMONLYSECRET_CONNECTION_FAILURE: 6600104,\n});');
    expect(file('avsession/lib/system/index.cjs')).toContain('const { AVSessionErrorCodes: publicCodes } = require("../public/index.cjs");');
    expect(file('avsession/lib/system/index.mjs')).not.toContain('6600101');
  });

  it('keeps every trace of system-only content out of the public entry', () => {
    const publicFiles = result.files.filter((entry) => /^[^/]+\/lib\/public\//.test(entry.path));
    // avsession: 4 code files and 2 tables; net-mdns has no zh-CN page, so 4 code files and 1 table;
    // the catalogue package's public entry: 4 code files.
    expect(publicFiles.length).toBe(15);
    for (const entry of publicFiles) {
      expect(entry.content, entry.path).not.toContain(SECRET);
      expect(entry.content, entry.path).not.toContain('6600104');
      expect(entry.content, entry.path).not.toContain('2204003');
    }
    // The system entry does carry them, so the check above looks in the right place.
    const systemText = result.files.filter((entry) => entry.path.startsWith('avsession/lib/system/')).map((entry) => entry.content).join('\n');
    expect(systemText).toContain('6600104');
    expect(systemText).toContain(`${SECRET} paragraph`);
    expect(systemText).toContain(`${SECRET} case`);
    expect(file('avsession/README.md')).not.toContain(SECRET);
  });

  it('generates a package whose public entry is empty when every code is system-only', () => {
    expect(file('net-mdns/lib/public/index.d.cts')).toContain('export declare enum NetMdnsErrorCode {\n}');
    expect(file('net-mdns/lib/public/index.d.cts')).toContain('export type NetMdnsErrorCodeValue = never;');
    expect(file('net-mdns/lib/public/en.json')).toBe('{}\n');
    expect(file('net-mdns/lib/system/index.d.cts')).toContain('CALLBACK_DUPLICATED = 2204003');
  });

  it('writes package.json with exports for import and require, types, files and no side effects', () => {
    const manifest = JSON.parse(file('avsession/package.json'));
    expect(manifest).toMatchObject({
      name: '@errcat/avsession',
      version: '0.1.0',
      type: 'module',
      sideEffects: false,
      files: ['lib'],
      dependencies: { '@errcat/runtime': '^0.1.0' },
      exports: {
        '.': {
          import: { types: './lib/public/index.d.mts', default: './lib/public/index.mjs' },
          require: { types: './lib/public/index.d.cts', default: './lib/public/index.cjs' },
        },
        './system': {
          import: { types: './lib/system/index.d.mts', default: './lib/system/index.mjs' },
          require: { types: './lib/system/index.d.cts', default: './lib/system/index.cjs' },
        },
      },
    });
    expect(manifest.private).toBeUndefined();
    for (const target of [manifest.main, manifest.module, manifest.types]) expect(result.files.some((entry) => `./${entry.path}` === `./avsession/${target.slice(2)}`)).toBe(true);
  });

  it('keeps the version changesets gave a package', () => {
    const versioned = generatePackages(catalogue, { packageVersions: { '@errcat/avsession': '2.3.4' } });
    expect(JSON.parse(versioned.files.find((entry) => entry.path === 'avsession/package.json')!.content).version).toBe('2.3.4');
    expect(JSON.parse(versioned.files.find((entry) => entry.path === 'net-mdns/package.json')!.content).version).toBe('0.1.0');
    const runtimeBumped = generatePackages(catalogue, { packageVersions: { '@errcat/runtime': '1.2.0' } });
    expect(JSON.parse(runtimeBumped.files.find((entry) => entry.path === 'runtime/package.json')!.content).version).toBe('1.2.0');
    expect(JSON.parse(runtimeBumped.files.find((entry) => entry.path === 'avsession/package.json')!.content).dependencies).toEqual({ '@errcat/runtime': '^1.2.0' });
  });

  it('fills nothing in for a missing translation and leaves reporting it to the merge', () => {
    // The merge reports each code missing in a locale once (missing-in-locale); the generators add nothing.
    expect(result.diagnostics.map((diagnostic) => diagnostic.ruleId)).not.toContain('missing-translation');
    expect(result.diagnostics.filter((diagnostic) => /has no zh-CN/.test(diagnostic.message))).toEqual([]);
    const zh = `${file('avsession/lib/public/zh-CN.json')}${file('avsession/lib/system/zh-CN.json')}`;
    expect(zh).toContain('"6600101":');
    expect(zh).not.toContain('"6600102":');
    expect(zh).not.toContain('Session Does Not Exist');
  });

  it('reports unusable override names as errors naming the config file', () => {
    const bad = generatePackages(catalogue, { nameOverrides: { avsession: { 6600101: 'class' } }, configFile: 'docs-source/errcat.config.json' });
    const errors = bad.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ruleId: 'invalid-name', position: { file: 'docs-source/errcat.config.json', line: 1, column: 1 } });
    expect(errors[0]!.message).toContain('6600101');
    expect(bad.nameMap.avsession![6600101]).toBe('SESSION_SERVICE_EXCEPTION');
  });

  it('returns a name map that keeps names when a title changes', () => {
    expect(result.nameMap).toEqual({
      avsession: { 6600101: 'ERR_CODE_SERVICE_EXCEPTION', 6600102: 'SESSION_DOES_NOT_EXIST', 6600104: 'REMOTE_SYSTEMONLYSECRET_CONNECTION_FAILURE', 6600105: 'INVALID_SESSION_COMMAND' },
      'net-mdns': { 2204003: 'CALLBACK_DUPLICATED' },
    });
    const retitled = structuredClone(catalogue);
    retitled.errors['6600102']!.locales.en!.title = 'Session Not Found';
    const renamed = generatePackages(retitled);
    const stable = generatePackages(retitled, { nameMap: result.nameMap });
    expect(renamed.nameMap.avsession![6600102]).toBe('SESSION_NOT_FOUND');
    expect(stable.nameMap.avsession![6600102]).toBe('SESSION_DOES_NOT_EXIST');
    expect(stable.files.find((entry) => entry.path === 'avsession/lib/public/index.d.cts')!.content).toContain('SESSION_DOES_NOT_EXIST = 6600102');
  });

  it('refuses two modules that would share a package folder', () => {
    const clash = buildCatalogue([
      { name: 'netMdns', codes: [] },
      { name: 'net-mdns', codes: [] },
    ]);
    expect(() => generatePackages(clash)).toThrow(/modules "net-mdns" and "netMdns" would both generate packages\/net-mdns/);
  });
});

describe('generated code at run time', () => {
  const hostileCatalogue = buildCatalogue([
    {
      name: 'hostile',
      kit: 'Hostile */ Kit',
      codes: HOSTILE_STRINGS.map((text, index) => ({
        code: 100 + index,
        texts: {
          en: { title: `Title ${text}`, message: text, description: text, causes: [text, `${text}!`], solutions: [text] },
          'zh-CN': { title: `标题 ${text}`, message: text, description: `描述 ${text}`, causes: [], solutions: [text] },
        },
      })),
    },
  ]);
  let dir: string;
  beforeAll(() => {
    dir = writeToTempDir(generatePackages(hostileCatalogue).files);
  });
  afterAll(() => removeDir(dir));

  it('round-trips every hostile string exactly through the ESM and CommonJS bundles', () => {
    const expected = HOSTILE_STRINGS.map((text, index) => ({
      en: { title: `Title ${text}`, message: text, description: text, causes: [text, `${text}!`], solutions: [text] },
      zh: { title: `标题 ${text}`, message: text, description: `描述 ${text}`, causes: [], solutions: [text] },
      code: 100 + index,
    }));
    const script = (load: string) => `
      ${load}
      const out = [];
      for (const code of Object.values(api.HostileErrorCodes)) {
        const pick = ({ title, message, description, causes, solutions }) => ({ title, message, description, causes, solutions });
        out.push({ en: pick(await api.explain(code)), zh: pick(await api.explain(code, 'zh_cn')), code });
      }
      console.log(JSON.stringify(out));`;
    const esm = runModule(dir, script(`const api = await import('./hostile/lib/system/index.mjs');`));
    const cjs = runCommonJs(dir, `(async () => {${script(`const api = require('./hostile/lib/system/index.cjs');`)}})();`);
    expect(esm).toEqual(expected);
    expect(cjs).toEqual(expected);
  });

  it('type-checks, strict, with every hostile text in its doc comments', () => {
    writeFileSync(
      join(dir, 'hostile.mts'),
      [
        "import * as publicApi from '@errcat/hostile';",
        "import * as systemApi from '@errcat/hostile/system';",
        'export const codes: number[] = [...Object.values(publicApi.HostileErrorCodes), ...Object.values(systemApi.HostileErrorCodes)];',
        'export const guarded = (value: unknown): value is publicApi.HostileErrorCodeValue => publicApi.isHostileErrorCode(value);',
        '',
      ].join('\n'),
    );
    const run = typeCheck(dir, { module: 'NodeNext', moduleResolution: 'NodeNext' }, ['hostile.mts']);
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  });

  it('keeps hostile titles inside their doc comments', () => {
    const loaded = runModule(dir, `
      const api = await import('./hostile/lib/system/index.mjs');
      console.log(JSON.stringify({
        names: Object.keys(api.HostileErrorCodes),
        values: Object.values(api.HostileErrorCodes),
        guard: [api.isHostileErrorCode(100), api.isHostileErrorCode(99), api.isHostileErrorCode('100'), api.isHostileErrorCode('E_100')],
      }));`) as { names: string[]; values: number[]; guard: boolean[] };
    expect(loaded.values).toEqual(HOSTILE_STRINGS.map((_, index) => 100 + index));
    expect(new Set(loaded.names).size).toBe(HOSTILE_STRINGS.length);
    expect(loaded.names.every(isSafeIdentifier)).toBe(true);
    expect(loaded.guard).toEqual([true, false, false, false]);
    const declarations = readFileSync(join(dir, 'hostile/lib/system/index.d.cts'), 'utf8');
    expect(declarations).toContain('Title ends *\\/ a comment /* and // not a line comment');
    expect(declarations).not.toContain('ends */');
    expect(declarations).toContain('\\@param not a tag');
    expect(declarations).toContain('hostile module (Hostile *\\/ Kit), system build');
  });

  it('falls back along the chain the schema defines, with its own copy of the logic', () => {
    const tags = ['en', 'EN-us', 'zh', 'zh-cn', 'zh_CN', 'zh-Hans', 'zh-hans-cn', 'zh-Hant-TW', 'fr', 'fr_ca', 'sr-latn-rs', ' de-DE ', '__proto__', 'toString', ''];
    const generated = runModule(dir, `
      const api = await import('./hostile/lib/public/index.mjs');
      const tags = ${JSON.stringify(tags)};
      console.log(JSON.stringify(tags.map((tag) => [api.normalizeLocale(tag), api.localeFallbackChain(tag)])));`);
    expect(generated).toEqual(tags.map((tag) => [normalizeLocale(tag), localeFallbackChain(tag)]));
  });

  it('explains in the asked locale, falls back to English, and says which locale it used', () => {
    const answers = runModule(dir, `
      const api = await import('./hostile/lib/public/index.mjs');
      const pick = (entry) => entry && { locale: entry.locale, name: entry.name, code: entry.code, module: entry.module, title: entry.title };
      console.log(JSON.stringify([await api.explain(107, 'zh-Hans'), await api.explain(107, 'fr'), await api.explain(99, 'en')].map(pick)));`);
    expect(answers).toEqual([
      { locale: 'zh-CN', name: expect.any(String), code: 107, module: 'hostile', title: `标题 ${HOSTILE_STRINGS[7]}` },
      { locale: 'en', name: expect.any(String), code: 107, module: 'hostile', title: `Title ${HOSTILE_STRINGS[7]}` },
      null,
    ]);
  });
});

describe('negative codes', () => {
  // The schema allows negative codes, and real pages and the SDK have them.
  const negative = buildCatalogue([
    {
      name: 'negative',
      codes: [
        { code: -5, texts: { en: { title: 'Minus Five', message: 'Minus five.' } } },
        { code: -1, visibility: 'system', texts: { en: { title: 'Minus One' } } },
        { code: 0, texts: { en: { title: 'Zero' } } },
        { code: 7, texts: { en: { title: 'Seven' }, 'zh-CN': { title: '七' } } },
      ],
    },
  ]);
  let dir: string;
  beforeAll(() => {
    dir = writeToTempDir(generatePackages(negative).files);
  });
  afterAll(() => removeDir(dir));

  it('load and work as ESM and CommonJS', () => {
    const script = (load: string) => `
      ${load}
      const out = [];
      for (const api of apis) {
        out.push({
          codes: api.NegativeErrorCodes,
          names: [api.NegativeErrorCode[-5], api.NegativeErrorCode[-1] ?? null, api.NegativeErrorCode[0], api.NegativeErrorCode.MINUS_FIVE],
          guard: [-5, -1, 0, 7, 5, '-5'].map((value) => api.isNegativeErrorCode(value)),
          explained: [(await api.explain(-5))?.message ?? null, (await api.explain(-1))?.title ?? null, (await api.explain(7, 'zh'))?.title ?? null],
        });
      }
      console.log(JSON.stringify(out));`;
    const expected = [
      { codes: { MINUS_FIVE: -5, ZERO: 0, SEVEN: 7 }, names: ['MINUS_FIVE', null, 'ZERO', -5], guard: [true, false, true, true, false, false], explained: ['Minus five.', null, '七'] },
      {
        codes: { MINUS_FIVE: -5, MINUS_ONE: -1, ZERO: 0, SEVEN: 7 },
        names: ['MINUS_FIVE', 'MINUS_ONE', 'ZERO', -5],
        guard: [true, true, true, true, false, false],
        explained: ['Minus five.', 'Minus One', '七'],
      },
    ];
    expect(runModule(dir, script(`const apis = [await import('@errcat/negative'), await import('@errcat/negative/system')];`))).toEqual(expected);
    expect(runCommonJs(dir, `(async () => {${script(`const apis = [require('@errcat/negative'), require('@errcat/negative/system')];`)}})();`)).toEqual(expected);
  });

  it('type-check in a strict consumer', () => {
    writeFileSync(
      join(dir, 'consumer.mts'),
      [
        "import { NegativeErrorCode, NegativeErrorCodes, type NegativeErrorCodeValue } from '@errcat/negative/system';",
        'const five: -5 = NegativeErrorCodes.MINUS_FIVE;',
        'const one: NegativeErrorCodeValue = NegativeErrorCode.MINUS_ONE;',
        'export const values: number[] = [five, one, -1 satisfies NegativeErrorCodeValue];',
        '',
      ].join('\n'),
    );
    const run = typeCheck(dir, { module: 'NodeNext', moduleResolution: 'NodeNext' }, ['consumer.mts']);
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('names that never break', () => {
  const wifi = (en?: { title: string; message: string }) =>
    buildCatalogue([
      {
        name: 'wifi',
        codes: [
          { code: 2501000, texts: { en: { title: 'Wi-Fi Off', message: 'Wi-Fi is off.' } } },
          { code: 2501003, texts: { ...(en && { en }), 'zh-CN': { title: '连接失败', message: '连接失败。' } } },
        ],
        pages: ['en', 'zh-CN'],
      },
    ]);
  const first = generatePackages(wifi());
  const second = generatePackages(wifi({ title: 'Wi-Fi Connection Failure', message: 'Connection failed.' }), { nameMap: first.nameMap });
  let dir: string;
  beforeAll(() => {
    dir = writeToTempDir(second.files);
  });
  afterAll(() => removeDir(dir));

  it('warn about a placeholder name, naming the code', () => {
    expect(first.nameMap.wifi![2501003]).toEqual({ name: 'E_2501003', from: 'placeholder' });
    const warnings = first.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'placeholder-name');
    expect(warnings.map((diagnostic) => [diagnostic.severity, diagnostic.message])).toEqual([
      [
        'warning',
        '2501003 (module "wifi") is named E_2501003: it has no English title or runtime message to be named after; set a name in docs-source/errcat.config.json ("names" → "wifi" → "2501003")',
      ],
    ]);
    expect(warnings[0]!.position.file).toBe('docs-source/zh-cn/apis-test-kit/errorcode-wifi.md');
  });

  it('add the better name when it appears and keep the old one as a deprecated alias, reporting it', () => {
    expect(second.nameMap.wifi![2501003]).toEqual({ name: 'WI_FI_CONNECTION_FAILURE', aliases: ['E_2501003'] });
    expect(second.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'name-alias-added').map((diagnostic) => [diagnostic.severity, diagnostic.message])).toEqual([
      ['info', '2501003 (module "wifi") is now named WI_FI_CONNECTION_FAILURE; its earlier name E_2501003 stays as a deprecated alias'],
    ]);
    const declarations = second.files.find((file) => file.path === 'wifi/lib/public/index.d.cts')!.content;
    expect(declarations).toContain('    WI_FI_CONNECTION_FAILURE = 2501003,\n    /**\n     * 2501003: the earlier name of {@link WifiErrorCode.WI_FI_CONNECTION_FAILURE}');
    expect(declarations).toContain('     * @deprecated Use {@link WifiErrorCode.WI_FI_CONNECTION_FAILURE}.\n     */\n    E_2501003 = 2501003,');
    // A third build changes nothing and reports nothing new.
    const third = generatePackages(wifi({ title: 'Wi-Fi Connection Failure', message: 'Connection failed.' }), { nameMap: second.nameMap });
    expect(third.nameMap).toEqual(second.nameMap);
    expect(third.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'name-alias-added')).toEqual([]);
  });

  it('keep the alias working at run time, with the value mapping back to the new name', () => {
    const script = `
      const out = apis.map((api) => ({ object: api.WifiErrorCodes, alias: api.WifiErrorCode.E_2501003, reverse: api.WifiErrorCode[2501003] }));
      console.log(JSON.stringify(out));`;
    const expected = { object: { WI_FI_OFF: 2501000, WI_FI_CONNECTION_FAILURE: 2501003, E_2501003: 2501003 }, alias: 2501003, reverse: 'WI_FI_CONNECTION_FAILURE' };
    expect(runModule(dir, `const apis = [await import('@errcat/wifi'), await import('@errcat/wifi/system')];${script}`)).toEqual([expected, expected]);
    expect(runCommonJs(dir, `const apis = [require('@errcat/wifi'), require('@errcat/wifi/system')];${script}`)).toEqual([expected, expected]);
  });

  it('keep code written against the old name compiling: enum member, object key and type', () => {
    writeFileSync(
      join(dir, 'old.mts'),
      [
        "import { WifiErrorCode, WifiErrorCodes, type WifiErrorCodeValue } from '@errcat/wifi';",
        'const member: WifiErrorCode.E_2501003 = WifiErrorCode.E_2501003;',
        'const key: WifiErrorCode = WifiErrorCodes.E_2501003;',
        'const same: WifiErrorCode.WI_FI_CONNECTION_FAILURE = member;',
        'export const values: WifiErrorCodeValue[] = [member, key, same];',
        '',
      ].join('\n'),
    );
    const run = typeCheck(dir, { module: 'NodeNext', moduleResolution: 'NodeNext' }, ['old.mts']);
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('inputs from an SDK: name hints and the APIs that throw each code', () => {
  const session = buildCatalogue([
    {
      name: 'session',
      codes: [
        { code: 6600101, texts: { en: { title: 'Session Service Exception' } } },
        { code: 6600102, texts: { en: { title: 'Session Does Not Exist' } } },
        { code: 6600104, visibility: 'system', texts: { en: { title: 'Remote Connection Failure' } } },
      ],
    },
  ]);
  const thrownBy = {
    6600101: [{ name: 'session.createSession' }, { name: 'session.Session.activate' }, { name: 'session.Session.destroy' }, { name: 'session.getHistory', systemApi: true }, { name: 'session.Session.setMeta' }],
    6600104: [{ name: 'session.castTo', systemApi: true }],
  };
  const result = generatePackages(session, { thrownBy, nameHints: { session: { 6600101: 'ERR_CODE_SERVICE_EXCEPTION' } } });
  const file = (path: string) => result.files.find((entry) => entry.path === path)?.content;
  let dir: string;
  beforeAll(() => {
    dir = writeToTempDir(result.files);
  });
  afterAll(() => removeDir(dir));

  it('names a code after its hint, before its title', () => {
    expect(result.nameMap.session).toEqual({ 6600101: 'ERR_CODE_SERVICE_EXCEPTION', 6600102: 'SESSION_DOES_NOT_EXIST', 6600104: 'REMOTE_CONNECTION_FAILURE' });
  });

  it('lists the throwing APIs per build, system-only APIs in the system build only', () => {
    expect(JSON.parse(file('session/lib/public/thrown-by.json')!)).toEqual({
      6600101: ['session.Session.activate', 'session.Session.destroy', 'session.Session.setMeta', 'session.createSession'],
    });
    expect(JSON.parse(file('session/lib/system/thrown-by.json')!)).toEqual({
      6600101: ['session.Session.activate', 'session.Session.destroy', 'session.Session.setMeta', 'session.createSession', 'session.getHistory'],
      6600104: ['session.castTo'],
    });
    expect(file('session/lib/public/index.d.cts')).toContain(
      ' * Thrown by `session.Session.activate`, `session.Session.destroy`, `session.Session.setMeta` and 1 more.\n     */\n    ERR_CODE_SERVICE_EXCEPTION = 6600101,',
    );
    // Without the input there is no such file.
    expect(generatePackages(session).files.some((entry) => entry.path.endsWith('thrown-by.json'))).toBe(false);
  });

  it('has explain() say which APIs throw a code, in ESM and CommonJS', () => {
    const script = `
      const out = [];
      for (const api of apis) out.push([(await api.explain(6600101)).thrownBy ?? null, (await api.explain(6600102)).thrownBy ?? null, (await api.explain(6600104))?.thrownBy ?? null]);
      console.log(JSON.stringify(out));`;
    const expected = [
      [['session.Session.activate', 'session.Session.destroy', 'session.Session.setMeta', 'session.createSession'], null, null],
      [['session.Session.activate', 'session.Session.destroy', 'session.Session.setMeta', 'session.createSession', 'session.getHistory'], null, ['session.castTo']],
    ];
    expect(runModule(dir, `const apis = [await import('@errcat/session'), await import('@errcat/session/system')];${script}`)).toEqual(expected);
    expect(runCommonJs(dir, `(async () => { const apis = [require('@errcat/session'), require('@errcat/session/system')];${script} })();`)).toEqual(expected);
    writeFileSync(
      join(dir, 'apis.mts'),
      "import { explain } from '@errcat/session';\nexport const apis: readonly string[] = (await explain(6600101))?.thrownBy ?? [];\n",
    );
    const run = typeCheck(dir, { module: 'NodeNext', moduleResolution: 'NodeNext' }, ['apis.mts']);
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  });
});
