// Worker thread: parses the batches of pages the main thread sends, writes each result to the
// cache when asked, and answers each batch with one JSON text.
import { parentPort } from 'node:worker_threads';
import { parse } from '@errcat/parser';
import { writeCacheText } from './cache-files.js';
import type { ParseBatch, ParseBatchResult } from './parse-pool.js';

parentPort?.on('message', (batch: ParseBatch) => {
  const texts: string[] = [];
  for (const page of batch.pages) {
    try {
      const text = JSON.stringify(parse(page.source, page.options));
      if (page.cacheFile) writeCacheText(page.cacheFile, text);
      texts.push(text);
    } catch (error) {
      const answer: ParseBatchResult = { id: batch.id, error: error instanceof Error ? error.message : String(error), path: page.options.path ?? '' };
      parentPort!.postMessage(answer);
      return;
    }
  }
  const answer: ParseBatchResult = { id: batch.id, json: `[${texts.join(',')}]` };
  parentPort!.postMessage(answer);
});
