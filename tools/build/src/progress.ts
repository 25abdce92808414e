/** What a long step is doing, for a caller that shows progress. */
export interface ProgressEvent {
  /** `parse`: pages parsed (or taken from the cache) so far; `merge`, `generate`, `write`: the step started. */
  phase: 'parse' | 'merge' | 'generate' | 'write';
  /** Items done so far (pages for `parse`). */
  done?: number;
  /** Items in all (pages for `parse`, modules for `generate`, files for `write`). */
  total?: number;
}

/** Told each {@link ProgressEvent}; called synchronously, so it must be cheap. */
export type ProgressListener = (event: ProgressEvent) => void;
