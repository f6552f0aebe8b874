#!/usr/bin/env bash
# Every check and test, in the order that fails fastest. `npm test` runs this; so does CI.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "== Installing Debian's Chromium for the browser tests"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

echo "== Format and lint (biome)"
npx biome check .
echo "== Typecheck (tsc, strict)"
npx tsc -p tsconfig.json
echo "== Unit and cross-package tests (vitest)"
npx vitest run --exclude tests/convergence.test.ts
echo "== Convergence fuzz (500 seeds; FUZZ_SEEDS=10000 npm run fuzz for the long run)"
npx vitest run tests/convergence.test.ts
echo "== Build the web app"
npx vite build --logLevel warn
echo "== Browser tests (Playwright, Debian Chromium, real server)"
npx playwright test -c tests/playwright.config.ts
