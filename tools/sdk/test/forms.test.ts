import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSdk } from '../src/index.js';

const formsDir = fileURLToPath(new URL('./fixtures/forms/', import.meta.url));

// One loop over test/fixtures/forms/<form>/: each folder is a small SDK checkout (api/, kits/)
// reproducing one way the SDK writes what it throws; index.json is its reviewed index, written
// on the first run.
describe('SDK forms', () => {
  for (const name of readdirSync(formsDir).sort()) {
    it(name, async () => {
      const { index } = await readSdk(`${formsDir}${name}`, { jobs: 1 });
      const actual = `${JSON.stringify(index, null, 2)}\n`;
      const expectedPath = `${formsDir}${name}/index.json`;
      if (!existsSync(expectedPath)) writeFileSync(expectedPath, actual);
      expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
    });
  }
});
