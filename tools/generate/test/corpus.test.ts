import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeDocuments, publicCatalogue } from '@errcat/catalogue';
import { parse } from '@errcat/parser';
import type { Catalogue, LocalizedEntry } from '@errcat/schema';
import { currentCorpusPages } from '../../testing/corpus.js';
import type { GenerateResult, RecordedName } from '../src/index.js';
import { codeDeclarationNames, generatePackages, isSafeIdentifier, packageName, packageSlug, typePrefix } from '../src/index.js';
import { removeDir, typeCheck, writeToTempDir } from './helpers.js';

// Every current page of the reference corpus (en and zh-cn), parsed, merged and generated; the
// output must compile with the workspace's TypeScript (the build itself never runs a compiler)
// and give back every code and every text exactly.

const pages = currentCorpusPages();
const documents = pages.map((page) => parse(page.source, { path: page.path }).document);
const { catalogue } = mergeDocuments(documents, { borrowed: { filemanagement: [2300007] } });

/** The current name in a name-map entry. */
function nameOf(entry: RecordedName): string {
  return typeof entry === 'string' ? entry : entry.name;
}

/** What a bundle should hold for one code in one locale, built from the catalogue alone. */
function expectedTexts(texts: LocalizedEntry): Record<string, unknown> {
  const pick = (part: { title: string; message: string; description: string; causes: string[]; solutions: string[] }) => ({
    title: part.title,
    message: part.message,
    description: part.description,
    causes: part.causes,
    solutions: part.solutions,
  });
  const expected: Record<string, unknown> = pick(texts);
  if (texts.intro) expected.intro = texts.intro;
  if (texts.variants && texts.variants.length > 0) expected.variants = texts.variants.map(pick);
  return expected;
}

/** Module → locale → code → texts, as each build should ship them. */
function expectedTables(source: Catalogue): Record<string, Record<string, Record<string, unknown>>> {
  const tables: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const module of Object.values(source.modules)) {
    const byLocale: Record<string, Record<string, unknown>> = {};
    for (const code of module.codes) {
      for (const [locale, texts] of Object.entries(source.errors[String(code)]!.locales)) {
        (byLocale[locale] ??= {})[String(code)] = expectedTexts(texts);
      }
    }
    tables[module.name] = byLocale;
  }
  return tables;
}

describe('generating every page of the corpus', () => {
  let generated: GenerateResult;
  let elapsed: number;
  let dir: string;
  beforeAll(() => {
    const started = performance.now();
    generated = generatePackages(catalogue);
    elapsed = performance.now() - started;
    dir = writeToTempDir(generated.files, 'errcat-corpus-');
  }, 300_000);
  afterAll(() => removeDir(dir));

  it('reads both locales and generates one package per module without errors', () => {
    expect(pages.length).toBeGreaterThanOrEqual(60);
    expect(catalogue.locales).toEqual(['en', 'zh-CN']);
    const modules = Object.keys(catalogue.modules);
    const manifests = generated.files.filter((file) => /^[^/]+\/package\.json$/.test(file.path));
    expect(manifests.map((file) => file.path.split('/')[0]).sort()).toEqual([...modules.map(packageSlug), 'runtime', 'error-catalogue'].sort());
    expect(generated.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    console.log(`generated ${modules.length} packages, ${generated.files.length} files, ${Object.keys(catalogue.errors).length} codes in ${Math.round(elapsed)} ms`);
  });

  it('names every code with a safe identifier, unique within its module, and a placeholder only with a warning', () => {
    for (const [module, names] of Object.entries(generated.nameMap)) {
      const values = Object.values(names).map((entry) => (typeof entry === 'string' ? entry : entry.name));
      expect(new Set(values).size, module).toBe(values.length);
      for (const name of values) expect(isSafeIdentifier(name), `${module}: ${name}`).toBe(true);
      expect(Object.keys(names).map(Number).sort((a, b) => a - b)).toEqual(catalogue.modules[module]!.codes);
    }
    const entries = Object.values(generated.nameMap).flatMap((names) => Object.values(names));
    const placeholders = entries.filter((entry) => typeof entry !== 'string' && entry.from === 'placeholder');
    const fromMessages = entries.filter((entry) => typeof entry !== 'string' && entry.from === 'message');
    expect(generated.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'placeholder-name')).toHaveLength(placeholders.length);
    console.log(`${entries.length} names: ${fromMessages.length} from runtime messages, ${placeholders.length} placeholders`);
  });

  it('compiles with tsc, strict: every declaration file, and consumers of every entry as ESM and CommonJS, under node16 and bundler resolution', () => {
    const declarations = generated.files.filter((file) => /\.d\.[mc]ts$/.test(file.path)).map((file) => file.path);
    // Each code file has its declarations.
    expect(declarations.length).toBe(generated.files.filter((file) => /\.[mc]js$/.test(file.path)).length);
    const esm: string[] = [];
    const cjs: string[] = [];
    Object.values(catalogue.modules).forEach((module, index) => {
      const name = packageName(module.name);
      const { enumName, objectName, unionName, guardName } = codeDeclarationNames(typePrefix(module.name, module.metadata.kit));
      const systemNames = Object.entries(generated.nameMap[module.name]!).map(([code, entry]) => [code, nameOf(entry)] as const);
      const publicName = systemNames.find(([code]) => catalogue.errors[code]!.visibility === 'public');
      const uses = (open: string, full: string) => [
        `export const values${index}: number[] = [...Object.values(${open}.${objectName}), ...Object.values(${full}.${objectName})];`,
        `export const explain${index} = (code: number) => (${open}.${guardName}(code) ? ${open}.explain(code, 'zh-CN') : ${full}.explain(${systemNames[0] ? `${full}.${enumName}.${systemNames[0][1]}` : '0 as never'}));`,
        `export const locales${index}: readonly string[] = ${open}.LOCALES;`,
        ...(publicName ? [`export const first${index}: ${open}.${unionName} = ${open}.${enumName}.${publicName[1]};`] : []),
      ];
      esm.push(`import * as open${index} from '${name}';`, `import * as full${index} from '${name}/system';`, ...uses(`open${index}`, `full${index}`));
      cjs.push(`import open${index} = require('${name}');`, `import full${index} = require('${name}/system');`, ...uses(`open${index}`, `full${index}`));
    });
    const catalogueUse = (name: string) => [
      `export const anyCode = async (code: number) => (${name}.isErrorCode(code) ? (await ${name}.explain(code, 'zh'))?.title : ${name}.moduleOf(code));`,
      `export const modules: readonly ${name}.Module[] = ${name}.MODULES;`,
    ];
    esm.push("import * as catalogue from '@errcat/error-catalogue/system';", ...catalogueUse('catalogue'));
    cjs.push("import catalogue = require('@errcat/error-catalogue');", ...catalogueUse('catalogue'));
    writeFileSync(join(dir, 'consumer.mts'), `${esm.join('\n')}\n`);
    writeFileSync(join(dir, 'consumer.cts'), `${cjs.join('\n')}\n`);
    writeFileSync(join(dir, 'consumer.ts'), `${esm.join('\n')}\n`);
    const node16 = typeCheck(dir, { module: 'Node16', moduleResolution: 'Node16' }, ['consumer.mts', 'consumer.cts', ...declarations], 'tsconfig.node16.json');
    expect(node16.output).toBe('');
    expect(node16.status).toBe(0);
    const bundler = typeCheck(dir, { module: 'ESNext', moduleResolution: 'Bundler' }, ['consumer.ts'], 'tsconfig.bundler.json');
    expect(bundler.output).toBe('');
    expect(bundler.status).toBe(0);
  }, 180_000);

  it('gives back every text exactly, in both builds and both module formats', () => {
    const plan = Object.values(catalogue.modules).map((module) => ({
      ...codeDeclarationNames(typePrefix(module.name, module.metadata.kit)),
      module: module.name,
      slug: packageSlug(module.name),
      locales: [...new Set([...Object.keys(module.sources), ...module.codes.flatMap((code) => Object.keys(catalogue.errors[String(code)]!.locales))])],
    }));
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
    writeFileSync(
      join(dir, 'dump.mjs'),
      [
        "import { readFileSync, writeFileSync } from 'node:fs';",
        "import { createRequire } from 'node:module';",
        'const require = createRequire(import.meta.url);',
        "const plan = JSON.parse(readFileSync('./plan.json', 'utf8'));",
        'const out = { esm: {}, cjs: {} };',
        'for (const build of ["public", "system"]) {',
        '  out.esm[build] = {}; out.cjs[build] = {};',
        '  for (const { module, slug, locales, objectName, enumName } of plan) {',
        '    out.esm[build][module] = {}; out.cjs[build][module] = {};',
        '    const esm = await import(`./${slug}/lib/${build}/index.mjs`);',
        '    const cjs = require(`./${slug}/lib/${build}/index.cjs`);',
        '    out.esm[build][module].codes = { object: esm[objectName], order: Object.keys(esm[objectName]), reverse: Object.fromEntries(Object.values(esm[objectName]).map((code) => [code, esm[enumName][code]])) };',
        '    out.cjs[build][module].codes = { object: cjs[objectName], order: Object.keys(cjs[objectName]), reverse: Object.fromEntries(Object.values(cjs[objectName]).map((code) => [code, cjs[enumName][code]])) };',
        '    for (const locale of locales) {',
        '      out.esm[build][module][locale] = await esm.loadMessages(locale);',
        '      out.cjs[build][module][locale] = await cjs.loadMessages(locale);',
        '    }',
        '  }',
        '}',
        "writeFileSync('./dump.json', JSON.stringify(out));",
      ].join('\n'),
    );
    execFileSync(process.execPath, ['dump.mjs'], { cwd: dir });
    const dump = JSON.parse(readFileSync(join(dir, 'dump.json'), 'utf8')) as Record<'esm' | 'cjs', Record<'public' | 'system', unknown>>;
    const expected = { public: expectedTables(publicCatalogue(catalogue)), system: expectedTables(catalogue) };
    // Every code comes back under its name, and each value maps back to it.
    for (const build of ['public', 'system'] as const) {
      for (const module of Object.values(catalogue.modules)) {
        const codes = module.codes.filter((code) => build === 'system' || catalogue.errors[String(code)]!.visibility === 'public');
        const names = generated.nameMap[module.name]!;
        (expected[build][module.name] as Record<string, unknown>).codes = {
          object: Object.fromEntries(codes.map((code) => [nameOf(names[String(code)]!), code])),
          // The system build's object is the public one plus its own codes: still in the catalogue's order.
          order: codes.map((code) => nameOf(names[String(code)]!)),
          reverse: Object.fromEntries(codes.map((code) => [String(code), nameOf(names[String(code)]!)])),
        };
      }
    }
    // Modules with no public code still ship empty tables for their locales.
    for (const build of ['public', 'system'] as const) {
      for (const { module, locales } of plan) for (const locale of locales) (expected[build][module]![locale] ??= {});
    }
    expect(dump.esm.system).toEqual(expected.system);
    expect(dump.esm.public).toEqual(expected.public);
    expect(dump.cjs).toEqual(dump.esm);
    const messages = Object.values(catalogue.errors).flatMap((entry) => Object.values(entry.locales).map((texts) => texts.message));
    expect(messages.length).toBeGreaterThan(600);
  }, 120_000);
});
