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
  /** For the system build: the public build's codes, which its code object is made from (`../public/`). */
  publicCodes?: readonly CodeModel[];
}

/** The four code files of one build: `index.mjs`, `index.cjs`, `index.d.cts`, `index.d.mts`. */
export function buildCodeFiles(input: BuildCodeInput): Record<'index.mjs' | 'index.cjs' | 'index.d.cts' | 'index.d.mts', string> {
  const header = codeHeader(input.header);
  return {
    'index.mjs': header + javaScript(input, 'esm'),
    'index.cjs': header + javaScript(input, 'cjs'),
    'index.d.cts': header + declarations(input),
    // One set of declarations per build: the ES module's types are those of the CommonJS one
    // (an ES module may import CommonJS, so this holds under every resolution mode). One line
    // says it is generated; the declarations it re-exports say from what.
    'index.d.mts': `${codeHeader([])}export * from "./index.cjs";\n`,
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

/** The declarations of a build, each code's doc comment printed once, on its enum member; the rest is typed by the runtime's `CodeModule`. */
function declarations({ info, model, runtime }: BuildCodeInput): string {
  const { enumName, objectName, unionName, guardName } = codeDeclarationNames(info.prefix);
  const locales = [...model.messages.keys()];
  const writer = codeWriter();
  writer.writeLine(`import type { CodeModule, ErrorExplanation as Explanation, ErrorMessageTable as Table } from ${stringLiteral(runtime)};`);
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
  // The functions' doc comments are those of `CodeModule`'s members, which editors show for these.
  writer.writeLine(`type Module = CodeModule<${enumName}, readonly [${locales.map(stringLiteral).join(', ')}]>;`);
  writer.writeLine(`export declare const ${guardName}: Module["isCode"];`);
  writeDoc(writer, 'Locales this build has texts in, the default first.');
  writer.writeLine('export declare const LOCALES: Module["LOCALES"];');
  writeDoc(writer, 'A locale this build has texts in.');
  writer.writeLine('export type Locale = (typeof LOCALES)[number];');
  writeDoc(writer, 'Locale every fallback chain ends in.');
  writer.writeLine('export declare const DEFAULT_LOCALE: Locale;');
  writeDoc(writer, 'Texts of every code of one locale; a code without a translation has no entry.');
  writer.writeLine(`export type ErrorMessageTable = Table<${enumName}>;`);
  writeDoc(writer, `One ${jsDocText(info.module)} error code explained for a person to read.`);
  writer.writeLine(`export type ErrorExplanation = Explanation<${enumName}, Locale>;`);
  writer.writeLine('export declare const localeFallbackChain: Module["localeFallbackChain"], isLocale: Module["isLocale"], loadMessages: Module["loadMessages"], explain: Module["explain"];');
  return writer.toString();
}

/** Members of a build's codes object in order, each code's name and then its aliases. */
function objectMembers(codes: readonly CodeModel[]): Array<[name: string, code: number]> {
  return codes.flatMap((code) => [[code.name, code.code] as [string, number], ...code.aliases.map((alias) => [alias, code.code] as [string, number])]);
}

/**
 * The system build's own members, when its codes object is the public one plus these in the
 * order of their values (the runtime's `withCodes`); undefined when it must be written whole.
 */
function addedMembers(codes: readonly CodeModel[], publicCodes: readonly CodeModel[] | undefined): Array<[string, number]> | undefined {
  if (publicCodes === undefined) return undefined;
  const all = objectMembers(codes);
  const publicMembers = objectMembers(publicCodes);
  const publicNames = new Set(publicMembers.map(([name]) => name));
  const added = all.filter(([name]) => !publicNames.has(name));
  const merged = [...publicMembers, ...added].sort((a, b) => a[1] - b[1]);
  const same = merged.length === all.length && merged.every(([name, code], index) => all[index]![0] === name && all[index]![1] === code);
  return same ? added : undefined;
}

/** The JavaScript of a build in one module format; the same statements in both, only imports and exports differ. */
function javaScript({ info, model, runtime, tables, apis, publicCodes }: BuildCodeInput, format: ModuleFormat): string {
  const { enumName, objectName, guardName } = codeDeclarationNames(info.prefix);
  const locales = [...model.messages.keys()];
  const esm = format === 'esm';
  const added = addedMembers(model.codes, publicCodes);
  // A JSON module, loaded when the function holding this expression first runs.
  const json = (file: string) => (esm ? `import(${stringLiteral(file)}, { with: { type: "json" } })` : `{ default: require(${stringLiteral(file)}) }`);
  const runtimeNames = added === undefined ? 'codeModule' : 'codeModule, withCodes';
  const writer = codeWriter();
  if (esm) {
    writer.writeLine(`import { ${runtimeNames} } from ${stringLiteral(runtime)};`);
    if (added) writer.writeLine(`import { ${objectName} as publicCodes } from "../public/index.mjs";`);
    writer.writeLine(`export { normalizeLocale } from ${stringLiteral(runtime)};`);
  } else {
    writer.writeLine('"use strict";');
    writer.writeLine('Object.defineProperty(exports, "__esModule", { value: true });');
    writer.writeLine(`const { ${runtimeNames}, normalizeLocale } = require(${stringLiteral(runtime)});`);
    if (added) writer.writeLine(`const { ${objectName}: publicCodes } = require("../public/index.cjs");`);
  }
  const members = (list: ReadonlyArray<[string, number]>) => {
    writer.write('{').newLine();
    writer.indent(() => {
      for (const [name, code] of list) writer.writeLine(`${name}: ${code},`);
    });
    writer.write('}');
  };
  writer.write(`${esm ? 'export ' : ''}const ${objectName} = `);
  if (added) {
    writer.write('/*#__PURE__*/ withCodes(publicCodes, ');
    members(added);
    writer.write(');').newLine();
  } else {
    members(objectMembers(model.codes));
    writer.write(';').newLine();
  }
  const aliases = model.codes.flatMap((code) => code.aliases);
  const exported = [`enum: ${enumName}`, `isCode: ${guardName}`, 'LOCALES', 'DEFAULT_LOCALE', 'localeFallbackChain', 'isLocale', 'loadMessages', 'explain'];
  writer.write(`${esm ? `export const { ${exported.join(', ')} }` : 'const code'} = /*#__PURE__*/ codeModule(${stringLiteral(info.module)}, ${objectName}, [${aliases.map(stringLiteral).join(', ')}], {`).newLine();
  // Literal specifiers, so bundlers see every table; each is loaded on first use.
  writer.indent(() => {
    for (const locale of locales) {
      const parts = (tables.get(locale) ?? []).map(json);
      writer.writeLine(`${stringLiteral(locale)}: () => [${parts.join(', ')}],`);
    }
  });
  writer.writeLine(`}${apis === undefined ? '' : `, () => [${json(apis)}]`});`);
  if (!esm) {
    writer.writeLine(`exports.normalizeLocale = normalizeLocale;`);
    writer.writeLine(`exports.${objectName} = ${objectName};`);
    for (const name of exported) {
      const [key, local = key] = name.split(': ') as [string, string?];
      writer.writeLine(`exports.${local} = code.${key};`);
    }
  }
  return writer.toString();
}
