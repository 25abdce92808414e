import type { ProgressEvent } from '@errcat/build';
import type { ProgressState } from './terminal.js';

/**
 * The progress line's text for a step of a build or check: `parsing pages 12/77`,
 * `generating 31 modules`, `writing 392 files`.
 * @param event What the step reported.
 */
export function progressLabel(event: ProgressEvent): ProgressState {
  const total = event.total;
  switch (event.phase) {
    case 'parse':
      return { label: 'parsing pages', ...(event.done !== undefined && { done: event.done }), ...(total !== undefined && { total }) };
    case 'merge':
      return { label: 'merging pages' };
    case 'generate':
      return { label: total === undefined ? 'generating packages' : `generating ${total} module${total === 1 ? '' : 's'}` };
    case 'write':
      return { label: total === undefined ? 'writing files' : `writing ${total} file${total === 1 ? '' : 's'}` };
  }
}
