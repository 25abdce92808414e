#!/bin/sh
# Second command of the README (and what CI runs): install, type-check, test, and verify generated output is fresh.
set -eu
pnpm install --frozen-lockfile
pnpm typecheck
pnpm vitest
