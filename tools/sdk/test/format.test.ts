import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { checkSdk, failingCount, formatJson, formatMarkdown, formatText, readSdk, sdkRuleIds } from '../src/index.js';
import { catalogueOf } from './catalogue-of.js';

const rulesDir = fileURLToPath(new URL('./fixtures/rules/', import.meta.url));
const schema = JSON.parse(readFileSync(new URL('../schemas/sdk-check-report.schema.json', import.meta.url), 'utf8')) as {
  $defs: { ruleId: { enum: string[] } };
};
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

async function reportOf(rule: string) {
  const fixture = join(rulesDir, rule);
  const { index } = await readSdk(join(fixture, 'sdk'), { jobs: 1 });
  return checkSdk(catalogueOf(fixture), index, { sdkRoot: 'sdk' });
}

describe('report formats', () => {
  it('lists exactly the rule ids of the code in the JSON schema', () => {
    expect(schema.$defs.ruleId.enum).toEqual([...sdkRuleIds]);
  });

  it('gives JSON every fixture of which the schema accepts', async () => {
    for (const rule of readdirSync(rulesDir).sort()) {
      const report = JSON.parse(formatJson(await reportOf(rule))) as unknown;
      expect(validate(report), `${rule}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('counts what fails at each level', async () => {
    const report = await reportOf('message-mismatch');
    expect([failingCount(report, 'error'), failingCount(report, 'warning'), failingCount(report, 'info'), failingCount(report, 'none')]).toEqual([0, 3, 6, 0]);
  });

  it('escapes page and SDK text in Markdown tables', async () => {
    const report = await reportOf('message-mismatch');
    report.findings[0]!.message = 'a | b <script> c\nd';
    const markdown = formatMarkdown(report);
    expect(markdown).toContain('a &#124; b &lt;script&gt; c d');
    expect(markdown).not.toContain('<script>');
  });

  it('colours only when asked', async () => {
    const report = await reportOf('message-mismatch');
    expect(formatText(report)).not.toContain('\u001b[');
    expect(formatText(report, { color: true })).toContain('\u001b[33mwarning\u001b[0m');
  });
});
