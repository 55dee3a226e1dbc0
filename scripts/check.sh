#!/usr/bin/env bash
# Fast checks, no tests: workspace imports declared, no import cycles, build (tsc -b), generated docs and NATS users current, formatting, lint.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-system.sh

echo "== workspace imports are declared (package.json + tsconfig references)"
node scripts/check-workspace-deps.mjs
echo "== no import cycles (files; capability folders of each app)"
node scripts/check-import-cycles.mjs
echo "== build (tsc -b, all projects)"
npx tsc -b tsconfig.json
echo "== generated docs are current"
node libs/contracts/dist/bin/generate-events-doc.js --check
node libs/contracts/dist/bin/generate-nats-users.js --check
echo "== formatted (Prettier; npm run format fixes it)"
npx prettier --check . --log-level warn
echo "== lint (module boundaries, strict rules)"
npx nx show projects >/dev/null   # the project graph the boundary rule reads
npx eslint .
