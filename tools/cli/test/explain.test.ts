import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avsessionPage, page, removeTempDirs, repoRoot, run, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const zhPage = readFileSync(join(repoRoot, 'docs-source/zh-cn/apis-avsession-kit/errorcode-avsession.md'), 'utf8');

/** The repository's AVSession pages in both locales, plus a module documented in English only. */
function docs(): Record<string, string> {
  return {
    'docs-source/en/apis-avsession-kit/errorcode-avsession.md': avsessionPage,
    'docs-source/zh-cn/apis-avsession-kit/errorcode-avsession.md': zhPage,
    'docs-source/en/apis-sample-kit/errorcode-sample.md': page({ kit: 'Sample Kit', codes: [{ code: 900001, title: 'First Failure', message: 'First failure.' }] }),
  };
}

describe('errcat explain', () => {
  let built: string;
  beforeAll(async () => {
    built = tempDir(docs());
    expect((await run(['build', '--no-cache'], built)).code).toBe(0);
  }, 120_000);

  it('prints the code as the page writes it, with module, kit, visibility, locale and source', async () => {
    const result = await run(['explain', '6600101'], built);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('# 6600101 Session Service Exception');
    expect(result.stdout).toContain('Module:     avsession (AVSession Kit, Multimedia)\n');
    expect(result.stdout).toContain('Visibility: public: any application can receive this code\n');
    expect(result.stdout).toContain('Locale:     en\n');
    expect(result.stdout).toMatch(/^Source: {5}docs-source\/en\/apis-avsession-kit\/errorcode-avsession\.md:13$/m);
    // The page's own labels, in its order, each with its text.
    expect(result.stdout).toContain('## Error Message\n\nSession service exception.\n');
    const headings = lines.filter((line) => line.startsWith('## '));
    expect(headings).toEqual(['## Error Message', '## Description', '## Possible Causes', '## Solution']);
    expect(result.stdout).toContain('2. Destroy the current session or session controller and re-create it.');
  });

  it('says plainly when a code is system-only', async () => {
    const result = await run(['explain', '6600104'], built);
    expect(result.stdout).toContain('Visibility: system-only: only system applications receive this code; it is not in the public SDK\n');
  });

  it('takes the locale in any spelling, and falls back along the chain as the packages do', async () => {
    const zh = await run(['explain', '6600101', '--locale', 'zh_Hans_CN'], built);
    expect(zh.stdout.split('\n')[0]).toBe('# 6600101 会话服务异常');
    expect(zh.stdout).toContain('Locale:     zh-CN\n');
    expect(zh.stdout).toContain('## 错误信息\n\nSession service exception.\n');
    // No French page: the chain fr-FR → fr → en ends in English.
    const fr = await run(['explain', '6600101', '--locale', 'fr-FR'], built);
    expect(fr.stdout).toContain('Locale:     en (no fr-FR text for this code)\n');
    // The sample module has no Chinese page: English, said so.
    const sample = JSON.parse((await run(['explain', '900001', '--locale', 'zh-CN', '--format', 'json'], built)).stdout);
    expect(sample).toMatchObject({ code: 900001, locale: 'en', requestedLocale: 'zh-CN', title: 'First Failure' });
  });

  it('--format json gives the fields of the packages\' explain() and the module facts', async () => {
    const result = await run(['explain', '6600104', '--format', 'json'], built);
    const explanation = JSON.parse(result.stdout);
    expect(explanation).toEqual({
      code: 6600104,
      module: 'avsession',
      kit: 'AVSession Kit',
      subsystem: 'Multimedia',
      visibility: 'system',
      locale: 'en',
      requestedLocale: 'en',
      title: 'Remote Session Connection Failure',
      message: 'The remote session connection failed.',
      description: expect.any(String),
      causes: [expect.any(String)],
      solutions: [expect.any(String)],
      source: { file: 'docs-source/en/apis-avsession-kit/errorcode-avsession.md', line: 72 },
      catalogue: 'packages/error-catalogue/catalogue.json',
    });
  });

  it('exits 1 with one line for an unknown code, 2 for something that is no code', async () => {
    const unknown = await run(['explain', '123'], built);
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: "errcat explain: no code 123 in packages/error-catalogue/catalogue.json (65 codes; 'errcat list' shows them)\n" });
    const bad = await run(['explain', 'E123'], built);
    expect(bad).toEqual({ code: 2, stdout: '', stderr: "errcat explain: 'E123' is not an error code (a whole number such as 6600101)\n" });
    expect((await run(['explain'], built)).code).toBe(2);
    expect((await run(['explain', '1', '--format', 'jsno'], built)).stderr).toBe("errcat explain: --format must be one of text, json (got 'jsno'; did you mean 'json'?)\n");
  });

  it('reads the docs folder when there is no built catalogue, and --catalogue FILE when given', async () => {
    const unbuilt = tempDir(docs());
    const fromDocs = JSON.parse((await run(['explain', '6600101', '--format', 'json'], unbuilt)).stdout);
    expect(fromDocs).toMatchObject({ code: 6600101, title: 'Session Service Exception', catalogue: 'docs-source' });
    const elsewhere = tempDir();
    const file = join(built, 'packages/error-catalogue/catalogue.json');
    const fromFile = JSON.parse((await run(['explain', '6600101', '--format', 'json', '--catalogue', file], elsewhere)).stdout);
    expect(fromFile).toMatchObject({ code: 6600101, title: 'Session Service Exception' });
    // An app that installed @errcat/error-catalogue: found from any folder below it.
    const app = tempDir({ 'node_modules/@errcat/error-catalogue/catalogue.json': readFileSync(file, 'utf8'), 'src/app/.keep': '' });
    const installed = JSON.parse((await run(['explain', '6600104', '--format', 'json'], join(app, 'src/app'))).stdout);
    expect(installed).toMatchObject({ code: 6600104, visibility: 'system', catalogue: join(app, 'node_modules/@errcat/error-catalogue/catalogue.json') });
    const nothing = await run(['explain', '6600101'], elsewhere);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/^errcat explain: no catalogue here: .*run 'errcat build', or give --docs DIR or --catalogue FILE\n$/);
    writeFileSync(join(elsewhere, 'not.json'), '{"hello": 1}\n');
    expect((await run(['explain', '1', '--catalogue', 'not.json'], elsewhere)).stderr).toBe(
      'errcat explain: not.json: is not an errcat catalogue (schemaVersion 1, 2 or 3 with modules, errors and locales)\n',
    );
  });

  it('shows the APIs a catalogue records as throwing the code', async () => {
    const catalogue = JSON.parse(readFileSync(join(built, 'packages/error-catalogue/catalogue.json'), 'utf8'));
    catalogue.errors['6600101'].thrownBy = [{ name: 'avSession.createAVSession' }, { name: 'avSession.getAllSessionDescriptors', systemApi: true }];
    const cwd = tempDir({ 'catalogue.json': JSON.stringify(catalogue) });
    const text = await run(['explain', '6600101', '--catalogue', 'catalogue.json'], cwd);
    expect(text.stdout).toMatch(/## Thrown by\n\n- avSession\.createAVSession\n- avSession\.getAllSessionDescriptors \(system API\)\n$/);
    const json = JSON.parse((await run(['explain', '6600101', '--catalogue', 'catalogue.json', '--format', 'json'], cwd)).stdout);
    expect(json.thrownBy).toEqual(['avSession.createAVSession', 'avSession.getAllSessionDescriptors (system API)']);
    expect((await run(['explain', '6600102', '--catalogue', 'catalogue.json'], cwd)).stdout).not.toContain('Thrown by');
  });
});

describe('errcat list', () => {
  let built: string;
  beforeAll(async () => {
    built = tempDir(docs());
    expect((await run(['build', '--no-cache'], built)).code).toBe(0);
  }, 120_000);

  it('lists the modules with their counts: public, system, per locale', async () => {
    const result = await run(['list'], built);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'module     kit            codes  public  system  en  zh-CN',
        'avsession  AVSession Kit     64      62       2  64     64',
        'sample     Sample Kit         1       1       0   1      0',
        '',
        '2 modules, 65 codes (63 public, 2 system-only)',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await run(['list', '--format', 'json'], built)).stdout);
    expect(json.modules).toEqual([
      { module: 'avsession', kit: 'AVSession Kit', subsystem: 'Multimedia', codes: 64, public: 62, system: 2, locales: { en: 64, 'zh-CN': 64 } },
      { module: 'sample', kit: 'Sample Kit', subsystem: 'Samples', codes: 1, public: 1, system: 0, locales: { en: 1, 'zh-CN': 0 } },
    ]);
  });

  it('lists one module\'s codes with visibility and title, in a locale', async () => {
    const result = await run(['list', 'avsession'], built);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['avsession (AVSession Kit, Multimedia)', '64 codes: 62 public, 2 system-only; texts: en 64, zh-CN 64', '']);
    expect(lines[3]).toBe('6600101  public  Session Service Exception');
    expect(lines).toContain('6600104  system  Remote Session Connection Failure');
    expect(lines.filter((line) => /^\d{7}  (public|system)  \S/.test(line))).toHaveLength(64);
    const zh = await run(['list', 'avsession', '--locale', 'zh-cn'], built);
    expect(zh.stdout).toContain('6600101  public  会话服务异常\n');
    // A title from another locale says which.
    expect((await run(['list', 'sample', '--locale', 'zh-CN'], built)).stdout).toContain('900001  public  First Failure (en)\n');
    const json = JSON.parse((await run(['list', 'avsession', '--format', 'json'], built)).stdout);
    expect(json.entries[0]).toEqual({ code: 6600101, visibility: 'public', title: 'Session Service Exception', locale: 'en' });
  });

  it('exits 1 for an unknown module, suggesting the nearest', async () => {
    expect(await run(['list', 'avsesion'], built)).toEqual({
      code: 1,
      stdout: '',
      stderr: "errcat list: no module 'avsesion' in packages/error-catalogue/catalogue.json (did you mean 'avsession'?)\n",
    });
    expect((await run(['list', 'zzz'], built)).stderr).toBe("errcat list: no module 'zzz' in packages/error-catalogue/catalogue.json (2 modules; 'errcat list' shows them)\n");
  });
});
