import { describe, expect, it } from 'vitest';
import type { GenerateCache, GeneratedFile } from '../src/index.js';
import { generatePackages } from '../src/index.js';
import { buildCatalogue, type ModuleSpec } from './catalogue.js';

function modules(firstTitle: string): ModuleSpec[] {
  return [
    { name: 'alpha', codes: [{ code: 100, texts: { en: { title: firstTitle, message: 'Alpha failed.' } } }] },
    { name: 'beta', codes: [{ code: 200, texts: { en: { title: 'Beta Failure', message: 'Beta failed.' } } }] },
  ];
}

/** A cache in memory that counts what is stored. */
function countingCache(): GenerateCache & { stored: number } {
  const entries = new Map<string, GeneratedFile[]>();
  return {
    stored: 0,
    get: (key) => entries.get(key),
    set(key, files) {
      this.stored++;
      entries.set(key, files);
    },
  };
}

describe('the generate cache', () => {
  it('gives the same files as a run without it, and prints only modules whose input changed', () => {
    const cache = countingCache();
    const plain = generatePackages(buildCatalogue(modules('Alpha Failure')));
    const first = generatePackages(buildCatalogue(modules('Alpha Failure')), { cache });
    expect(first.files).toEqual(plain.files);
    // Two modules and the catalogue package's code, one entry each.
    expect(cache.stored).toBe(3);

    const second = generatePackages(buildCatalogue(modules('Alpha Failure')), { cache });
    expect(second.files).toEqual(plain.files);
    expect(cache.stored).toBe(3);

    // A reworded title changes its module's package, not the catalogue package's code.
    const edited = generatePackages(buildCatalogue(modules('Alpha Failure Reworded')), { cache });
    expect(cache.stored).toBe(4);
    expect(edited.files).toEqual(generatePackages(buildCatalogue(modules('Alpha Failure Reworded'))).files);
    expect(edited.files.filter((file) => file.path.startsWith('beta/'))).toEqual(plain.files.filter((file) => file.path.startsWith('beta/')));

    // A module more: the catalogue package's code is made again.
    const more = [...modules('Alpha Failure'), { name: 'gamma', codes: [{ code: 300, texts: { en: { title: 'Gamma Failure', message: 'Gamma failed.' } } }] }];
    const grown = generatePackages(buildCatalogue(more), { cache });
    expect(cache.stored).toBe(6);
    expect(grown.files).toEqual(generatePackages(buildCatalogue(more)).files);
    expect(grown.files.find((file) => file.path === 'error-catalogue/lib/public/index.mjs')!.content).toContain('gamma');
  });
});
