#!/usr/bin/env bash
# Scaffolds a workspace package: scripts/new-package.sh <libs|apps|plugins> <name> <nx tags, comma separated> [deps, comma separated]
set -euo pipefail
kind="$1"; name="$2"; tags="$3"; deps="${4:-}"
dir="$kind/$name"
mkdir -p "$dir/src"
tag_json=$(printf '%s' "$tags" | awk -F, '{for(i=1;i<=NF;i++) printf "%s\"%s\"", (i>1?", ":""), $i}')
dep_json=""; ref_json=""
if [ -n "$deps" ]; then
  dep_json=$(printf '%s' "$deps" | awk -F, '{for(i=1;i<=NF;i++) printf "%s\"@appmanager/%s\": \"*\"", (i>1?",\n    ":""), $i}')
  ref_json=$(printf '%s' "$deps" | awk -F, '{for(i=1;i<=NF;i++) printf "%s{ \"path\": \"../../libs/%s\" }", (i>1?", ":""), $i}')
fi
cat > "$dir/package.json" <<JSON
{
  "name": "@appmanager/$name",
  "version": "0.1.0",
  "private": true,
  "type": "module",
  "exports": {
    ".": {
      "types": "./dist/index.d.ts",
      "default": "./dist/index.js"
    }
  },
  "scripts": {
    "build": "tsc -b",
    "lint": "eslint src",
    "test": "node ../../scripts/run-package-tests.mjs"
  },
  "dependencies": {
    $dep_json
  },
  "nx": {
    "tags": [$tag_json]
  }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": {
    "rootDir": "src",
    "outDir": "dist",
    "tsBuildInfoFile": "dist/.tsbuildinfo"
  },
  "include": ["src/**/*.ts"],
  "references": [$ref_json]
}
JSON
echo "created $dir"
