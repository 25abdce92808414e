// Worker thread: indexes the declaration files the main thread sends, one message per file.
import { parentPort } from 'node:worker_threads';
import { indexBytes } from './index-bytes.js';

interface Job {
  id: number;
  file: string;
  bytes: Uint8Array;
}

parentPort?.on('message', (job: Job) => {
  parentPort!.postMessage({ id: job.id, index: indexBytes(job.bytes, job.file) });
});
