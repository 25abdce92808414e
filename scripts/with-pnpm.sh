#!/bin/sh
# Runs a command with a pinned pnpm on PATH, installing that pnpm into .tools/ on first use.
# corepack cannot verify pnpm here, so we fetch it from the npm registry with npm itself.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(node -e 'console.log(require(process.argv[1]).packageManager.split("@")[1])' "$root/package.json")
tooldir="$root/.tools/pnpm-$version"
if [ ! -x "$tooldir/node_modules/.bin/pnpm" ]; then
  echo "errcat: installing pnpm $version into .tools/ ..." >&2
  mkdir -p "$tooldir"
  npm install --prefix "$tooldir" --no-save --no-audit --no-fund --loglevel=error "pnpm@$version" >&2
fi
# A stable name for it, so a shell can put pnpm on PATH: export PATH="$PWD/.tools/bin:$PATH".
if [ "$(readlink "$root/.tools/bin" 2>/dev/null)" != "pnpm-$version/node_modules/.bin" ]; then
  ln -sfn "pnpm-$version/node_modules/.bin" "$root/.tools/bin"
fi
PATH="$tooldir/node_modules/.bin:$PATH"
TURBO_TELEMETRY_DISABLED=1
DO_NOT_TRACK=1
export PATH TURBO_TELEMETRY_DISABLED DO_NOT_TRACK
exec "$@"
