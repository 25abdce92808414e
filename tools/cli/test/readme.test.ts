// The README's commands, run exactly as written: in a copy of this checkout ("Use"), and in a
// docs repository with errcat checked out beside it ("In a docs repository"). The install block
// runs in install.test.ts; the set-up commands are what CI itself runs.
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../testing/corpus.js';
import { checkoutCopy, openharmonyDocsRepository, readmeCommands, runCommands, shellBlocks } from '../../testing/readme.js';
import { removeTempDirs, repoRoot, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const corpusPages = {
  older: join(corpusDir, 'versions/en/apis-avsession-kit/errorcode-avsession@1302b843.md'),
  newer: join(corpusDir, 'en/apis-avsession-kit/errorcode-avsession.md'),
  zh: join(corpusDir, 'zh-cn/apis-avsession-kit/errorcode-avsession.md'),
};

/** Where each README heading's commands are run. */
const runBy: Record<string, string> = {
  'Set-up on a fresh machine': 'CI itself (.ci/run runs npm test; npm run setup is its install and build)',
  Use: 'this file, in a copy of the checkout',
  'In a docs repository': 'this file, in a docs repository beside errcat',
  'Installing errcat in a docs repository': 'tools/cli/test/install.test.ts',
};

describe('README.md', () => {
  it('shows commands only where a test runs them', () => {
    const headings = shellBlocks(join(repoRoot, 'README.md')).map((block) => block.heading);
    for (const heading of headings) expect(Object.keys(runBy), `commands under "${heading}"`).toContain(heading);
    // The set-up commands are the package.json scripts CI runs.
    const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(readmeCommands('Set-up on a fresh machine').map((line) => line.replace(/\s+#.*$/, ''))).toEqual(['npm run setup', 'npm test']);
    expect(scripts).toHaveProperty('setup');
    expect(scripts).toHaveProperty('test');
    expect(readFileSync(join(repoRoot, '.ci/run'), 'utf8')).toContain('npm test');
  });

  it('Use: every command works in a checkout, as written', () => {
    const checkout = realpathSync(tempDir());
    checkoutCopy(checkout);
    const runs = runCommands(readmeCommands('Use'), checkout);
    for (const run of runs) expect(run.code, `${run.command}\n${run.stderr}`).toBe(0);
    const [build, fresh, check, explain, list, parse, redact, diff, base] = runs;
    expect(build!.stdout).toMatch(/errcat build: 1 module, 64 codes \(62 public, 2 system\), 2 locales \(en, zh-CN\)/);
    expect(fresh!.stdout).toMatch(/errcat build --check: .*up to date/);
    expect(check!.stdout).toMatch(/^2 pages, 1 module, 64 codes checked: no problems$/m);
    expect(JSON.parse(parse!.stdout.slice(parse!.stdout.indexOf('{')))).toMatchObject({ module: 'avsession', locale: 'en' });
    // The README pastes these two outputs; they must stay what the commands print.
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    // pnpm prints its script line first; the command's own output starts at its first line.
    const printed = (run: { stdout: string }, first: string) => run.stdout.slice(run.stdout.indexOf(first));
    expect(printed(explain!, '# ')).toMatch(/^# 6600104 Remote Session Connection Failure\n/);
    expect(readme).toContain(`\`\`\`text\n${printed(explain!, '# ')}\`\`\``);
    expect(printed(list!, 'module ')).toMatch(/^module +kit +codes +public +system +en +zh-CN\n/);
    expect(readme).toContain(`\`\`\`text\n${printed(list!, 'module ')}\`\`\``);
    expect(redact!.stderr).not.toContain('error');
    expect(readFileSync(join(checkout, 'public.md'), 'utf8')).not.toContain('<!--Del-->');
    expect(diff!.stdout).toContain('**2 breaking, 55 non-breaking, 6 info**');
    expect(base!.stderr).toContain('no package needs a release');
    expect(existsSync(join(checkout, 'packages/error-catalogue/catalogue.json'))).toBe(true);
  }, 300_000);

  it('In a docs repository: the check, the diff and the build work from the docs repository', () => {
    const parent = realpathSync(tempDir());
    symlinkSync(repoRoot, join(parent, 'errcat'));
    const docs = join(parent, 'docs');
    mkdirSync(docs);
    openharmonyDocsRepository(docs, corpusPages);
    const [check, diff, build] = runCommands(readmeCommands('In a docs repository'), docs);
    // Compared with origin/master (HEAD itself): nothing changed, nothing fails.
    expect(check!.code, check!.stderr).toBe(0);
    expect(check!.stderr).toContain('pr-check: reports in');
    expect(diff!.code, diff!.stderr).toBe(0);
    expect(diff!.stdout).toContain('`origin/master` (64 codes) → `working tree` (64 codes)');
    expect(build!.code, build!.stderr).toBe(0);
    expect(build!.stdout).toMatch(/errcat build: 1 module, 64 codes \(62 public, 2 system\), 2 locales \(en, zh-CN\)/);
    expect(existsSync(join(parent, 'avsession-packages/error-catalogue/catalogue.json'))).toBe(true);
  }, 300_000);
});
