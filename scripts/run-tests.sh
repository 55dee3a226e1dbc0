#!/usr/bin/env bash
# Runs compiled tests with node's test runner (build first: `npm run build`, or use npm test).
#   scripts/run-tests.sh all|unit|int [-- <node --test options>]   *.spec.js, *.int-spec.js or both (+ scripts/**/*.mjs)
#   scripts/run-tests.sh <file.js>... [-- <node --test options>]
# Integration tests share one Postgres for the whole run: the one PGHOST/PGPORT name (default
# 127.0.0.1:5432) when it answers, else one embedded Postgres, stopped when the tests end
# (libs/testing/src/bin/test-postgres.ts). Each test file starts its own nats-server.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-system.sh

# scripts/ tests are plain .mjs (the new:capability generator), run where they stand
unit='{{apps,libs,plugins}/*/dist/**/*.spec.js,scripts/**/*.spec.mjs}'
int='{{apps,libs,plugins}/*/dist/**/*.int-spec.js,scripts/**/*.int-spec.mjs}'
selection=()
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in
    all) selection+=("$unit" "$int") ;;
    unit) selection+=("$unit") ;;
    int) selection+=("$int") ;;
    *) selection+=("$1") ;;
  esac
  shift
done
[ "${1:-}" = "--" ] && shift
[ "${#selection[@]}" -gt 0 ] || { echo "usage: $0 all|unit|int|<file>... [-- <node --test options>]" >&2; exit 2; }

mapfile -t files < <(node -e '
  const { globSync } = require("node:fs");
  console.log(globSync(process.argv.slice(1)).sort().join("\n"));' "${selection[@]}")
[ -n "${files[0]:-}" ] || { echo "no test files match ${selection[*]} (built?)" >&2; exit 1; }

case " ${selection[*]} " in
  " $unit ") exec node --test --test-timeout=300000 "$@" "${files[@]}" ;;   # no database needed
  *) exec node libs/testing/dist/bin/test-postgres.js run -- node --test --test-timeout=300000 "$@" "${files[@]}" ;;
esac
