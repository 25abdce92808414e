// Child process: bare remark-parse of every file, single thread: the floor errcat is measured against.
import { readFileSync } from 'node:fs';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const files = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[];
const processor = unified().use(remarkParse);
const started = process.hrtime.bigint();
let nodes = 0;
for (const file of files) nodes += processor.parse(readFileSync(file, 'utf8')).children.length;
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ seconds, nodes, maxRssKb: process.resourceUsage().maxRSS })}\n`);
