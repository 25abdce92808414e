import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentCorpusPages } from '../../testing/corpus.js';
import { removeTempDirs, repoRoot, tempDir } from './helpers.js';

const bin = join(repoRoot, 'tools/cli/bin/errcat.js');
const pages = currentCorpusPages().filter((page) => page.path.split('/').length === 3);

/** A docs folder of the current corpus pages, files created in the given order. */
function docsIn(order: 'forward' | 'reverse'): string {
  const cwd = tempDir();
  const list = order === 'forward' ? pages : [...pages].reverse();
  for (const page of list) {
    const file = join(cwd, 'docs', page.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, page.source);
  }
  return cwd;
}

/** sha256 of every file under a folder, by relative path. */
function hashes(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else result[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return result;
}

function build(cwd: string, env: Record<string, string>, jobs: string): Record<string, string> {
  const run = spawnSync(process.execPath, [bin, 'build', '--docs', 'docs', '--out', 'packages', '--no-cache', '--jobs', jobs], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
  });
  expect(run.stderr).not.toMatch(/^\d+:\d+ +error /m);
  expect(run.status).toBe(0);
  return { ...hashes(join(cwd, 'packages')), names: hashes(join(cwd, 'docs'))['errcat.names.json']! };
}

afterAll(removeTempDirs);

describe('two builds of the same pages', () => {
  it('are byte-identical whatever the file order, TZ, LANG and which thread parsed which page', () => {
    expect(pages.length).toBeGreaterThan(50);
    const first = build(docsIn('forward'), { TZ: 'UTC', LANG: 'C.UTF-8' }, '1');
    const second = build(docsIn('reverse'), { TZ: 'Pacific/Chatham', LANG: 'zh_CN.UTF-8', LC_ALL: 'tr_TR.UTF-8', ERRCAT_PARALLEL_MIN_BYTES: '0' }, '2');
    expect(Object.keys(first).length).toBeGreaterThan(100);
    expect(second).toEqual(first);
  }, 240_000);
});
