#!/usr/bin/env bash
# Vite 7 needs Node.js ≥ 20.19. Debian 12's own nodejs is 18: say so plainly instead of failing later.
set -euo pipefail
if ! command -v node >/dev/null 2>&1; then
  echo "Node.js が見つかりません / Node.js not found: install Node.js 20.19 or newer, then run again." >&2
  exit 1
fi
v="$(node -p 'process.versions.node')"
IFS=. read -r major minor _ <<<"$v"
if (( major < 20 || (major == 20 && minor < 19) )); then
  echo "Node.js $v は古すぎます / is too old: the UI build (Vite 7) needs 20.19 or newer." >&2
  exit 1
fi
