import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSdk, sdkBuildInputs } from '../src/index.js';

const sdkDir = fileURLToPath(new URL('./fixtures/build/sdk/', import.meta.url));

describe('sdkBuildInputs', () => {
  it('names codes after the enum members of the dynamic edition, and lists the APIs that throw each', async () => {
    const { index } = await readSdk(sdkDir, { jobs: 1 });
    const inputs = sdkBuildInputs(index);
    // SUCCESS names no error; the static copy's KETTLE_IS_EMPTY gives way to the original's name.
    expect(inputs.nameHints).toEqual({ '7708001': 'ERR_CODE_KETTLE_EMPTY', '7708002': 'ERR_CODE_POT_CRACKED' });
    expect(inputs.thrownBy).toEqual({
      // pour has a public and a system overload: public. 401 is universal: no list.
      '7708001': [{ name: 'teapot.brew' }, { name: 'teapot.pour' }],
      '7708002': [{ name: 'teapot.inspect', systemApi: true }],
    });
    expect(inputs.digest).toMatch(/^[0-9a-f]{16}$/);
    expect(sdkBuildInputs(index).digest).toBe(inputs.digest);
  });
});
