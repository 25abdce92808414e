#!/bin/sh
# Pull-request check, the same on a laptop and in .github/workflows/errcat-diff.yml:
# build the tools and the catalogue, compare docs-source/ with the base branch, publish the
# Markdown report, and fail on breaking changes that no changeset declares as a major bump.
#
#   sh scripts/pr-check.sh [base-ref]     (default origin/main)
#
# The reports (report.md, report.json) go to $ERRCAT_REPORT_DIR, or a new temporary folder whose
# path is printed. In GitHub Actions the Markdown is appended to $GITHUB_STEP_SUMMARY and findings
# become annotations on the changed pages.
set -eu
cd "$(dirname "$0")/.."
base=${1:-origin/main}
report_dir=${ERRCAT_REPORT_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/errcat-report.XXXXXX")}
errcat() { node tools/cli/bin/errcat.js "$@"; }

if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
  echo "pr-check: base '$base' is not a commit here (fetch it, e.g. git fetch origin main)" >&2
  exit 2
fi

sh scripts/with-pnpm.sh pnpm install --frozen-lockfile
sh scripts/with-pnpm.sh pnpm exec tsc -b tools
# The build must still work on the changed pages; its output is not what this check compares.
build_out=$(mktemp -d)
trap 'rm -rf "$build_out"' EXIT
errcat build --out "$build_out"

mkdir -p "$report_dir"
errcat diff --base "$base" --format markdown --output "$report_dir/report.md"
errcat diff --base "$base" --format json --output "$report_dir/report.json"
echo "pr-check: reports in $report_dir" >&2
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$report_dir/report.md" >>"$GITHUB_STEP_SUMMARY"
fi

format=text
if [ "${GITHUB_ACTIONS:-}" = true ]; then format=github; fi
# Exit 1 when a breaking finding is not covered by a major bump in .changeset/.
errcat diff --base "$base" --format "$format" --fail-on breaking --changesets .changeset
