import type { ErrorObject, ValidateFunction } from 'ajv';
// Compiled from the schemas ahead of time (src/precompile.ts), so no schema is compiled at run time.
import * as validators from '../generated/validators.js';

/** One way a value breaks a schema. */
export interface SchemaIssue {
  /** JSON pointer (RFC 6901) to the offending value or missing property; `` for the whole value. */
  pointer: string;
  /** What is wrong, e.g. `must be integer` or `unknown property "foo"`. */
  message: string;
  /** The JSON Schema keyword that failed (`required`, `type`, `unevaluatedProperties`, …). */
  keyword: string;
}

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function toIssue(error: ErrorObject): SchemaIssue {
  const params = error.params as Record<string, unknown>;
  const child = (name: unknown) => `${error.instancePath}/${escapePointerToken(String(name))}`;
  switch (error.keyword) {
    case 'required':
      return { pointer: child(params.missingProperty), message: `missing required property "${String(params.missingProperty)}"`, keyword: error.keyword };
    case 'additionalProperties':
      return { pointer: child(params.additionalProperty), message: `unknown property "${String(params.additionalProperty)}"`, keyword: error.keyword };
    case 'unevaluatedProperties':
      return { pointer: child(params.unevaluatedProperty), message: `unknown property "${String(params.unevaluatedProperty)}"`, keyword: error.keyword };
    case 'propertyNames':
      return { pointer: child(params.propertyName), message: `invalid property name "${String(params.propertyName)}"`, keyword: error.keyword };
    case 'enum':
      return {
        pointer: error.instancePath,
        message: `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`,
        keyword: error.keyword,
      };
    case 'const':
      return { pointer: error.instancePath, message: `must be ${JSON.stringify(params.allowedValue)}`, keyword: error.keyword };
    default:
      return { pointer: error.instancePath, message: error.message ?? `fails "${error.keyword}"`, keyword: error.keyword };
  }
}

function issuesOf(validate: ValidateFunction, value: unknown): SchemaIssue[] {
  if (validate(value)) return [];
  const issues = (validate.errors ?? [])
    // A failed `propertyNames` also reports the nested `pattern` failure at the same place; keep one.
    .filter((error) => !(error.keyword === 'pattern' && error.propertyName !== undefined))
    // A failed `if`/`then` reports the `then` failures themselves too; those say what is wrong.
    .filter((error) => error.keyword !== 'if')
    .map(toIssue);
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Check a value against the document schema.
 * @param value Anything, typically parsed JSON.
 * @returns Every issue found, empty when the value is a valid `ErrorDocument`.
 */
export function validateDocument(value: unknown): SchemaIssue[] {
  return issuesOf(validators.document, value);
}

/**
 * Check a value against the catalogue schema.
 * @param value Anything, typically parsed JSON.
 * @returns Every issue found, empty when the value is a valid `Catalogue`.
 */
export function validateCatalogue(value: unknown): SchemaIssue[] {
  return issuesOf(validators.catalogue, value);
}

/**
 * Check a value against the schema of catalogue.json as written (version 3).
 * @param value Anything, typically the parsed JSON of a catalogue.json.
 * @returns Every issue found, empty when the value is a valid `StoredCatalogue`.
 */
export function validateCatalogueFile(value: unknown): SchemaIssue[] {
  return issuesOf(validators.catalogueFile, value);
}
