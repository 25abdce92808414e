import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const parserPackage = fileURLToPath(new URL('../../parser/package.json', import.meta.url));

/** The package.json of `name` as Node resolves it from the package at `fromPackageJson`. */
function resolvedPackage(fromPackageJson: string, name: string): { file: string; version: string } {
  let dir = dirname(createRequire(fromPackageJson).resolve(name));
  for (;;) {
    const candidate = join(dir, 'package.json');
    try {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version: string };
      if (manifest.name === name) return { file: candidate, version: manifest.version };
    } catch {
      // no package.json at this level; keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package.json of ${name}`);
    dir = parent;
  }
}

// micromark 4.0.3 and micromark-core-commonmark 2.0.4 parse super-linearly (2 MB: 99 s instead of 8 s);
// the root package.json pins the versions before them through pnpm overrides.
describe('the Markdown parser errcat actually loads', () => {
  // Pages are parsed by micromark itself (markdown-tree.ts); the few tables read with the GFM
  // extension go through remark-parse and mdast-util-from-markdown.
  const micromark = resolvedPackage(parserPackage, 'micromark');
  const core = resolvedPackage(micromark.file, 'micromark-core-commonmark');
  const remarkParse = resolvedPackage(parserPackage, 'remark-parse');
  const remarkMicromark = resolvedPackage(resolvedPackage(remarkParse.file, 'mdast-util-from-markdown').file, 'micromark');

  it('is micromark 4.0.2', () => {
    expect(micromark.version).toBe('4.0.2');
    expect(remarkMicromark.version).toBe('4.0.2');
  });

  it('is micromark-core-commonmark 2.0.3', () => {
    expect(core.version).toBe('2.0.3');
    expect(resolvedPackage(remarkMicromark.file, 'micromark-core-commonmark').version).toBe('2.0.3');
  });

  it('is pinned by the workspace overrides', () => {
    const root = JSON.parse(readFileSync(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8')) as {
      pnpm: { overrides: Record<string, string> };
    };
    expect(root.pnpm.overrides).toMatchObject({ micromark: '4.0.2', 'micromark-core-commonmark': '2.0.3' });
  });
});
