import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ruleIds, type DiffReport } from '@errcat/diff';
import { errcatDiff } from './run-cli.js';

const casesDir = fileURLToPath(new URL('./fixtures/rules/', import.meta.url));
const cases = readdirSync(casesDir).sort();

/** What a reviewer checks of each finding: which rule, where, and how severe. */
function digest(report: DiffReport) {
  return report.findings.map((finding) => ({
    ruleId: finding.ruleId,
    level: finding.level,
    module: finding.module,
    ...(finding.code !== undefined && { code: finding.code }),
    ...(finding.locale !== undefined && { locale: finding.locale }),
    ...(finding.field !== undefined && { field: finding.field }),
    impact: finding.impact,
  }));
}

describe('one fixture pair of page folders per rule', () => {
  it('has a case for every rule id and no case for an unknown one', () => {
    expect(cases).toEqual([...ruleIds].sort());
  });

  for (const name of cases) {
    it(name, async () => {
      const caseDir = join(casesDir, name);
      const run = await errcatDiff(['old', 'new', '--format', 'json'], caseDir);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as DiffReport;
      // The rule the case is named after is found, and every finding carries its rule's place.
      expect(report.findings.map((finding) => finding.ruleId)).toContain(name);
      const expectedFile = join(caseDir, 'expected.json');
      const actual = digest(report);
      if (!existsSync(expectedFile)) {
        // First run writes the expectation for review; CI never does.
        if (process.env.CI) throw new Error(`${expectedFile} is missing`);
        writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
      }
      expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
    });
  }
});
