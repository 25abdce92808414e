// The shell commands a README shows, so tests run them exactly as written.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from './files.js';
import { git as gitInFolder } from './git.js';

const gitIn = (dir: string) => (...args: string[]) => void gitInFolder(dir, ...args);

/** One ```sh block of a README, under its nearest heading. */
export interface CommandBlock {
  heading: string;
  /** Its lines, as written (comments and all). */
  commands: string[];
}

/**
 * Every ```sh block of a Markdown file.
 * @param file Absolute path.
 */
export function shellBlocks(file: string): CommandBlock[] {
  const blocks: CommandBlock[] = [];
  let heading = '';
  let inBlock: CommandBlock | undefined;
  let fence = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (inBlock) {
      if (line.startsWith('```')) {
        blocks.push(inBlock);
        inBlock = undefined;
      } else if (line.trim() !== '') inBlock.commands.push(line);
      continue;
    }
    if (line.startsWith('```')) {
      if (line === '```sh') inBlock = { heading, commands: [] };
      else fence = !fence;
      continue;
    }
    if (!fence && /^#{1,6} /.test(line)) heading = line.replace(/^#+ /, '');
  }
  return blocks;
}

/**
 * The commands of the README's ```sh blocks under one heading.
 * @param heading Heading text.
 */
export function readmeCommands(heading: string): string[] {
  const commands = shellBlocks(join(repoRoot, 'README.md'))
    .filter((block) => block.heading === heading)
    .flatMap((block) => block.commands);
  if (commands.length === 0) throw new Error(`README.md shows no commands under "${heading}"`);
  return commands;
}

/** What one command gave. */
export interface CommandRun {
  command: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Environment a README reader has after set-up: the pinned pnpm on PATH (`.tools/bin`, as the
 * README says), no variables of the package manager running the tests.
 */
export function readerEnv(): Record<string, string> {
  return {
    PATH: `${join(repoRoot, '.tools/bin')}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? '',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

/**
 * Run commands one after the other with `sh -c`, exactly as written.
 * @param commands Command lines.
 * @param cwd Folder they are typed in.
 */
export function runCommands(commands: readonly string[], cwd: string): CommandRun[] {
  return commands.map((command) => {
    const run = spawnSync('sh', ['-c', command], { cwd, encoding: 'utf8', env: readerEnv(), maxBuffer: 64 << 20 });
    return { command, code: run.status, stdout: run.stdout, stderr: run.stderr };
  });
}

/** A docs repository shaped like openharmony/docs: an older English page committed, then the newer one and the Chinese page. */
export function openharmonyDocsRepository(dir: string, pages: { older: string; newer: string; zh: string }): void {
  const enPage = join(dir, 'en/application-dev/reference/apis-avsession-kit/errorcode-avsession.md');
  const zhPage = join(dir, 'zh-cn/application-dev/reference/apis-avsession-kit/errorcode-avsession.md');
  const git = gitIn(dir);
  mkdirSync(dirname(enPage), { recursive: true });
  mkdirSync(dirname(zhPage), { recursive: true });
  git('init', '-q', '-b', 'master');
  cpSync(pages.older, enPage);
  cpSync(pages.zh, zhPage);
  git('add', '.');
  git('commit', '-q', '-m', 'AVSession error codes');
  cpSync(pages.newer, enPage);
  git('commit', '-q', '-am', 'AVSession: cast codes; two codes system-only');
  // As a clone has it.
  git('update-ref', 'refs/remotes/origin/master', 'HEAD');
}

/**
 * A copy of this checkout in `dir`: the tracked files and the compiled tools (timestamps kept,
 * so `tsc -b` has nothing to do), with node_modules and .tools linked, committed as a clone's
 * main and origin/main.
 * @param dir Empty folder.
 */
export function checkoutCopy(dir: string): void {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of tracked) {
    if (!existsSync(join(repoRoot, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(dir, file), { preserveTimestamps: true });
  }
  for (const tool of readdirSync(join(repoRoot, 'tools'))) {
    for (const built of ['dist', 'tsconfig.tsbuildinfo']) {
      if (existsSync(join(repoRoot, 'tools', tool, built))) cpSync(join(repoRoot, 'tools', tool, built), join(dir, 'tools', tool, built), { recursive: true, preserveTimestamps: true });
    }
  }
  for (const parent of ['', ...readdirSync(join(repoRoot, 'tools')).map((tool) => `tools/${tool}`), ...readdirSync(join(repoRoot, 'packages')).map((pkg) => `packages/${pkg}`)]) {
    const modules = join(repoRoot, parent, 'node_modules');
    if (existsSync(modules) && existsSync(join(dir, parent))) symlinkSync(modules, join(dir, parent, 'node_modules'));
  }
  symlinkSync(join(repoRoot, '.tools'), join(dir, '.tools'));
  const git = gitIn(dir);
  git('init', '-q', '-b', 'main');
  // The links stand where folders are ignored; a link is not a folder to .gitignore.
  writeFileSync(join(dir, '.git/info/exclude'), 'node_modules\n.tools\n');
  git('add', '.');
  git('commit', '-q', '-m', 'checkout');
  git('update-ref', 'refs/remotes/origin/main', 'HEAD');
}
