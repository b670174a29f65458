#!/usr/bin/env bash
# Installs the UI's npm packages exactly as package-lock.json pins them.
#
# `npm ci` is tried first. The registry reachable from our build machines serves no
# other-platform optional packages (e.g. @rollup/rollup-android-arm-eabi answers 404), so the
# lock written here cannot list them and npm 11's `npm ci` refuses it; `npm install` then
# installs the same pinned versions from the same lock.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/check-node.sh"
cd "$here/../ui"
if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  exit 0 # already installed from this lock
fi
if ! npm ci --no-audit --no-fund 2>/tmp/onshi-npm-ci.log; then
  echo "npm ci refused the lock (see scripts/ui-deps.sh); installing with npm install from the same lock" >&2
  npm install --no-audit --no-fund
fi
