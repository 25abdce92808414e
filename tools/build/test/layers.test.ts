import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../testing/files.js';

const toolsDir = join(repoRoot, 'tools');
const tools = readdirSync(toolsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && readdirSync(join(toolsDir, entry.name)).includes('package.json'))
  .map((entry) => entry.name);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('layers', () => {
  it('has the cli on top: no other tool depends on it or imports its code', () => {
    expect(tools).toContain('build');
    for (const tool of tools.filter((name) => name !== 'cli')) {
      const manifest = JSON.parse(readFileSync(join(toolsDir, tool, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
      const dependencies = { ...manifest.dependencies, ...manifest.devDependencies };
      expect(Object.keys(dependencies), `tools/${tool}/package.json`).not.toContain('@errcat/cli');
      for (const file of sourceFiles(join(toolsDir, tool, 'src'))) {
        expect(readFileSync(file, 'utf8'), file).not.toMatch(/from '(@errcat\/cli|(\.\.\/)+cli\/)/);
      }
    }
  });
});
