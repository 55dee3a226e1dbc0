#!/usr/bin/env bash
# The "bring it up" command: Node, Debian packages and npm dependencies if missing, a build,
# then scripts/up.mjs (infrastructure + every service; prints where each API and its docs are).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-system.sh
npx tsc -b tsconfig.json
exec node scripts/up.mjs "$@"
