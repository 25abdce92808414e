// Worker thread: parses the pages the main thread sends, one message per page.
import { parentPort } from 'node:worker_threads';
import { parse, type ParseOptions } from '@errcat/parser';

interface Job {
  id: number;
  source: string;
  options: ParseOptions;
}

parentPort?.on('message', (job: Job) => {
  try {
    parentPort!.postMessage({ id: job.id, result: parse(job.source, job.options) });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});
