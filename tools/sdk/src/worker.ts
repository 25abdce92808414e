// Worker thread: reads and indexes the declaration files the main thread names, one message per file.
import { parentPort } from 'node:worker_threads';
import { indexPath } from './index-bytes.js';
import { packFileIndex } from './pack.js';

interface Job {
  id: number;
  path: string;
  file: string;
  hash: boolean;
  knownHash?: string;
}

parentPort?.on('message', (job: Job) => {
  const { index, hash } = indexPath(job.path, job.file, job.hash, job.knownHash);
  // Packed, as JSON text: cheaper to pass between threads than the structured clone of many
  // small objects, and the cache keeps that same text.
  parentPort!.postMessage({ id: job.id, ...(index && { packed: JSON.stringify(packFileIndex(index)) }), ...(hash !== undefined && { hash }) });
});
