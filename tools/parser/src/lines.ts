import type { SourcePosition } from '@errcat/schema';

/** Turns offsets into 1-based line and column positions. */
export class LineIndex {
  readonly #starts: number[] = [0];

  /**
   * @param source Text to index.
   * @param file File name to put in positions.
   */
  constructor(
    source: string,
    readonly file: string,
  ) {
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) this.#starts.push(i + 1);
  }

  /**
   * Position of an offset.
   * @param offset Offset into the source.
   */
  position(offset: number): SourcePosition {
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.#starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { file: this.file, line: low + 1, column: offset - this.#starts[low]! + 1 };
  }

  /**
   * Offset of a 1-based line and column.
   * @param line Line number.
   * @param column Column number.
   */
  offset(line: number, column: number): number {
    const start = this.#starts[Math.min(Math.max(line, 1), this.#starts.length) - 1]!;
    return start + column - 1;
  }

  /** Number of lines. */
  get lineCount(): number {
    return this.#starts.length;
  }
}
