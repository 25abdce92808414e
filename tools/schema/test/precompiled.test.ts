import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { precompiledValidatorsSource, validatorsFile } from '../src/precompile.js';

describe('the precompiled validators', () => {
  it('are what ajv compiles from the schemas now (run `pnpm --filter @errcat/schema precompile` after changing a schema)', () => {
    const committed = readFileSync(validatorsFile, 'utf8');
    const fresh = precompiledValidatorsSource();
    // Compared by length first, so a stale file fails with a short message rather than a 140 kB diff.
    expect(committed.length, 'generated/validators.js is stale').toBe(fresh.length);
    expect(committed === fresh, 'generated/validators.js is stale').toBe(true);
  });
});
