#!/usr/bin/env bash
# The whole test suite: install, type-check, build, then every *.test.ts under node's test runner,
# then Hotpath in a real VS Code. It leaves $HOME as it found it (checked at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
home_before=$(mktemp -t hotpath-home-before.XXXXXX)
bash scripts/home-unchanged.sh snapshot "$home_before"
# Hotpath's own caches (import sizes, the CLI's V8 code cache) start empty in a folder of this run,
# so their first-run paths are tested every time and nothing lands in ~/.cache.
run_tmp=$(mktemp -d -t hotpath-test-run.XXXXXX)
trap 'rm -rf "$run_tmp" "$home_before"' EXIT
export HOTPATH_CACHE_DIR="$run_tmp/hotpath-cache"
echo "[test] Hotpath's caches for this run: $HOTPATH_CACHE_DIR (created by the first run that needs it)"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[test] npm ci (node_modules missing or older than package-lock.json)"
  npm ci --no-audit --no-fund
fi
# Browser tests (webviews, the real VS Code) drive Debian's Chromium.
bash scripts/ensure-chromium.sh >/dev/null
npm run --silent typecheck
npm run --silent build
mapfile -t tests < <(find server/src client/src scripts eslint-plugin-hotpath/src -name '*.test.ts' -not -path '*/node_modules/*' -not -path '*/.work/*' | sort)
node --import tsx --test --test-reporter=spec "${tests[@]}"
# Last: Hotpath in a real VS Code (code-server from the npm registry, installed into .cache/ on
# first use) driven in Chromium: the extension-host suite, the packaged .vsix with UI checks, and
# `npm run demo`. A missing prerequisite fails here; it is never skipped.
node scripts/e2e/run.mjs
bash scripts/home-unchanged.sh verify "$home_before"
echo "[test] \$HOME unchanged"
