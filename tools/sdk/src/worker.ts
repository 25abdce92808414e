// Worker thread: reads and indexes declaration files from the list the main thread gives, taking
// the next one from the counter the threads share; one message per file, then an empty one.
import { parentPort } from 'node:worker_threads';
import { indexPath } from './index-bytes.js';
import { packFileIndex } from './pack.js';

interface Job {
  path: string;
  file: string;
  hash: boolean;
  knownHash?: string;
}

parentPort?.once('message', ({ jobs, next }: { jobs: Job[]; next: Int32Array }) => {
  for (let position = Atomics.add(next, 0, 1); position < jobs.length; position = Atomics.add(next, 0, 1)) {
    const job = jobs[position]!;
    const { index, hash } = indexPath(job.path, job.file, job.hash, job.knownHash);
    // Packed, as JSON text: cheaper to pass between threads than the structured clone of many
    // small objects, and the cache keeps that same text.
    parentPort!.postMessage({ position, ...(index && { packed: JSON.stringify(packFileIndex(index)) }), ...(hash !== undefined && { hash }) });
  }
  parentPort!.postMessage({});
});
