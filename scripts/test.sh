#!/bin/sh
# Second command of the README (and what CI runs): install, type-check, test.
set -eu
pnpm install --frozen-lockfile
pnpm typecheck
status=0
pnpm vitest --reporter=default --reporter=json --outputFile.json=.vitest-results.json || status=$?
# One plain closing line with the counts, whatever the reporter printed above it.
node -e '
const r = JSON.parse(require("fs").readFileSync(".vitest-results.json", "utf8"));
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
'
exit $status
