// The TypeScript compiler, loaded on first use: reading the SDK from the cache, or in worker
// threads, never loads it in the main thread. Loaded with require, because importing it as an
// ES module costs over a second of export detection.
import { createRequire } from 'node:module';
import type * as TS from 'typescript';

let loaded: typeof TS | undefined;

/** The `typescript` module. */
export function typescript(): typeof TS {
  return (loaded ??= createRequire(import.meta.url)('typescript') as typeof TS);
}
