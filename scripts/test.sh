#!/usr/bin/env bash
# Every check and test, in the order that fails fastest. `npm test` runs this; so does CI.
# Ends with how long each phase took (also when a phase fails).
#   VITEST_WORKERS (default 1, Vitest's own default on 2 cores): test files at once. 2 overlaps
#     the seconds each file spends starting, but on a shared machine under load the files that
#     kill and restart server processes against a deadline (crash, frameFuzz) then time out.
#   FUZZ_PROCS (default 2): processes the 500 fuzz seeds are split over (one JavaScript thread each).
#   PW_WORKERS (default 2): Playwright workers (tests/playwright.config.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

PHASES=()
CURRENT=""
STARTED=$SECONDS
BEGAN=$SECONDS
phase() {
  [ -z "$CURRENT" ] || PHASES+=("$CURRENT|$((SECONDS - STARTED))|ok")
  CURRENT="$1"
  STARTED=$SECONDS
  echo "== $1"
}
summary() {
  local rc=$?
  [ -z "$CURRENT" ] || PHASES+=("$CURRENT|$((SECONDS - STARTED))|$([ "$rc" -eq 0 ] && echo ok || echo FAILED)")
  echo
  echo "== Phase durations"
  local row name secs state
  for row in "${PHASES[@]}"; do
    IFS="|" read -r name secs state <<<"$row"
    printf "  %-34s %4d:%02d  %s\n" "$name" $((secs / 60)) $((secs % 60)) "$state"
  done
  printf "  %-34s %4d:%02d\n" "total" $(((SECONDS - BEGAN) / 60)) $(((SECONDS - BEGAN) % 60))
}
trap summary EXIT

if [ ! -x /usr/bin/chromium ]; then
  phase "Install Chromium"
  echo "Installing Debian's Chromium for the browser tests"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

phase "Format and lint (biome)"
npx biome check .
phase "Typecheck (tsc, strict)"
npx tsc -p tsconfig.json
phase "Unit and cross-package (vitest)"
npx vitest run --exclude tests/convergence.test.ts --maxWorkers="${VITEST_WORKERS:-1}"

# The same 500 seeds as one process would run (FUZZ_SEEDS=10000 npm run fuzz for the long run),
# in FUZZ_PROCS consecutive ranges side by side; each failing seed still prints its replay command.
phase "Convergence fuzz (500 seeds)"
procs=${FUZZ_PROCS:-2}
pids=()
for ((i = 0; i < procs; i++)); do
  first=$((1 + i * 500 / procs))
  FUZZ_SEED=$first FUZZ_SEEDS=$((1 + (i + 1) * 500 / procs - first)) npx vitest run tests/convergence.test.ts &
  pids+=($!)
done
fuzz=0
for pid in "${pids[@]}"; do wait "$pid" || fuzz=1; done
[ "$fuzz" -eq 0 ]

phase "Build the web app (vite)"
npx vite build --logLevel warn
phase "Browser (Playwright)"
npx playwright test -c tests/playwright.config.ts
