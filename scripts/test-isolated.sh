#!/usr/bin/env bash
# Runs tests in a network namespace of their own, where only loopback exists: no Postgres and no NATS
# of this machine is reachable, so they pass only if the tests bring their own (as on a fresh machine).
#   scripts/test-isolated.sh               a short slice: test harness, persistence, messaging outbox, addon, build (buildah, registry)
#   scripts/test-isolated.sh -- <command>  any command inside the namespace, e.g. -- npm test
# Needs root (ip netns, iproute2). Dependencies are installed and the tree built before entering, since
# the namespace has no network. Fails if anything started inside is still running at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-system.sh
[ "$(id -u)" -eq 0 ] || { echo "test-isolated: needs root for ip netns" >&2; exit 1; }

if [ "${1:-}" = "--" ]; then
  shift
  command=("$@")
else
  npx tsc -b tsconfig.json
  command=(bash scripts/run-tests.sh
    libs/testing/dist/harness.int-spec.js
    libs/persistence/dist/persistence.int-spec.js
    libs/messaging/dist/outbox/outbox.int-spec.js
    apps/addon/dist/addon.int-spec.js
    apps/build/dist/package-tasks/package-tasks.int-spec.js)
fi

ns="am-isolated-$$"
leftovers() { ip netns pids "$ns" 2>/dev/null || true; }
cleanup() {
  local pids
  pids="$(leftovers)"
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  ip netns delete "$ns" 2>/dev/null || true
}
trap cleanup EXIT
ip netns add "$ns"
ip netns exec "$ns" ip link set lo up

echo "== in network namespace $ns (loopback only): ${command[*]}"
started=$SECONDS
status=0
ip netns exec "$ns" "${command[@]}" || status=$?
echo "== namespace run took $((SECONDS - started)) s, exit $status"

sleep 1   # let processes that were told to stop finish
pids="$(leftovers)"
if [ -n "$pids" ]; then
  echo "test-isolated: still running in the namespace after the command ended:" >&2
  ps -o pid=,args= -p $pids >&2 || true
  status=1
fi
exit "$status"
