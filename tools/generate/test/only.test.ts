import { describe, expect, it } from 'vitest';
import { generatePackages } from '../src/index.js';
import { buildCatalogue } from './catalogue.js';

describe('generatePackages with only some modules', () => {
  const catalogue = buildCatalogue([
    { name: 'alpha', kit: 'Alpha Kit', codes: [{ code: 100, texts: { en: { title: 'First Failure' } } }] },
    { name: 'beta', kit: 'Beta Kit', codes: [{ code: 200, texts: { en: { title: 'Second Failure' } } }] },
  ]);
  const whole = generatePackages(catalogue);

  it('makes those modules’ packages as a whole run does, and the runtime and catalogue packages over every module', () => {
    const part = generatePackages(catalogue, { only: new Set(['beta']), nameMap: whole.nameMap });
    const folders = new Set(part.files.map((file) => file.path.split('/')[0]));
    expect([...folders].sort()).toEqual(['beta', 'error-catalogue', 'runtime']);
    const byPath = new Map(whole.files.map((file) => [file.path, file.content]));
    for (const file of part.files) expect(file.content, file.path).toBe(byPath.get(file.path));
    expect(part.files.filter((file) => file.path.startsWith('error-catalogue/')).length).toBe(whole.files.filter((file) => file.path.startsWith('error-catalogue/')).length);
    // The others keep the names they were given.
    expect(part.nameMap).toEqual(whole.nameMap);
  });
});
