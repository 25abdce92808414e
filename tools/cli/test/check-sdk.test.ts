import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, repoRoot, run, tempDir, writeFile } from './helpers.js';

afterAll(removeTempDirs);

const rulesDir = join(repoRoot, 'tools/sdk/test/fixtures/rules');

/** A working folder holding one rule fixture as docs/ and sdk/. */
function fixture(rule: string): string {
  const cwd = tempDir();
  cpSync(join(rulesDir, rule), cwd, { recursive: true, filter: (source) => !source.endsWith('findings.json') });
  return cwd;
}

describe('errcat check --sdk', () => {
  it('prints the findings per kit, each with its SDK place, and fails on --fail-on', async () => {
    const cwd = fixture('message-mismatch');
    const result = await run(['check', 'docs', '--sdk', 'sdk', '--no-cache'], cwd);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Teapot Kit (6)');
    expect(lines).toContain(
      '  docs/en/apis-teapot-kit/errorcode-teapot.md:8:1  warning  the SDK\'s message for 7705001, "The lid is jammed.", is not the page\'s "The lid is stuck." (1 place, 1 API)  message-mismatch',
    );
    expect(lines).toContain('      sdk: sdk/api/@ohos.teapot.d.ts:40:6  teapot.wording');
    expect(lines.at(-1)).toBe(
      '1 SDK file (10 throws of 4 codes, 0 enums) against 1 module (3 codes) of 1 kit: 0 errors, 3 warnings, 3 info (message-mismatch 6)',
    );
    const failing = await run(['check', 'docs', '--sdk', 'sdk', '--no-cache', '--fail-on', 'warning'], cwd);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toBe("errcat check: 3 finding(s) at or above 'warning'\n");
    expect((await run(['check', 'docs', '--sdk', 'sdk', '--no-cache', '--fail-on', 'info'], cwd)).code).toBe(1);
  });

  it('fails on an error finding by default', async () => {
    const cwd = fixture('sdk-code-likely-typo');
    const result = await run(['check', 'docs', '--sdk', 'sdk', '--no-cache'], cwd);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('probably 7702101  sdk-code-likely-typo');
    expect((await run(['check', 'docs', '--sdk', 'sdk', '--no-cache', '--fail-on', 'none'], cwd)).code).toBe(0);
  });

  it('gives JSON with the integer code on each finding (the schema is tested in tools/sdk)', async () => {
    for (const rule of ['sdk-code-undocumented', 'sdk-code-likely-typo', 'visibility-mismatch', 'message-mismatch', 'sdk-enum-member-renamed']) {
      const cwd = fixture(rule);
      const result = await run(['check', 'docs', '--sdk', 'sdk', '--no-cache', '--format', 'json', '--fail-on', 'none'], cwd);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; code: unknown; position: { file: string }; related?: { file: string } }> };
      expect(report.findings.some((finding) => finding.ruleId === rule)).toBe(true);
      for (const finding of report.findings) {
        expect(Number.isInteger(finding.code)).toBe(true);
        if (finding.related) {
          expect(finding.position.file).toMatch(/^docs\//);
          expect(finding.related.file).toMatch(/^sdk\//);
        }
      }
    }
  });

  it('writes a Markdown report per kit with links to both places', async () => {
    const cwd = fixture('visibility-mismatch');
    const result = await run(
      ['check', 'docs', '--sdk', 'sdk', '--no-cache', '--format', 'markdown', '--sdk-url', 'https://example.com/sdk/blob/main/', '--docs-url', 'https://example.com/docs/blob/main/'],
      cwd,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^## errcat check --sdk\n/);
    expect(result.stdout).toContain('### Teapot Kit');
    expect(result.stdout).toContain('| Level | Rule | Code | Finding | Docs | SDK |');
    expect(result.stdout).toContain(
      '| warning | `visibility-mismatch` | 7704001 | code 7704001 is documented as public but only system APIs throw it (teapot.descale): should its entry be inside &lt;!--Del--&gt;? | [errorcode-teapot.md:8](https://example.com/docs/blob/main/docs/en/apis-teapot-kit/errorcode-teapot.md#L8) | [@ohos.teapot.d.ts:10](https://example.com/sdk/blob/main/api/@ohos.teapot.d.ts#L10)<br>`teapot.descale` |',
    );
  });

  it('prints GitHub annotations on the page lines', async () => {
    const cwd = fixture('sdk-code-undocumented');
    const result = await run(['check', 'docs', '--sdk', 'sdk', '--no-cache', '--format', 'github'], cwd);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      '::warning file=docs/en/apis-teapot-kit/errorcode-teapot.md,line=26,col=1,title=errcat sdk-code-undocumented::code 7701003 is thrown by teapot.pour, teapot.steep but is on none of the pages checked; the teapot page lists the codes next to it (SDK: sdk/api/@ohos.teapot.d.ts:23, teapot.pour)',
    );
    expect(lines.at(-1)).toMatch(/^::notice title=errcat check --sdk::2 SDK files/);
  });

  it('keeps the SDK index in the cache folder and gives the same report from it', async () => {
    const cwd = fixture('message-mismatch');
    const first = await run(['check', 'docs', '--sdk', 'sdk', '--cache', 'cache', '--format', 'json'], cwd);
    expect(existsSync(join(cwd, 'cache/sdk/manifest.json'))).toBe(true);
    const second = await run(['check', 'docs', '--sdk', 'sdk', '--cache', 'cache', '--format', 'json'], cwd);
    expect(second.stdout).toBe(first.stdout);
    // Every format from the kept report as from a fresh cross-check.
    for (const format of ['text', 'markdown', 'github']) {
      const fresh = await run(['check', 'docs', '--sdk', 'sdk', '--no-cache', '--format', format], cwd);
      expect((await run(['check', 'docs', '--sdk', 'sdk', '--cache', 'cache', '--format', format], cwd)).stdout).toBe(fresh.stdout);
    }
    // A declaration changed since: read again, and the report says so.
    const declarations = join(cwd, 'sdk/api/@ohos.teapot.d.ts');
    writeFileSync(declarations, readFileSync(declarations, 'utf8').replace('The lid is jammed.', 'The lid is welded shut.'));
    const third = await run(['check', 'docs', '--sdk', 'sdk', '--cache', 'cache', '--format', 'json'], cwd);
    expect(third.stdout).not.toBe(first.stdout);
    expect(third.stdout).toContain('"sdkMessage": "The lid is welded shut."');
    expect(third.stdout).toBe((await run(['check', 'docs', '--sdk', 'sdk', '--no-cache', '--format', 'json'], cwd)).stdout);
    const uncached = tempDir();
    cpSync(join(rulesDir, 'message-mismatch'), uncached, { recursive: true });
    await run(['check', 'docs', '--sdk', 'sdk', '--no-cache'], uncached, { ERRCAT_CACHE_DIR: join(uncached, 'cache') });
    expect(existsSync(join(uncached, 'cache'))).toBe(false);
  });

  it('writes the report to --output, and exits 3 when it cannot', async () => {
    const cwd = fixture('message-mismatch');
    const result = await run(['check', 'docs', '--sdk', 'sdk', '--no-cache', '--format', 'markdown', '--output', 'out/report.md'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(readFileSync(join(cwd, 'out/report.md'), 'utf8')).toMatch(/^## errcat check --sdk/);
    writeFile(join(cwd, 'blocker'), 'a file where a folder should be');
    const blocked = await run(['check', 'docs', '--sdk', 'sdk', '--no-cache', '--output', 'blocker/report.txt'], cwd);
    expect(blocked.code).toBe(3);
    expect(blocked.stderr).toMatch(/^errcat check: cannot write blocker\/report\.txt/);
  });

  it('exits 2 on bad usage and on a folder that is not an SDK checkout', async () => {
    const cwd = fixture('message-mismatch');
    const cases: Array<[string[], RegExp]> = [
      [['check', 'docs', '--sdk', 'nowhere'], /^errcat check: --sdk nowhere: no such folder\n$/],
      [['check', 'docs', '--sdk', 'docs'], /^errcat check: --sdk docs: not an SDK checkout \(it has no api\/ or kits\/ folder\)\n$/],
      [['check', 'docs', '--sdk', 'sdk', '--format', 'yaml'], /--format must be one of text, markdown, json, github \(got 'yaml'\)/],
      [['check', 'docs', '--sdk', 'sdk', '--fail-on', 'breaking'], /--fail-on must be one of error, warning, info, none/],
      [['check', 'docs', '--sdk', 'sdk', '--cache', 'c', '--no-cache'], /--cache and --no-cache cannot go together/],
      [['check', 'docs', '--fail-on', 'none'], /--fail-on applies only with --sdk DIR/],
      // Without --sdk, --format is check's own (text, json, github).
      [['check', 'docs', '--format', 'markdown'], /--format must be one of text, json, github \(got 'markdown'\)/],
    ];
    for (const [argv, message] of cases) {
      const result = await run(argv, cwd);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});
