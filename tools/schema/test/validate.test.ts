import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Catalogue, ErrorDocument, ErrorEntry } from '../src/index.js';
import { validateCatalogue, validateDocument } from '../src/index.js';

const at = (line: number, column = 1) => ({ file: 'en/apis-demo-kit/errorcode-demo.md', line, column });

function entry(code: number, overrides: Partial<ErrorEntry> = {}): ErrorEntry {
  return {
    code,
    title: `Failure ${code}`,
    visibility: 'public',
    message: `Failure ${code}.`,
    messageMarkdown: `Failure ${code}.`,
    description: 'What went wrong.',
    causes: ['A cause.'],
    solutions: ['A fix.'],
    sections: [{ kind: 'message', label: 'Error Message', markdown: `Failure ${code}.`, position: at(5) }],
    position: { ...at(3), endLine: 12 },
    ...overrides,
  };
}

function documentWith(errors: ErrorEntry[]): ErrorDocument {
  return {
    schemaVersion: 1,
    file: 'en/apis-demo-kit/errorcode-demo.md',
    locale: 'en',
    module: 'demo',
    kitFolder: 'apis-demo-kit',
    title: 'Demo Error Codes',
    metadata: { kit: 'Demo Kit', owner: ['@someone'], extra: { SE: ['@other'] } },
    intro: '',
    errors,
    regions: [{ name: 'Del', start: at(20), end: at(30) }],
  };
}

const fullEntry = entry(6600104, {
  visibility: 'system',
  message: '',
  messageMarkdown: '',
  group: 'Session Errors',
  intro: 'Read this first.',
  borrowed: true,
  fromTable: false,
  markers: ['RP1'],
  variants: [
    {
      title: 'When the service is down',
      visibility: 'system',
      intro: 'Only on devices with the service.',
      message: 'Service down.',
      messageMarkdown: 'Service down.',
      description: '',
      causes: [],
      solutions: [],
      sections: [],
      position: at(40),
    },
  ],
});

const validDocument = documentWith([
  entry(6600101),
  entry(6600102, {
    stub: true,
    publicTexts: { message: '', messageMarkdown: '', description: '', causes: [], solutions: [], sections: [], stub: true, intro: 'See above.' },
  }),
  fullEntry,
]);

const validCatalogue: Catalogue = {
  schemaVersion: 2,
  defaultLocale: 'en',
  locales: ['en', 'zh-CN'],
  modules: {
    demo: {
      name: 'demo',
      kitFolder: 'apis-demo-kit',
      metadata: { kit: 'Demo Kit' },
      metadataPositions: { kit: { line: 2, column: 2 } },
      titles: { en: 'Demo Error Codes', 'zh-CN': '示例错误码' },
      sources: { en: 'en/apis-demo-kit/errorcode-demo.md', 'zh-CN': 'zh-cn/apis-demo-kit/errorcode-demo.md' },
      codes: [6600101],
      borrowedCodes: [401],
      counts: { total: 1, public: 1, system: 0 },
    },
  },
  errors: {
    '401': {
      code: 401,
      module: 'demo',
      visibility: 'public',
      borrowed: true,
      locales: {
        en: {
          title: 'Parameter error',
          message: '',
          description: '',
          causes: [],
          solutions: [],
          sections: [],
          stub: true,
          intro: 'See the universal codes.',
          position: at(2),
          publicTexts: { message: '', description: '', causes: [], solutions: [], sections: [], stub: true, intro: 'See above.' },
        },
      },
    },
    '6600101': {
      code: 6600101,
      module: 'demo',
      visibility: 'public',
      locales: {
        en: {
          title: 'Failure',
          message: 'Failure.',
          messageMarkdown: '**Failure.**',
          description: '',
          causes: ['A', 'B'],
          solutions: [],
          sections: [
            { kind: 'message', label: 'Error Message', markdown: '**Failure.**', position: { line: 5, column: 1, endLine: 7 } },
            { kind: 'causes', label: 'Possible Causes', markdown: '1. A\n2. B', position: { line: 9, column: 1 } },
            { kind: 'extra', label: 'Notes', markdown: 'More.', position: { line: 12, column: 1 } },
          ],
          variants: [
            {
              title: 'When the service is down',
              visibility: 'system',
              message: 'Service down.',
              description: 'Down.',
              causes: [],
              solutions: [],
              sections: [{ kind: 'description', label: 'Description', position: { line: 16, column: 1 } }],
              intro: 'Only on devices with the service.',
              position: { line: 14, column: 1 },
            },
          ],
          group: 'G',
          position: at(3),
        },
        'zh-CN': { title: '失败', message: 'Failure.', messageMarkdown: 'Failure.', description: '', causes: ['原因'], solutions: ['步骤'], sections: [], position: at(3) },
      },
    },
  },
};

/** A deep copy changed by `mutate`, so every case starts from the valid value. */
function changed<T>(value: T, mutate: (copy: any) => void): unknown {
  const copy = structuredClone(value);
  mutate(copy);
  return copy;
}

describe('validateDocument', () => {
  it('accepts hand-written documents using every field of the types', () => {
    expect(validateDocument(validDocument)).toEqual([]);
    expect(validateDocument(documentWith([]))).toEqual([]);
  });

  it('accepts an empty runtime message', () => {
    expect(validateDocument(documentWith([entry(1, { message: '', messageMarkdown: '' })]))).toEqual([]);
  });

  const cases: Array<[string, (copy: any) => void, string, string]> = [
    ['a code given as a string', (d) => (d.errors[0].code = '6600101'), '/errors/0/code', 'must be integer'],
    ['a fractional code', (d) => (d.errors[1].code = 1.5), '/errors/1/code', 'must be integer'],
    ['a missing title', (d) => delete d.errors[0].title, '/errors/0/title', 'missing required property "title"'],
    ['a missing message', (d) => delete d.errors[2].message, '/errors/2/message', 'missing required property "message"'],
    ['a missing description', (d) => delete d.errors[0].description, '/errors/0/description', 'missing required property "description"'],
    ['causes that are not a list', (d) => (d.errors[0].causes = 'A cause.'), '/errors/0/causes', 'must be array'],
    ['a solution that is not a string', (d) => (d.errors[0].solutions = [3]), '/errors/0/solutions/0', 'must be string'],
    ['an unknown visibility', (d) => (d.errors[0].visibility = 'internal'), '/errors/0/visibility', 'must be one of "public", "system"'],
    ['a position without a column', (d) => delete d.errors[0].position.column, '/errors/0/position/column', 'missing required property "column"'],
    ['a zero line', (d) => (d.errors[0].position.line = 0), '/errors/0/position/line', 'must be >= 1'],
    ['an unknown entry property', (d) => (d.errors[1].severity = 'high'), '/errors/1/severity', 'unknown property "severity"'],
    ['an unknown variant property', (d) => (d.errors[2].variants[0].code = 1), '/errors/2/variants/0/code', 'unknown property "code"'],
    ['an unknown public-texts property', (d) => (d.errors[1].publicTexts.title = 'x'), '/errors/1/publicTexts/title', 'unknown property "title"'],
    ['an unknown document property', (d) => (d.version = 2), '/version', 'unknown property "version"'],
    ['an unknown metadata key outside extra', (d) => (d.metadata.SE = ['@x']), '/metadata/SE', 'unknown property "SE"'],
    ['a missing errors list', (d) => delete d.errors, '/errors', 'missing required property "errors"'],
    ['another schema version', (d) => (d.schemaVersion = 2), '/schemaVersion', 'must be 1'],
    ['a section of an unknown kind', (d) => (d.errors[0].sections[0].kind = 'notes'), '/errors/0/sections/0/kind', 'must be one of "message", "description", "causes", "solutions", "extra"'],
    ['a region that is no marker', (d) => (d.regions[0].name = 'Hidden'), '/regions/0/name', 'must match pattern "^(Del|RP[0-9]+)$"'],
  ];
  for (const [what, mutate, pointer, message] of cases) {
    it(`rejects ${what} at ${pointer}`, () => {
      expect(validateDocument(changed(validDocument, mutate))).toEqual([{ pointer, message, keyword: expect.any(String) }]);
    });
  }

  it('escapes property names in pointers (RFC 6901)', () => {
    const issues = validateDocument(changed(validDocument, (d) => (d.errors[0]['a/b~c'] = 1)));
    expect(issues.map((issue) => issue.pointer)).toEqual(['/errors/0/a~1b~0c']);
  });

  it('reports every issue, not only the first', () => {
    const issues = validateDocument(
      changed(validDocument, (d) => {
        delete d.errors[0].code;
        d.errors[1].title = 7;
      }),
    );
    expect(issues.map((issue) => issue.pointer).sort()).toEqual(['/errors/0/code', '/errors/1/title']);
  });

  it('rejects values that are not objects', () => {
    expect(validateDocument(null)).toEqual([{ pointer: '', message: 'must be object', keyword: 'type' }]);
    expect(validateDocument([])).toHaveLength(1);
  });
});

describe('validateCatalogue', () => {
  it('accepts a hand-written catalogue', () => {
    expect(validateCatalogue(validCatalogue)).toEqual([]);
  });

  const cases: Array<[string, (copy: any) => void, string, string]> = [
    ['an error key that is no decimal code', (c) => (c.errors['0x1'] = c.errors['401']), '/errors/0x1', 'invalid property name "0x1"'],
    ['an entry without module', (c) => delete c.errors['401'].module, '/errors/401/module', 'missing required property "module"'],
    ['an entry without locale texts', (c) => (c.errors['401'].locales = {}), '/errors/401/locales', 'must NOT have fewer than 1 properties'],
    ['a localized entry without position', (c) => delete c.errors['6600101'].locales['zh-CN'].position, '/errors/6600101/locales/zh-CN/position', 'missing required property "position"'],
    ['a localized entry with a parser-only field', (c) => (c.errors['6600101'].locales.en.fromTable = true), '/errors/6600101/locales/en/fromTable', 'unknown property "fromTable"'],
    ['a module without counts', (c) => delete c.modules.demo.counts, '/modules/demo/counts', 'missing required property "counts"'],
    ['a negative count', (c) => (c.modules.demo.counts.system = -1), '/modules/demo/counts/system', 'must be >= 0'],
    ['repeated codes in a module', (c) => (c.modules.demo.codes = [1, 1]), '/modules/demo/codes', 'must NOT have duplicate items (items ## 1 and 0 are identical)'],
    ['a locale folder name instead of a tag', (c) => (c.locales = ['en', 'zh_cn']), '/locales/1', 'must match pattern "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"'],
    ['an unknown catalogue property', (c) => (c.generatedAt = 'today'), '/generatedAt', 'unknown property "generatedAt"'],
    ['a schema version other than 2', (c) => (c.schemaVersion = 1), '/schemaVersion', 'must be 2'],
    ['a file inside a locale entry', (c) => (c.errors['6600101'].locales.en.sections[0].position.file = 'x.md'), '/errors/6600101/locales/en/sections/0/position/file', 'unknown property "file"'],
    ['a file in a variant position', (c) => (c.errors['6600101'].locales.en.variants[0].position.file = 'x.md'), '/errors/6600101/locales/en/variants/0/position/file', 'unknown property "file"'],
    ['a file in a metadata position', (c) => (c.modules.demo.metadataPositions.kit.file = 'x.md'), '/modules/demo/metadataPositions/kit/file', 'unknown property "file"'],
    ['an extra section without its Markdown', (c) => delete c.errors['6600101'].locales.en.sections[2].markdown, '/errors/6600101/locales/en/sections/2/markdown', 'missing required property "markdown"'],
  ];
  for (const [what, mutate, pointer, message] of cases) {
    it(`rejects ${what} at ${pointer}`, () => {
      expect(validateCatalogue(changed(validCatalogue, mutate))).toEqual([{ pointer, message, keyword: expect.any(String) }]);
    });
  }

  it('does not take a document for a catalogue', () => {
    expect(validateCatalogue(validDocument).length).toBeGreaterThan(0);
  });
});

// The schemas are read relative to the module, from src/ under vitest and from dist/ under node.
const distEntry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

// `npm test` compiles the tools before running vitest, so the build output is always there.
describe('the compiled package (run after `tsc -b tools`)', () => {
  it('exists', () => {
    expect(existsSync(distEntry), `${distEntry} is missing: run \`tsc -b tools\` first`).toBe(true);
  });

  it('loads its schemas and validates under plain node', () => {
    const script = `
      const { validateDocument } = await import(${JSON.stringify(distEntry)});
      console.log(JSON.stringify(validateDocument({ schemaVersion: 1 }).map((issue) => issue.pointer)));
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(['/file', '/locale', '/module', '/title', '/metadata', '/intro', '/errors', '/regions']);
  });
});
