#!/usr/bin/env bash
# Type-check each part against its own lib set: shared sees no Node or DOM types,
# core/electron see Node, the renderer sees DOM, so a wrong-layer global fails here too.
set -euo pipefail
cd "$(dirname "$0")/.."
for p in src-main/shared src-main src-renderer server test; do
  echo "tsc: $p"
  npx tsc -p "$p/tsconfig.json"
done
