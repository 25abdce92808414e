import { readFileSync } from 'node:fs';
import type { AnySchemaObject } from 'ajv';

function readSchema(name: string): AnySchemaObject {
  // `schemas/` sits beside both `src/` and `dist/`, so the same relative URL works from either.
  return JSON.parse(readFileSync(new URL(`../schemas/${name}`, import.meta.url), 'utf8')) as AnySchemaObject;
}

/** Shared definitions (positions, sections, texts, metadata, diagnostics), as JSON Schema 2020-12. */
export const commonSchema: AnySchemaObject = readSchema('common.schema.json');
/** JSON Schema 2020-12 of an `ErrorDocument`. */
export const documentSchema: AnySchemaObject = readSchema('document.schema.json');
/** JSON Schema 2020-12 of a `Catalogue`. */
export const catalogueSchema: AnySchemaObject = readSchema('catalogue.schema.json');
/** JSON Schema 2020-12 of catalogue.json as written (`StoredCatalogue`, version 3). */
export const catalogueFileSchema: AnySchemaObject = readSchema('catalogue-file.schema.json');
