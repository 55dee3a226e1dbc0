#!/usr/bin/env bash
# Source this file: installs the Debian packages the tests and the platform need when missing
# (nats-server; kubectl from kubernetes-client; buildah and docker-registry for the build service; docker-compose to check
# docker-compose.yml; tmux for amctl's terminal tests; chromium for the console's browser tests) and the project's npm
# dependencies.
# sourced: the caller decides its own shell options
am_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$am_root/scripts/ensure-node.sh"

missing=()
command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || missing+=(nats-server)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
command -v buildah >/dev/null 2>&1 || missing+=(buildah)
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "appmanager: installing Debian packages: ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
fi
case ":$PATH:" in *:/usr/sbin:*) ;; *) export PATH="$PATH:/usr/sbin" ;; esac

# npm dependencies: install when node_modules does not match the lock file
stamp="$am_root/node_modules/.am-lock-stamp"
if [ ! -f "$stamp" ] || ! cmp -s "$am_root/package-lock.json" "$stamp"; then
  echo "appmanager: installing npm dependencies (npm ci)" >&2
  (cd "$am_root" && flock /tmp/am-npm.lock npm ci --loglevel=error --no-fund --no-audit >&2)
  cp "$am_root/package-lock.json" "$stamp"
fi
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false}
