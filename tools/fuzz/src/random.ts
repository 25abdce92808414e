/** A seeded source of random numbers (xoshiro128**, seeded through splitmix32): the same seed gives the same sequence everywhere. */
export class Random {
  #state: Uint32Array;

  /**
   * @param seed Any 32-bit integer.
   */
  constructor(seed: number) {
    let mix = seed >>> 0;
    const next = () => {
      mix = (mix + 0x9e3779b9) >>> 0;
      let z = mix;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#state = Uint32Array.from([next(), next(), next(), next()]);
  }

  /** The next 32 random bits. */
  uint32(): number {
    const s = this.#state;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** An integer in `[0, below)`. */
  below(below: number): number {
    return below <= 1 ? 0 : Math.floor((this.uint32() / 0x1_0000_0000) * below);
  }

  /** An integer in `[from, to]`. */
  between(from: number, to: number): number {
    return from + this.below(to - from + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.uint32() / 0x1_0000_0000 < p;
  }

  /** One item of a list. */
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}

function rotl(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}

/**
 * The seed of one case of a run, so any case can be run again on its own.
 * @param seed Seed of the run.
 * @param index Index of the case in the run.
 */
export function caseSeed(seed: number, index: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0;
}
