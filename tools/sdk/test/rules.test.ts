import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkSdk, readSdk, sdkRuleIds } from '../src/index.js';
import { catalogueOf } from './catalogue-of.js';

const rulesDir = fileURLToPath(new URL('./fixtures/rules/', import.meta.url));

// One fixture per rule: test/fixtures/rules/<rule-id>/{docs/, sdk/}; findings.json is the
// reviewed outcome, written on the first run. Every fixture must raise its own rule.
describe('cross-check rules', () => {
  it('has a fixture for every rule', () => {
    expect(readdirSync(rulesDir).sort()).toEqual([...sdkRuleIds].sort());
  });

  for (const rule of readdirSync(rulesDir).sort()) {
    it(rule, async () => {
      const fixture = join(rulesDir, rule);
      const { index } = await readSdk(join(fixture, 'sdk'), { jobs: 1 });
      const report = checkSdk(catalogueOf(fixture), index, { sdkRoot: 'sdk' });
      expect(report.findings.some((finding) => finding.ruleId === rule)).toBe(true);
      const actual = `${JSON.stringify(report.findings, null, 2)}\n`;
      const expectedPath = join(fixture, 'findings.json');
      if (!existsSync(expectedPath)) writeFileSync(expectedPath, actual);
      expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
    });
  }
});
