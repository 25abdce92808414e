import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { catalogueSchema, commonSchema, documentSchema } from '../src/index.js';

// Proves that the JSON Schemas describe exactly the interfaces of src/types.ts: the same properties,
// the same required ones, the same kinds of value, and no schema object left open to unknown keys.

type SchemaNode = Record<string, unknown>;

const typesFile = fileURLToPath(new URL('../src/types.ts', import.meta.url));
const program = ts.createProgram([typesFile], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022 });
const checker = program.getTypeChecker();
const sourceFile = program.getSourceFile(typesFile)!;

const interfaces = new Map<string, ts.InterfaceDeclaration>();
ts.forEachChild(sourceFile, (node) => {
  if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
});

const schemasByFile: Record<string, SchemaNode> = {
  'common.schema.json': commonSchema,
  'document.schema.json': documentSchema,
  'catalogue.schema.json': catalogueSchema,
};
const roots: Record<string, SchemaNode> = { ErrorDocument: documentSchema, Catalogue: catalogueSchema };

interface Located {
  node: SchemaNode;
  file: string;
  /** Name of the `$defs` entry (or root interface) the node is. */
  name?: string;
}

function resolveRef(ref: string, fromFile: string): Located {
  const [filePart, fragment = ''] = ref.split('#');
  const file = filePart ? filePart : fromFile;
  const root = schemasByFile[file];
  if (!root) throw new Error(`unresolvable $ref ${ref} in ${fromFile}`);
  if (fragment === '') return { node: root, file };
  const match = /^\/\$defs\/([^/]+)$/.exec(fragment);
  if (!match) throw new Error(`unsupported $ref fragment ${ref}`);
  const node = (root.$defs as Record<string, SchemaNode> | undefined)?.[match[1]!];
  if (!node) throw new Error(`$ref ${ref} in ${fromFile} points at nothing`);
  return { node, file, name: match[1] };
}

function findDefinition(name: string): Located | undefined {
  if (roots[name]) return { node: roots[name], file: Object.keys(schemasByFile).find((file) => schemasByFile[file] === roots[name])!, name };
  for (const [file, root] of Object.entries(schemasByFile)) {
    const node = (root.$defs as Record<string, SchemaNode> | undefined)?.[name];
    if (node) return { node, file, name };
  }
  return undefined;
}

/** Properties and required names of an object schema, following `$ref` the way 2020-12 merges them. */
function objectShape(located: Located): { properties: Map<string, Located>; required: Set<string> } {
  const properties = new Map<string, Located>();
  const required = new Set<string>();
  if (typeof located.node.$ref === 'string') {
    const base = objectShape(resolveRef(located.node.$ref, located.file));
    for (const [key, value] of base.properties) properties.set(key, value);
    for (const key of base.required) required.add(key);
  }
  for (const [key, value] of Object.entries((located.node.properties as Record<string, SchemaNode> | undefined) ?? {})) {
    properties.set(key, { node: value, file: located.file });
  }
  for (const key of (located.node.required as string[] | undefined) ?? []) required.add(key);
  return { properties, required };
}

/** A comparable description of what a schema accepts. */
function describeSchema(located: Located): string {
  const { node, file } = located;
  if (typeof node.$ref === 'string' && Object.keys(node).every((key) => key === '$ref' || key === 'description')) {
    const target = resolveRef(node.$ref, file);
    return target.name && interfaces.has(target.name) ? `interface ${target.name}` : describeSchema(target);
  }
  if ('const' in node) return `literal ${JSON.stringify([node.const])}`;
  if (Array.isArray(node.enum)) return `literal ${JSON.stringify([...node.enum].sort())}`;
  switch (node.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return `array of ${describeSchema({ node: node.items as SchemaNode, file })}`;
    case 'object': {
      if (node.additionalProperties && typeof node.additionalProperties === 'object') {
        return `record of ${describeSchema({ node: node.additionalProperties as SchemaNode, file })}`;
      }
      const shape = objectShape(located);
      const members = [...shape.properties]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => `${key}${shape.required.has(key) ? '' : '?'}: ${describeSchema(value)}`);
      return `{ ${members.join('; ')} }`;
    }
    default:
      throw new Error(`cannot describe schema node ${JSON.stringify(node)}`);
  }
}

/** The same description for a TypeScript type. */
function describeType(type: ts.Type): string {
  if (type.flags & ts.TypeFlags.String) return 'string';
  if (type.flags & ts.TypeFlags.Number) return 'number';
  if (type.flags & ts.TypeFlags.Boolean) return 'boolean';
  if (type.isUnion() && type.types.every((member) => member.isLiteral())) {
    return `literal ${JSON.stringify(type.types.map((member) => (member as ts.LiteralType).value).sort())}`;
  }
  if (type.isLiteral()) return `literal ${JSON.stringify([type.value])}`;
  if (checker.isArrayType(type)) return `array of ${describeType(checker.getTypeArguments(type as ts.TypeReference)[0]!)}`;
  const symbol = type.aliasSymbol ?? type.getSymbol();
  if (symbol && interfaces.has(symbol.name)) return `interface ${symbol.name}`;
  const indexType = checker.getIndexTypeOfType(type, ts.IndexKind.String);
  if (indexType) return `record of ${describeType(indexType)}`;
  const members = checker
    .getPropertiesOfType(type)
    .map((property) => property)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((property) => `${property.name}${property.flags & ts.SymbolFlags.Optional ? '?' : ''}: ${describeProperty(property)}`);
  return `{ ${members.join('; ')} }`;
}

function describeProperty(property: ts.Symbol): string {
  return describeType(checker.getNonNullableType(checker.getTypeOfSymbol(property)));
}

/** Every object schema reachable from a node, to check that none accepts unknown properties. */
function openObjects(located: Located, path: string, found: string[], visited = new Set<SchemaNode>()): string[] {
  const { node, file } = located;
  if (visited.has(node)) return found;
  visited.add(node);
  const isAbstract = located.name === 'EntryTexts' || located.name === 'CatalogueTexts';
  if (node.type === 'object' && !isAbstract && node.additionalProperties === undefined && node.unevaluatedProperties !== false) {
    found.push(path);
  }
  for (const [key, value] of Object.entries((node.properties as Record<string, SchemaNode> | undefined) ?? {})) {
    openObjects({ node: value, file }, `${path}/properties/${key}`, found, visited);
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    if (node[key] && typeof node[key] === 'object') openObjects({ node: node[key] as SchemaNode, file }, `${path}/${key}`, found, visited);
  }
  if (typeof node.$ref === 'string') {
    const target = resolveRef(node.$ref, file);
    openObjects(target, `${target.file}#/$defs/${target.name ?? ''}`, found, visited);
  }
  return found;
}

describe('JSON Schemas and src/types.ts', () => {
  it('finds the interfaces to compare', () => {
    expect([...interfaces.keys()]).toEqual(
      expect.arrayContaining(['ErrorDocument', 'ErrorEntry', 'Catalogue', 'CatalogueEntry', 'CatalogueModule', 'LocalizedEntry']),
    );
    expect(interfaces.size).toBeGreaterThanOrEqual(14);
  });

  for (const name of interfaces.keys()) {
    it(`${name}: same properties, same required ones, same kinds of value`, () => {
      const definition = findDefinition(name);
      expect(definition, `no schema definition named ${name}`).toBeDefined();
      const declared = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(interfaces.get(name)!.name)!));
      const shape = objectShape(definition!);

      expect([...shape.properties.keys()].sort()).toEqual(declared.map((property) => property.name).sort());
      expect([...shape.required].sort()).toEqual(
        declared.filter((property) => !(property.flags & ts.SymbolFlags.Optional)).map((property) => property.name).sort(),
      );
      for (const property of declared) {
        expect(describeSchema(shape.properties.get(property.name)!), `${name}.${property.name}`).toBe(describeProperty(property));
      }
    });
  }

  it('leaves no object schema open to unknown properties', () => {
    const open: string[] = [];
    for (const [file, root] of Object.entries(schemasByFile)) {
      openObjects({ node: root, file }, `${file}#`, open);
      for (const [name, node] of Object.entries((root.$defs as Record<string, SchemaNode> | undefined) ?? {})) {
        openObjects({ node, file, name }, `${file}#/$defs/${name}`, open);
      }
    }
    expect(open).toEqual([]);
  });

  it('gives every schema a 2020-12 dialect and an $id', () => {
    for (const root of Object.values(schemasByFile)) {
      expect(root.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(root.$id).toMatch(/^https:\/\/errcat\.dev\/schemas\/v1\/[a-z]+\.schema\.json$/);
    }
  });
});
