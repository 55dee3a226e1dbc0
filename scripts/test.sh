#!/usr/bin/env bash
# The one test command: brings Node and dependencies, builds, checks generated docs and lint
# (scripts/check.sh), then runs every test of every project with node's test runner (its summary
# ends the output). Arguments go to node --test, e.g. npm test -- --test-name-pattern=outbox.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/check.sh
echo "== tests"
exec bash scripts/run-tests.sh all -- "$@"
