#!/usr/bin/env bash
# Stops a platform started with `npm run up -- --detach`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .run/up.pid ]; then
  kill -TERM "$(cat .run/up.pid)" 2>/dev/null || true
  rm -f .run/up.pid .run/ready
  echo "stopped"
else
  echo "nothing running (no .run/up.pid)"
fi
