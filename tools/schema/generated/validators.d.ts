// Types of validators.js (precompiled by src/precompile.ts).
import type { ValidateFunction } from 'ajv';

/** Validates an `ErrorDocument` against document.schema.json. */
export declare const document: ValidateFunction;
/** Validates a `Catalogue` against catalogue.schema.json. */
export declare const catalogue: ValidateFunction;
/** Validates a catalogue.json as written (`StoredCatalogue`, version 3) against catalogue-file.schema.json. */
export declare const catalogueFile: ValidateFunction;
