import type { CodeBlockWriter, JSDocStructure, OptionalKind, Project, SourceFile, StatementStructures, WriterFunction } from 'ts-morph';
import { StructureKind, VariableDeclarationKind, Writers } from 'ts-morph';
import { jsDocText, stringLiteral } from './literals.js';
import type { BuildModel, CodeModel, MessageEntry, MessageVariant } from './model.js';

/** The two module formats every build is emitted in. */
export type ModuleFormat = 'esm' | 'cjs';

/** Source and import-specifier extensions of a format. */
export const FORMAT_EXTENSIONS: Record<ModuleFormat, { source: string; specifier: string }> = {
  esm: { source: 'mts', specifier: 'mjs' },
  cjs: { source: 'cts', specifier: 'cjs' },
};

/** What the source builders need to know about the module. */
export interface ModuleInfo {
  /** Module name from `errorcode-<module>.md`. */
  module: string;
  /** Type prefix, e.g. `AVSession`. */
  prefix: string;
  /** Kit name from the page metadata, when known. */
  kit?: string;
}

/** Names of the declarations the codes file exports, derived from the type prefix. */
export function codeDeclarationNames(prefix: string) {
  return {
    enumName: `${prefix}ErrorCode`,
    objectName: `${prefix}ErrorCodes`,
    unionName: `${prefix}ErrorCodeValue`,
    guardName: `is${prefix}ErrorCode`,
  };
}

/**
 * Add the TypeScript sources of one build of one module to a project, under `dir`.
 * @param project ts-morph project (in memory) the files are created in.
 * @param dir Folder of the build, e.g. `/avsession/lib/public`.
 * @param info The module.
 * @param model The build's codes and messages.
 * @param format Module format, which decides file extensions and import specifiers.
 * @returns The created source files.
 */
export function addBuildSources(project: Project, dir: string, info: ModuleInfo, model: BuildModel, format: ModuleFormat): SourceFile[] {
  const ext = FORMAT_EXTENSIONS[format];
  // Each file is printed once from its structures, which is far faster than adding statements one by one.
  const create = (path: string, statements: StatementStructures[]) =>
    project.createSourceFile(`${dir}/${path}.${ext.source}`, { statements }, { overwrite: true });
  return [
    create('codes', codesStatements(info, model)),
    create('messages', messagesStatements(info, model, ext.specifier)),
    ...[...model.messages].map(([locale, table]) => create(`locales/${locale}`, localeStatements(info, model, locale, table, ext.specifier))),
    create('index', [
      { kind: StructureKind.ExportDeclaration, moduleSpecifier: `./codes.${ext.specifier}` },
      { kind: StructureKind.ExportDeclaration, moduleSpecifier: `./messages.${ext.specifier}` },
    ]),
  ];
}

function buildLabel(info: ModuleInfo, model: BuildModel): string {
  const kit = info.kit ? ` (${info.kit})` : '';
  // Module and kit names come from file names and page metadata, so they are escaped too.
  return jsDocText(
    model.build === 'public'
      ? `${info.module} module${kit}, public build: only the codes every application can receive`
      : `${info.module} module${kit}, system build: every code, system-only ones included`,
  );
}

function memberDocs(code: CodeModel): OptionalKind<JSDocStructure>[] {
  const lines = [`${code.code} ${jsDocText(code.title)}`];
  if (code.message) lines.push('', `Runtime message: ${jsDocText(code.message)}`);
  return [{ description: lines.join('\n'), tags: code.system ? [{ tagName: 'system', text: 'Only system applications can receive this code.' }] : [] }];
}

function codesStatements(info: ModuleInfo, model: BuildModel): StatementStructures[] {
  const out: StatementStructures[] = [];
  const { enumName, objectName, unionName, guardName } = codeDeclarationNames(info.prefix);
  out.push({
    kind: StructureKind.Enum,
    name: enumName,
    isExported: true,
    docs: [{ description: `Error codes of the ${buildLabel(info, model)}.` }],
    members: model.codes.map((code) => ({ name: code.name, value: code.code, docs: memberDocs(code) })),
  });
  out.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [{ description: `The codes of {@link ${enumName}} as a plain object, for code that avoids enums.` }],
    declarations: [
      {
        name: objectName,
        initializer: (writer) => {
          writer.write('{').newLineIfLastNot();
          writer.indent(() => {
            for (const code of model.codes) {
              writeDocComment(writer, memberDocs(code)[0]!);
              writer.writeLine(`${code.name}: ${code.code},`);
            }
          });
          writer.write('} as const');
        },
      },
    ],
  });
  out.push({
    kind: StructureKind.TypeAlias,
    name: unionName,
    isExported: true,
    docs: [{ description: `Any code value of {@link ${enumName}}.` }],
    type: model.codes.length === 0 ? 'never' : model.codes.map((code) => String(code.code)).join(' | '),
  });
  out.push({
    kind: StructureKind.Function,
    name: guardName,
    isExported: true,
    docs: [
      {
        description: `Whether a value is one of the codes of {@link ${enumName}}.`,
        tags: [
          { tagName: 'param', text: 'value Any value, such as `BusinessError.code`.' },
          { tagName: 'returns', text: `True when \`value\` is an error code of the ${jsDocText(info.module)} module in this build.` },
        ],
      },
    ],
    parameters: [{ name: 'value', type: 'unknown' }],
    returnType: `value is ${enumName}`,
    // A numeric enum maps each value back to its name, so an own numeric key means a member.
    statements: [`return typeof value === 'number' && Object.prototype.hasOwnProperty.call(${enumName}, value);`],
  });
  return out;
}

function writeDocComment(writer: CodeBlockWriter, doc: OptionalKind<JSDocStructure>): void {
  writer.writeLine('/**');
  const description = typeof doc.description === 'string' ? doc.description : '';
  for (const line of description.split('\n')) writer.writeLine(line ? ` * ${line}` : ' *');
  for (const tag of doc.tags ?? []) writer.writeLine(` * @${tag.tagName}${tag.text ? ` ${String(tag.text)}` : ''}`);
  writer.writeLine(' */');
}

/** Locale aliases the generated `normalizeLocale` knows, the same as errcat's own. */
export const LOCALE_ALIASES: Readonly<Record<string, string>> = {
  zh: 'zh-CN',
  'zh-cn': 'zh-CN',
  'zh-hans': 'zh-CN',
  'zh-hans-cn': 'zh-CN',
  en: 'en',
  'en-us': 'en',
  'en-gb': 'en',
};

function messagesStatements(info: ModuleInfo, model: BuildModel, specifier: string): StatementStructures[] {
  const out: StatementStructures[] = [];
  const { enumName } = codeDeclarationNames(info.prefix);
  const locales = [...model.messages.keys()];
  out.push({ kind: StructureKind.ImportDeclaration, namedImports: [enumName], moduleSpecifier: `./codes.${specifier}` });
  const textProperties = [
    { name: 'title', doc: 'Title of the code (Markdown).' },
    { name: 'message', doc: 'Runtime error message, as the system reports it (plain text).' },
    { name: 'description', doc: 'What the error means (Markdown; empty when the page has none).' },
  ];
  const listProperties = [
    { name: 'causes', doc: 'Possible causes, one Markdown string each.' },
    { name: 'solutions', doc: 'Steps to solve it, one Markdown string each.' },
  ];
  const variantProperties = [
    ...textProperties.map((property) => ({ name: property.name, type: 'string', isReadonly: true, docs: [property.doc] })),
    ...listProperties.map((property) => ({ name: property.name, type: 'readonly string[]', isReadonly: true, docs: [property.doc] })),
  ];
  out.push({
    kind: StructureKind.Interface,
    name: 'ErrorMessageVariant',
    isExported: true,
    docs: ['Texts of one case of a code that the page documents in sub-sections.'],
    properties: variantProperties,
  });
  out.push({
    kind: StructureKind.Interface,
    name: 'ErrorMessage',
    isExported: true,
    docs: [`Texts of one ${jsDocText(info.module)} error code in one locale.`],
    properties: [
      ...variantProperties,
      { name: 'intro', type: 'string', hasQuestionToken: true, isReadonly: true, docs: ['Text between the heading and the first section, when the page has any.'] },
      { name: 'variants', type: 'readonly ErrorMessageVariant[]', hasQuestionToken: true, isReadonly: true, docs: ['Cases of the code with texts of their own.'] },
    ],
  });
  out.push({
    kind: StructureKind.Interface,
    name: 'ErrorExplanation',
    isExported: true,
    extends: ['ErrorMessage'],
    docs: ['One error code explained for a person to read.'],
    properties: [
      { name: 'code', type: enumName, isReadonly: true, docs: ['The code.'] },
      { name: 'name', type: 'string', isReadonly: true, docs: [`Name of the code in {@link ${enumName}}.`] },
      { name: 'module', type: 'string', isReadonly: true, docs: ['Module the code belongs to.'] },
      { name: 'locale', type: 'Locale', isReadonly: true, docs: ['Locale the texts are in: the one asked for, or the first fallback that has the code.'] },
    ],
  });
  out.push({
    kind: StructureKind.TypeAlias,
    name: 'ErrorMessageTable',
    isExported: true,
    docs: ['Texts of every code of one locale; a code without a translation has no entry.'],
    type: `{ readonly [Code in ${enumName}]?: ErrorMessage }`,
  });
  out.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['Locales this build has texts in, the default first.'],
    declarations: [{ name: 'LOCALES', initializer: `[${locales.map(stringLiteral).join(', ')}] as const` }],
  });
  out.push({ kind: StructureKind.TypeAlias, name: 'Locale', isExported: true, docs: ['A locale this build has texts in.'], type: '(typeof LOCALES)[number]' });
  out.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['Locale every fallback chain ends in.'],
    declarations: [{ name: 'DEFAULT_LOCALE', type: 'Locale', initializer: stringLiteral(locales[0] ?? 'en') }],
  });
  out.push({
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['Other spellings of the locales, lower-cased, with `-` between subtags.'],
    declarations: [{ name: 'LOCALE_ALIASES', type: 'Readonly<Record<string, string>>', initializer: objectWriter(LOCALE_ALIASES) }],
  });
  out.push({
    kind: StructureKind.Function,
    name: 'normalizeLocale',
    isExported: true,
    docs: [
      {
        description: 'Canonical BCP-47 form of a locale tag: `zh-cn`, `zh_CN` and `zh-Hans` become `zh-CN`.',
        tags: [
          { tagName: 'param', text: 'tag A locale tag in any usual spelling.' },
          { tagName: 'returns', text: 'The tag in canonical case.' },
        ],
      },
    ],
    parameters: [{ name: 'tag', type: 'string' }],
    returnType: 'string',
    statements: [
      `const cleaned = tag.trim().replace(/_/g, '-');`,
      `const lower = cleaned.toLowerCase();`,
      `if (Object.prototype.hasOwnProperty.call(LOCALE_ALIASES, lower)) return LOCALE_ALIASES[lower]!;`,
      `const [language = '', ...rest] = cleaned.split('-');`,
      // Region subtags are upper case, script subtags title case, the rest lower case.
      `const subtags = rest.map((part) =>
  part.length === 2 ? part.toUpperCase() : part.length === 4 ? part.charAt(0).toUpperCase() + part.slice(1).toLowerCase() : part.toLowerCase(),
);`,
      `return [language.toLowerCase(), ...subtags].join('-');`,
    ],
  });
  out.push({
    kind: StructureKind.Function,
    name: 'localeFallbackChain',
    isExported: true,
    docs: [
      {
        description: 'Locales to try for a requested one, most specific first, ending in the default locale.',
        tags: [
          { tagName: 'param', text: 'tag A locale tag in any usual spelling.' },
          { tagName: 'returns', text: "Canonical tags, e.g. `['zh-CN', 'zh', 'en']`." },
        ],
      },
    ],
    parameters: [{ name: 'tag', type: 'string' }],
    returnType: 'string[]',
    statements: [
      `const chain: string[] = [];`,
      `const parts = normalizeLocale(tag).split('-');`,
      `for (let length = parts.length; length > 0; length--) chain.push(parts.slice(0, length).join('-'));`,
      `if (!chain.includes(DEFAULT_LOCALE)) chain.push(DEFAULT_LOCALE);`,
      `return chain;`,
    ],
  });
  out.push({
    kind: StructureKind.Function,
    name: 'isLocale',
    isExported: true,
    docs: [
      {
        description: 'Whether a canonical tag is one of {@link LOCALES}.',
        tags: [{ tagName: 'param', text: 'tag A canonical locale tag.' }],
      },
    ],
    parameters: [{ name: 'tag', type: 'string' }],
    returnType: 'tag is Locale',
    statements: [`return (LOCALES as readonly string[]).includes(tag);`],
  });
  out.push({
    kind: StructureKind.Function,
    name: 'loadMessages',
    isExported: true,
    docs: [
      {
        description: 'Load the texts of one locale. Each locale is a module of its own, loaded on first use.',
        tags: [
          { tagName: 'param', text: 'locale One of {@link LOCALES}.' },
          { tagName: 'returns', text: 'The texts of every code translated into that locale.' },
        ],
      },
    ],
    parameters: [{ name: 'locale', type: 'Locale' }],
    returnType: 'Promise<ErrorMessageTable>',
    statements: (writer) => {
      writer.write('switch (locale)').block(() => {
        for (const locale of locales) {
          writer.writeLine(`case ${stringLiteral(locale)}:`);
          writer.indent(() => writer.writeLine(`return import(${stringLiteral(`./locales/${locale}.${specifier}`)}).then((loaded) => loaded.default);`));
        }
      });
    },
  });
  out.push({
    kind: StructureKind.Function,
    name: 'explain',
    isExported: true,
    isAsync: true,
    docs: [
      {
        description:
          'Explain a code for a person to read: its title, runtime message, description, causes and solutions.\n' +
          'Tries the locale fallback chain of `locale`, then every other locale of this build, so a code\n' +
          'documented only in some locale is still explained; `locale` in the result says which was used.',
        tags: [
          { tagName: 'param', text: 'code The code.' },
          { tagName: 'param', text: 'locale Wanted locale, in any usual spelling (default: {@link DEFAULT_LOCALE}).' },
          { tagName: 'returns', text: 'The explanation, or undefined when `code` is not a code of this build.' },
        ],
      },
    ],
    parameters: [
      { name: 'code', type: enumName },
      { name: 'locale', type: 'string', initializer: 'DEFAULT_LOCALE' },
    ],
    returnType: 'Promise<ErrorExplanation | undefined>',
    statements: [
      `const chain = localeFallbackChain(locale);`,
      `const candidates = [...chain, ...LOCALES.filter((tag) => !chain.includes(tag))];`,
      (writer) =>
        writer.write('for (const candidate of candidates)').block(() => {
          writer.writeLine('if (!isLocale(candidate)) continue;');
          writer.writeLine('const entry = (await loadMessages(candidate))[code];');
          writer.writeLine(
            `if (entry !== undefined) return { ...entry, code, name: ${enumName}[code] ?? String(code), module: ${stringLiteral(info.module)}, locale: candidate };`,
          );
        }),
      `return undefined;`,
    ],
  });
  return out;
}

function localeStatements(
  info: ModuleInfo,
  model: BuildModel,
  locale: string,
  table: Map<number, MessageEntry>,
  specifier: string,
): StatementStructures[] {
  const out: StatementStructures[] = [];
  out.push({ kind: StructureKind.ImportDeclaration, isTypeOnly: true, namedImports: ['ErrorMessageTable'], moduleSpecifier: `../messages.${specifier}` });
  const entries: Record<string, WriterFunction> = {};
  for (const code of model.codes) {
    const entry = table.get(code.code);
    if (entry) entries[String(code.code)] = objectWriter(messageObject(entry));
  }
  out.push({
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    docs: [`${locale} texts of the ${buildLabel(info, model)}.`],
    declarations: [{ name: 'messages', type: 'ErrorMessageTable', initializer: Writers.object(entries) }],
  });
  out.push({ kind: StructureKind.ExportAssignment, isExportEquals: false, expression: 'messages' });
  return out;
}

/** JSON-like value written as a literal. */
type LiteralValue = string | number | LiteralValue[] | { [key: string]: LiteralValue | undefined };

function messageObject(entry: MessageEntry): { [key: string]: LiteralValue | undefined } {
  const variant = (texts: MessageVariant) => ({
    title: texts.title,
    message: texts.message,
    description: texts.description,
    causes: texts.causes,
    solutions: texts.solutions,
  });
  return { ...variant(entry), intro: entry.intro, variants: entry.variants?.map(variant) };
}

/**
 * Writer of an object literal whose keys are identifiers or integers and whose strings are
 * escaped by {@link stringLiteral}. Undefined values are left out.
 */
function objectWriter(value: { [key: string]: LiteralValue | undefined }): WriterFunction {
  const properties: Record<string, WriterFunction> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if (!/^(?:[A-Za-z_$][A-Za-z0-9_$]*|0|[1-9][0-9]*)$/.test(key)) properties[stringLiteral(key)] = literalWriter(item);
    else properties[key] = literalWriter(item);
  }
  return Writers.object(properties);
}

function literalWriter(value: LiteralValue): WriterFunction {
  if (typeof value === 'string') return (writer) => writer.write(stringLiteral(value));
  if (typeof value === 'number') return (writer) => writer.write(String(value));
  if (Array.isArray(value)) {
    return (writer) => {
      writer.write('[');
      value.forEach((item, index) => {
        if (index > 0) writer.write(', ');
        literalWriter(item)(writer);
      });
      writer.write(']');
    };
  }
  return objectWriter(value);
}
