// Runs one commitFiles call, and just before its Nth change to the file system either SIGKILLs
// itself or (with `disk-full`) makes that change fail with ENOSPC.
// Usage: node commit-child.mjs <spec.json> <N, or 0 to run through> <swap|file-by-file> [kill|disk-full]
// Prints how many changes the commit made when it ran through; a failed commit's error goes to stderr, exit 1.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const [specFile, killAtArgument, mode, fault = 'kill'] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(specFile, 'utf8'));
const killAt = Number(killAtArgument);
let changes = 0;
const step = () => {
  changes += 1;
  if (changes !== killAt) return;
  if (fault === 'kill') process.kill(process.pid, 'SIGKILL');
  throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
};

const changing = ['writeFileSync', 'renameSync', 'linkSync', 'symlinkSync', 'mkdirSync', 'mkdtempSync', 'rmSync', 'rmdirSync', 'chmodSync', 'cpSync', 'copyFileSync'];
for (const name of changing) {
  const original = fs[name];
  fs[name] = (...args) => {
    step();
    return original(...args);
  };
}
// Named imports of node:fs in the modules loaded below now see the counting functions.
syncBuiltinESMExports();

const { commitFiles, planFiles } = await import(new URL('../dist/write.js', import.meta.url).href);
const { pathExchange } = await import(new URL('../dist/exchange.js', import.meta.url).href);
const exchange = pathExchange();
const countedExchange = (first, second) => {
  step();
  exchange(first, second);
};
try {
  commitFiles(planFiles(spec.files, spec.base), spec.remove, { swapRoots: [spec.root], exchange: mode === 'swap' ? countedExchange : null });
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
process.stdout.write(String(changes));
