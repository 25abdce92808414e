import type CodeBlockWriter from 'code-block-writer';
import { jsDocText, stringLiteral } from './literals.js';
import type { BuildModel, CodeModel } from './model.js';
import { codeHeader, codeWriter, writeDoc } from './print.js';

/** The two module formats every build is printed in. */
export type ModuleFormat = 'esm' | 'cjs';

/** What the code printers need to know about the module. */
export interface ModuleInfo {
  /** Module name from `errorcode-<module>.md`. */
  module: string;
  /** Type prefix, e.g. `AVSession`. */
  prefix: string;
  /** Kit name from the page metadata, when known. */
  kit?: string;
}

/** Names of the declarations of a module's codes, derived from the type prefix. */
export function codeDeclarationNames(prefix: string) {
  return {
    enumName: `${prefix}ErrorCode`,
    objectName: `${prefix}ErrorCodes`,
    unionName: `${prefix}ErrorCodeValue`,
    guardName: `is${prefix}ErrorCode`,
  };
}

/** Everything the code of one build of one module is printed from. */
export interface BuildCodeInput {
  info: ModuleInfo;
  model: BuildModel;
  /** Lines saying the files are generated and from what. */
  header: readonly string[];
  /** Package name of the shared runtime. */
  runtime: string;
  /** Locale → the JSON files its table is made of, relative to the build's folder, later ones winning. */
  tables: ReadonlyMap<string, readonly string[]>;
  /** The JSON file listing the APIs that throw each code, relative to the build's folder, when there is one. */
  apis?: string;
}

/** The four code files of one build: `index.mjs`, `index.cjs`, `index.d.cts`, `index.d.mts`. */
export function buildCodeFiles(input: BuildCodeInput): Record<'index.mjs' | 'index.cjs' | 'index.d.cts' | 'index.d.mts', string> {
  const header = codeHeader(input.header);
  return {
    'index.mjs': header + javaScript(input, 'esm'),
    'index.cjs': header + javaScript(input, 'cjs'),
    'index.d.cts': header + declarations(input),
    // One set of declarations per build: the ES module's types are those of the CommonJS one
    // (an ES module may import CommonJS, so this holds under every resolution mode).
    'index.d.mts': `${header}export * from "./index.cjs";\n`,
  };
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

/** How many throwing APIs a member's doc comment names (`explain()` returns them all). */
const SHOWN_THROWERS = 3;

function memberDoc(writer: CodeBlockWriter, code: CodeModel): void {
  const lines = [`${code.code} ${jsDocText(code.title)}`];
  if (code.message) lines.push('', `Runtime message: ${jsDocText(code.message)}`);
  if (code.thrownBy.length > 0) {
    const shown = code.thrownBy.slice(0, SHOWN_THROWERS).map((name) => `\`${jsDocText(name)}\``);
    const more = code.thrownBy.length - shown.length;
    lines.push('', `Thrown by ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`);
  }
  writeDoc(writer, lines.join('\n'), code.system ? [['system', 'Only system applications can receive this code.']] : []);
}

/** The declarations of a build, each code's doc comment printed once, on its enum member. */
function declarations({ info, model, runtime }: BuildCodeInput): string {
  const { enumName, objectName, unionName, guardName } = codeDeclarationNames(info.prefix);
  const locales = [...model.messages.keys()];
  const writer = codeWriter();
  writer.writeLine(`import type { ErrorExplanation as Explanation, ErrorMessageTable as Table } from ${stringLiteral(runtime)};`);
  writer.writeLine(`export type { ErrorMessage, ErrorMessageVariant } from ${stringLiteral(runtime)};`);
  writer.writeLine(`export { normalizeLocale } from ${stringLiteral(runtime)};`);
  writeDoc(writer, `Error codes of the ${buildLabel(info, model)}.`);
  writer.write(`export declare enum ${enumName} {`).newLine();
  writer.indent(() => {
    for (const code of model.codes) {
      memberDoc(writer, code);
      writer.writeLine(`${code.name} = ${code.code},`);
      for (const alias of code.aliases) {
        writeDoc(writer, `${code.code}: the earlier name of {@link ${enumName}.${code.name}}, kept so that code using it still compiles.`, [['deprecated', `Use {@link ${enumName}.${code.name}}.`]]);
        writer.writeLine(`${alias} = ${code.code},`);
      }
    }
  });
  writer.writeLine('}');
  writeDoc(writer, `The codes of {@link ${enumName}} as a plain object, for code that avoids enums.`);
  writer.writeLine(`export declare const ${objectName}: {`);
  writer.indent(() => writer.writeLine(`readonly [Name in keyof typeof ${enumName} as Name extends string ? Name : never]: (typeof ${enumName})[Name];`));
  writer.writeLine('};');
  writeDoc(writer, `Any code value of {@link ${enumName}}.`);
  writer.writeLine(`export type ${unionName} = ${model.codes.length === 0 ? 'never' : model.codes.map((code) => String(code.code)).join(' | ')};`);
  writeDoc(writer, `Whether a value is one of the codes of {@link ${enumName}}.`, [
    ['param', 'value Any value, such as `BusinessError.code`.'],
    ['returns', `True when \`value\` is an error code of the ${jsDocText(info.module)} module in this build.`],
  ]);
  writer.writeLine(`export declare function ${guardName}(value: unknown): value is ${enumName};`);
  writeDoc(writer, 'Locales this build has texts in, the default first.');
  writer.writeLine(`export declare const LOCALES: readonly [${locales.map(stringLiteral).join(', ')}];`);
  writeDoc(writer, 'A locale this build has texts in.');
  writer.writeLine('export type Locale = (typeof LOCALES)[number];');
  writeDoc(writer, 'Locale every fallback chain ends in.');
  writer.writeLine('export declare const DEFAULT_LOCALE: Locale;');
  writeDoc(writer, 'Texts of every code of one locale; a code without a translation has no entry.');
  writer.writeLine(`export type ErrorMessageTable = Table<${enumName}>;`);
  writeDoc(writer, `One ${jsDocText(info.module)} error code explained for a person to read.`);
  writer.writeLine(`export type ErrorExplanation = Explanation<${enumName}, Locale>;`);
  writeDoc(writer, 'Locales to try for a requested one, most specific first, ending in {@link DEFAULT_LOCALE}.', [
    ['param', 'tag A locale tag in any usual spelling.'],
    ['returns', "Canonical tags, e.g. `['zh-CN', 'zh', 'en']`."],
  ]);
  writer.writeLine('export declare function localeFallbackChain(tag: string): string[];');
  writeDoc(writer, 'Whether a canonical tag is one of {@link LOCALES}.', [['param', 'tag A canonical locale tag.']]);
  writer.writeLine('export declare function isLocale(tag: string): tag is Locale;');
  writeDoc(writer, 'Load the texts of one locale (once, on first use; each locale is a JSON file of its own).', [
    ['param', 'locale One of {@link LOCALES}.'],
    ['returns', 'The texts of every code translated into that locale.'],
  ]);
  writer.writeLine('export declare function loadMessages(locale: Locale): Promise<ErrorMessageTable>;');
  writeDoc(
    writer,
    'Explain a code for a person to read: its title, runtime message, description, causes and solutions.\n' +
      'Tries the locale fallback chain of `locale`, then every other locale of this build, so a code\n' +
      'documented only in some locale is still explained; `locale` in the result says which was used.',
    [
      ['param', 'code The code.'],
      ['param', 'locale Wanted locale, in any usual spelling (default: {@link DEFAULT_LOCALE}).'],
      ['returns', 'The explanation, or undefined when `code` is not a code of this build.'],
    ],
  );
  writer.writeLine(`export declare function explain(code: ${enumName}, locale?: string): Promise<ErrorExplanation | undefined>;`);
  return writer.toString();
}

/** The JavaScript of a build in one module format; the same statements in both, only imports and exports differ. */
function javaScript({ info, model, runtime, tables, apis }: BuildCodeInput, format: ModuleFormat): string {
  const { enumName, objectName, guardName } = codeDeclarationNames(info.prefix);
  const locales = [...model.messages.keys()];
  const esm = format === 'esm';
  const exported = esm ? 'export ' : '';
  const exports: string[] = [];
  // A JSON module, loaded when the function holding this expression first runs.
  const json = (file: string) => (esm ? `import(${stringLiteral(file)}, { with: { type: "json" } })` : `{ default: require(${stringLiteral(file)}) }`);
  const writer = codeWriter();
  if (esm) {
    writer.writeLine(`import { enumOf, explainer, localeFallbackChain as fallbackChain, messageLoader } from ${stringLiteral(runtime)};`);
    writer.writeLine(`export { normalizeLocale } from ${stringLiteral(runtime)};`);
  } else {
    writer.writeLine('"use strict";');
    writer.writeLine('Object.defineProperty(exports, "__esModule", { value: true });');
    writer.writeLine(`const { enumOf, explainer, localeFallbackChain: fallbackChain, messageLoader, normalizeLocale } = require(${stringLiteral(runtime)});`);
    exports.push('normalizeLocale');
  }

  writer.write(`${exported}const ${objectName} = {`).newLine();
  writer.indent(() => {
    for (const code of model.codes) {
      writer.writeLine(`${code.name}: ${code.code},`);
      for (const alias of code.aliases) writer.writeLine(`${alias}: ${code.code},`);
    }
  });
  writer.writeLine('};');
  const aliases = model.codes.flatMap((code) => code.aliases);
  writer.writeLine(`${exported}const ${enumName} = /*#__PURE__*/ enumOf(${objectName}${aliases.length > 0 ? `, [${aliases.map(stringLiteral).join(', ')}]` : ''});`);
  // A numeric enum maps each value back to its name, so an own numeric key means a member.
  writer.write(`${exported}function ${guardName}(value)`).block(() => {
    writer.writeLine(`return typeof value === "number" && Object.prototype.hasOwnProperty.call(${enumName}, value);`);
  });
  writer.writeLine(`${exported}const LOCALES = [${locales.map(stringLiteral).join(', ')}];`);
  writer.writeLine(`${exported}const DEFAULT_LOCALE = ${stringLiteral(locales[0] ?? 'en')};`);
  writer.write(`${exported}function localeFallbackChain(tag)`).block(() => writer.writeLine('return fallbackChain(tag, DEFAULT_LOCALE);'));
  writer.write(`${exported}function isLocale(tag)`).block(() => writer.writeLine('return LOCALES.includes(tag);'));
  // Literal specifiers, so bundlers see every table; each is loaded on first use.
  writer.write(`${exported}const loadMessages = /*#__PURE__*/ messageLoader({`).newLine();
  writer.indent(() => {
    for (const locale of locales) {
      const parts = (tables.get(locale) ?? []).map(json);
      writer.writeLine(`${stringLiteral(locale)}: () => [${parts.join(', ')}],`);
    }
  });
  writer.writeLine('});');
  const apisPart = apis === undefined ? '' : `, apis: () => [${json(apis)}]`;
  writer.writeLine(
    `${exported}const explain = /*#__PURE__*/ explainer({ module: ${stringLiteral(info.module)}, names: ${enumName}, locales: LOCALES, defaultLocale: DEFAULT_LOCALE, load: loadMessages${apisPart} });`,
  );
  if (!esm) {
    exports.push(enumName, objectName, guardName, 'LOCALES', 'DEFAULT_LOCALE', 'localeFallbackChain', 'isLocale', 'loadMessages', 'explain');
    for (const name of exports) writer.writeLine(`exports.${name} = ${name};`);
  }
  return writer.toString();
}
