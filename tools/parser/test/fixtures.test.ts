import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, type ParseOptions } from '../src/index.js';

const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

// One loop over test/fixtures/<case>/{input.md, options.json?, output.json}. A missing output.json is
// written on first run, then reviewed and committed.
describe('fixtures', () => {
  for (const name of readdirSync(fixturesDir).sort()) {
    it(name, () => {
      const caseDir = `${fixturesDir}${name}/`;
      const input = readFileSync(`${caseDir}input.md`, 'utf8');
      const extra = existsSync(`${caseDir}options.json`)
        ? (JSON.parse(readFileSync(`${caseDir}options.json`, 'utf8')) as Partial<ParseOptions>)
        : {};
      const result = parse(input, { path: `${name}/input.md`, locale: 'en', ...extra });
      const actual = `${JSON.stringify(result, null, 2)}\n`;
      const expectedPath = `${caseDir}output.json`;
      if (!existsSync(expectedPath)) writeFileSync(expectedPath, actual);
      expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
    });
  }
});
