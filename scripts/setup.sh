#!/bin/sh
# First command of the README: install everything, then build the catalogue and packages from docs-source/.
set -eu
pnpm install --frozen-lockfile
pnpm errcat build
