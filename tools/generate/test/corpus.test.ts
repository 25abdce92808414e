import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeDocuments, publicCatalogue } from '@errcat/catalogue';
import { parse } from '@errcat/parser';
import type { Catalogue, LocalizedEntry } from '@errcat/schema';
import { currentCorpusPages } from '../../testing/corpus.js';
import type { GenerateResult } from '../src/index.js';
import { generatePackages, isSafeIdentifier, packageSlug } from '../src/index.js';
import { repoRoot } from './docs.js';
import { removeDir, writeToTempDir } from './helpers.js';

// Every current page of the reference corpus (en and zh-cn), parsed, merged and generated; the
// output must compile with the workspace's TypeScript and give back every text exactly.

const pages = currentCorpusPages();
const documents = pages.map((page) => parse(page.source, { path: page.path }).document);
const { catalogue } = mergeDocuments(documents, { borrowed: { filemanagement: [2300007] } });

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
    generated = generatePackages(catalogue, { typeCheck: true });
    elapsed = performance.now() - started;
    dir = writeToTempDir(generated.files, 'errcat-corpus-');
  }, 300_000);
  afterAll(() => removeDir(dir));

  it('reads both locales and generates one package per module without errors', () => {
    expect(pages.length).toBeGreaterThanOrEqual(60);
    expect(catalogue.locales).toEqual(['en', 'zh-CN']);
    const modules = Object.keys(catalogue.modules);
    const manifests = generated.files.filter((file) => /^[^/]+\/package\.json$/.test(file.path));
    expect(manifests.map((file) => file.path.split('/')[0]).sort()).toEqual(modules.map(packageSlug).sort());
    expect(generated.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    console.log(`generated and type-checked ${modules.length} packages, ${generated.files.length} files, ${Object.keys(catalogue.errors).length} codes in ${Math.round(elapsed)} ms`);
  });

  it('lists the untranslated codes of the corpus as warnings', () => {
    const missing = generated.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'missing-translation');
    // The corpus holds different revisions per locale, so some codes exist in one locale only.
    expect(missing.length).toBeGreaterThan(0);
    for (const diagnostic of missing) expect(diagnostic.severity).toBe('warning');
    const oneCode = missing.find((diagnostic) => diagnostic.message.startsWith('17300002 '));
    expect(oneCode?.message).toBe('17300002 (module "oaid") has no en text (explain() falls back along the locale chain)');
    expect(oneCode?.position.file).toBe('zh-cn/apis-ads-kit/errorcode-oaid.md');
  });

  it('names every code with a safe identifier, unique within its module', () => {
    for (const [module, names] of Object.entries(generated.nameMap)) {
      const values = Object.values(names);
      expect(new Set(values).size, module).toBe(values.length);
      for (const name of values) expect(isSafeIdentifier(name), `${module}: ${name}`).toBe(true);
      expect(Object.keys(names).map(Number).sort((a, b) => a - b)).toEqual(catalogue.modules[module]!.codes);
    }
  });

  it('compiles with the workspace TypeScript, strict and without skipping declarations', () => {
    const declarations = generated.files.filter((file) => /\.d\.[mc]ts$/.test(file.path)).map((file) => file.path);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', types: [], skipLibCheck: false, exactOptionalPropertyTypes: true },
        files: declarations,
      }),
    );
    const run = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toBe('');
    expect(run.status).toBe(0);
    // Every emitted module has its declarations, ESM and CommonJS alike.
    expect(declarations.length).toBe(generated.files.filter((file) => /\.[mc]js$/.test(file.path)).length);
  }, 120_000);

  it('gives back every text exactly, in both builds and both module formats', () => {
    const plan = Object.values(catalogue.modules).map((module) => ({
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
        '  for (const { module, slug, locales } of plan) {',
        '    out.esm[build][module] = {}; out.cjs[build][module] = {};',
        '    const esm = await import(`./${slug}/lib/${build}/index.mjs`);',
        '    const cjs = require(`./${slug}/lib/${build}/index.cjs`);',
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
