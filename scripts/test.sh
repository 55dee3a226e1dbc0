#!/usr/bin/env bash
# The one test command: brings Node and dependencies, builds, checks generated docs and lint,
# then runs every test of every project with node's test runner (its summary ends the output).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-system.sh

echo "== workspace imports are declared (package.json + tsconfig references)"
node scripts/check-workspace-deps.mjs
echo "== build (tsc -b, all projects)"
npx tsc -b tsconfig.json
echo "== generated docs are current"
node libs/contracts/dist/bin/generate-events-doc.js --check
echo "== lint (module boundaries, strict rules)"
npx nx show projects >/dev/null   # the project graph the boundary rule reads
npx eslint .
echo "== tests"
mapfile -t files < <(node -e '
  const { globSync } = require("node:fs");
  const found = globSync(["{apps,libs,plugins}/*/dist/**/*.spec.js", "{apps,libs,plugins}/*/dist/**/*.int-spec.js"]);
  console.log(found.sort().join("\n"));')
exec node --test --test-timeout=300000 "$@" "${files[@]}"
