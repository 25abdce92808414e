#!/bin/sh
# Pull-request check of a docs folder, the same on a laptop, in this repository's workflow and in
# the GitHub Action (action.yml) that docs repositories use: check the pages, compare the docs
# folder with the base of the change, publish the Markdown report, and fail on a page error or on a
# breaking change that no changeset declares as a major bump.
#
#   sh path/to/errcat/scripts/pr-check.sh [--docs DIR] [--base REF] [--changesets DIR] [--fail-on LEVEL]
#
#   --docs DIR        the docs folder (default docs-source), from the folder you run this in
#   --base REF        what the change is compared with (default origin/main); the comparison is
#                     with the fork point of HEAD and REF when git can find it, else with REF
#   --changesets DIR  changesets that declare bumps (default .changeset at the root of the docs
#                     folder's repository)
#   --fail-on LEVEL   breaking (default), non-breaking, info or none
#
# errcat runs from the checkout holding this script (installed and compiled first). The reports
# (report.md, report.json) go to $ERRCAT_REPORT_DIR, or a new temporary folder whose path is
# printed. In GitHub Actions the Markdown is appended to $GITHUB_STEP_SUMMARY and findings become
# annotations on the changed pages. Exit 0 passed, 1 failed, 2 bad input.
set -eu
errcat_root=$(cd "$(dirname "$0")/.." && pwd)
docs=docs-source
base=origin/main
changesets=
fail_on=breaking
while [ $# -gt 0 ]; do
  case $1 in
    --docs | --base | --changesets | --fail-on)
      if [ $# -lt 2 ]; then echo "pr-check: $1 needs a value" >&2; exit 2; fi
      case $1 in
        --docs) docs=$2 ;;
        --base) base=$2 ;;
        --changesets) changesets=$2 ;;
        --fail-on) fail_on=$2 ;;
      esac
      shift 2 ;;
    -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pr-check: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
errcat() { node "$errcat_root/tools/cli/bin/errcat.js" "$@"; }

if [ ! -d "$docs" ]; then
  echo "pr-check: $docs: docs folder does not exist" >&2
  exit 2
fi
if ! repo=$(git -C "$docs" rev-parse --show-toplevel 2>/dev/null); then
  echo "pr-check: $docs: not in a git repository" >&2
  exit 2
fi
if ! git -C "$docs" rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
  echo "pr-check: base '$base' is not a commit in $repo (fetch it, e.g. git fetch origin main, or check out with fetch-depth: 0)" >&2
  exit 2
fi
# The change alone: on a branch, the fork point; for a pull request's merge commit, the base itself.
fork=$(git -C "$docs" merge-base "$base" HEAD 2>/dev/null || git -C "$docs" rev-parse "$base^{commit}")
# Named as typed when it is the base itself (the report says "origin/main"), else by its short hash.
if [ "$fork" = "$(git -C "$docs" rev-parse "$base^{commit}")" ]; then fork=$base; else fork=$(git -C "$docs" rev-parse --short "$fork"); fi
if [ -z "$changesets" ]; then changesets=$repo/.changeset; fi
report_dir=${ERRCAT_REPORT_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/errcat-report.XXXXXX")}
echo "pr-check: comparing $docs with $fork (the fork point of HEAD and $base)" >&2

(cd "$errcat_root" && sh scripts/with-pnpm.sh pnpm install --frozen-lockfile --reporter=silent >&2 && sh scripts/with-pnpm.sh pnpm exec tsc -b tools >&2)

status=0
# The pages must read without errors; the report below is written either way.
errcat check "$docs" >&2 || status=$?

mkdir -p "$report_dir"
errcat diff --base "$fork" --docs "$docs" --format markdown --output "$report_dir/report.md"
errcat diff --base "$fork" --docs "$docs" --format json --output "$report_dir/report.json"
echo "pr-check: reports in $report_dir" >&2
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$report_dir/report.md" >>"$GITHUB_STEP_SUMMARY"
fi

format=text
if [ "${GITHUB_ACTIONS:-}" = true ]; then format=github; fi
gate=0
errcat diff --base "$fork" --docs "$docs" --format "$format" --fail-on "$fail_on" --changesets "$changesets" || gate=$?
if [ "$gate" -gt "$status" ]; then status=$gate; fi
exit "$status"
