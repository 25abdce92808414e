import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('property tests', () => {
  it('draw from a fixed seed unless ERRCAT_PROPERTY_SEED says otherwise', () => {
    const asked = process.env['ERRCAT_PROPERTY_SEED'];
    if (asked === 'random') expect(fc.readConfigureGlobal().seed).toBeUndefined();
    else expect(fc.readConfigureGlobal().seed).toBe(asked === undefined ? 20261201 : Number(asked));
  });

  it('see the same cases on every run of a property', () => {
    if (process.env['ERRCAT_PROPERTY_SEED'] === 'random') return;
    const drawn = () => {
      const seen: number[] = [];
      fc.assert(fc.property(fc.integer(), (value) => void seen.push(value)), { numRuns: 20 });
      return seen;
    };
    expect(drawn()).toEqual(drawn());
    expect(new Set(drawn()).size).toBeGreaterThan(10);
  });
});
