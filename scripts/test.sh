#!/usr/bin/env bash
# The whole test suite: install, type-check, build, then every *.test.ts under node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# Browser tests (webviews, the real VS Code) drive Debian's Chromium.
bash scripts/ensure-chromium.sh >/dev/null
npm run --silent typecheck
npm run --silent build
mapfile -t tests < <(find server/src client/src scripts eslint-plugin-hotpath/src -name '*.test.ts' -not -path '*/node_modules/*' | sort)
node --import tsx --test --test-reporter=spec "${tests[@]}"
# Last: Hotpath in a real VS Code (code-server from the npm registry, installed into .cache/ on
# first use) driven in Chromium: the extension-host suite, the packaged .vsix with UI checks, and
# `npm run demo`. A missing prerequisite fails here; it is never skipped.
node scripts/e2e/run.mjs
