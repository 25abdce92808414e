// Child process: errcat's own parse of every file (read, parse, no cache), on one thread or
// with its worker pool started first, as a build does.
// Usage: node errcat-parse.js <files.json> <docs folder> <threads>
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parsePages, startParsePool } from '@errcat/build';

const files = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[];
const docs = process.argv[3]!;
const threads = Number(process.argv[4] ?? '1');
const started = process.hrtime.bigint();
const pool = threads > 1 ? startParsePool(threads) : undefined;
const pages = files.map((file) => ({ source: readFileSync(file, 'utf8'), options: { path: relative(docs, file) } }));
const { results, stats } = await parsePages(pages, { maxWorkers: threads, parallelThreshold: 0, ...(pool && { pool }) });
await pool?.close();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ seconds, codes: results.reduce((sum, result) => sum + result.document.errors.length, 0), workers: stats.workers })}\n`);
