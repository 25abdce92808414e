import { describe, expect, it } from 'vitest';
import type { GenerateCache, GeneratedFile } from '../src/index.js';
import { generatePackages, moduleJobKey, printModule, startGeneration } from '../src/index.js';
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

describe('a generation in two steps', () => {
  const catalogue = () => buildCatalogue(modules('Alpha Failure'));

  it('gives what generatePackages gives, with its jobs printed after crossing to another thread', () => {
    const generation = startGeneration(catalogue());
    expect(generation.jobs.map((job) => job.plan.info.module)).toEqual(['alpha', 'beta']);
    // structuredClone is what postMessage does to a job on its way to a worker.
    const result = generation.finish(generation.jobs.map((job) => printModule(structuredClone(job))));
    expect(result).toEqual(generatePackages(catalogue()));
    expect(() => startGeneration(catalogue()).finish([])).toThrow('2 modules to print, 0 printed');
  });

  it('looks nothing up in an empty cache, stores each module under its key, and leaves storing to a printer that did it', () => {
    const looked: string[] = [];
    const stored: string[] = [];
    const cache: GenerateCache = { empty: true, get: (key) => (looked.push(key), undefined), set: (key) => stored.push(key) };
    const generation = startGeneration(catalogue(), { cache });
    expect(generation.jobs.every((job) => job.key === undefined)).toBe(true);
    generation.finish(generation.jobs.map(printModule));
    // The catalogue package's code is looked up and stored by its own key, modules by theirs.
    expect(looked).toHaveLength(1);
    expect(stored).toEqual([...generation.jobs.map(moduleJobKey), looked[0]]);

    stored.length = 0;
    const printedElsewhere = startGeneration(catalogue(), { cache });
    printedElsewhere.finish(printedElsewhere.jobs.map(printModule), { stored: true });
    expect(stored).toHaveLength(1);
  });

  it('keys a module by what its files are made of: the same plan the same key, a changed text another', () => {
    const [alpha] = startGeneration(catalogue()).jobs;
    const [again] = startGeneration(catalogue()).jobs;
    const [reworded] = startGeneration(buildCatalogue(modules('Alpha Failure Reworded'))).jobs;
    expect(moduleJobKey(structuredClone(alpha!))).toBe(moduleJobKey(again!));
    expect(moduleJobKey(reworded!)).not.toBe(moduleJobKey(alpha!));
  });
});
