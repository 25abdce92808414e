// Child process: bare remark-parse of every file, the floor errcat is measured against; on one
// thread, or split across worker threads started at once (the best a pool could do).
// Usage: node floor.js <files.json> [threads]
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

function parseAll(files: readonly string[]): number {
  const processor = unified().use(remarkParse);
  let nodes = 0;
  for (const file of files) nodes += processor.parse(readFileSync(file, 'utf8')).children.length;
  return nodes;
}

if (!isMainThread) {
  parentPort!.postMessage(parseAll(workerData as string[]));
} else {
  const files = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[];
  const threads = Number(process.argv[3] ?? '1');
  const started = process.hrtime.bigint();
  let nodes = 0;
  if (threads <= 1) nodes = parseAll(files);
  else {
    // Dealt out in turn, in the order given: sorting by size makes V8 tenure the parser's
    // allocation sites and slows every thread, which would make this reference weaker than bare
    // remark is. The workers keep V8's default heap settings, as a bare run would.
    const shares: string[][] = Array.from({ length: threads }, () => []);
    files.forEach((file, index) => shares[index % threads]!.push(file));
    const counts = await Promise.all(
      shares.map(
        (share) =>
          new Promise<number>((resolve, reject) => {
            const worker = new Worker(new URL(import.meta.url), { workerData: share });
            worker.once('message', (count: number) => resolve(count));
            worker.once('error', reject);
          }),
      ),
    );
    nodes = counts.reduce((sum, count) => sum + count, 0);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${JSON.stringify({ seconds, nodes })}\n`);
  process.exit(0);
}
