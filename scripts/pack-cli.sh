#!/bin/sh
# Packs the errcat CLI (@errcat/cli, bin `errcat`) and every tools/ package it needs into DIR as
# npm tarballs, the same files `pnpm publish` would upload (workspace:* rewritten to versions).
# Another repository installs them with `npm install --save-dev DIR/*.tgz`.
#
#   sh scripts/pack-cli.sh DIR
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -ne 1 ]; then echo "usage: sh scripts/pack-cli.sh DIR" >&2; exit 2; fi
mkdir -p "$1"
dest=$(cd "$1" && pwd)
cd "$root"
sh scripts/with-pnpm.sh pnpm exec tsc -b tools >&2
# @errcat/cli and, transitively, the workspace packages among its dependencies.
folders=$(node -e '
  const { readFileSync, readdirSync } = require("node:fs");
  const manifests = new Map(readdirSync("tools").flatMap((dir) => {
    try { const m = JSON.parse(readFileSync(`tools/${dir}/package.json`, "utf8")); return [[m.name, { dir: `tools/${dir}`, m }]]; } catch { return []; }
  }));
  const wanted = new Set();
  const visit = (name) => {
    const found = manifests.get(name);
    if (!found || wanted.has(found.dir)) return;
    if (found.m.private) throw new Error(`${name} is private but @errcat/cli needs it`);
    wanted.add(found.dir);
    for (const dependency of Object.keys(found.m.dependencies ?? {})) visit(dependency);
  };
  visit("@errcat/cli");
  console.log([...wanted].sort().join("\n"));
')
for folder in $folders; do
  (cd "$folder" && sh "$root/scripts/with-pnpm.sh" pnpm pack --pack-destination "$dest" >/dev/null)
done
ls "$dest"/*.tgz
