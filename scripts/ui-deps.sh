#!/usr/bin/env bash
# Installs the UI's npm packages exactly as package-lock.json pins them.
#
# `npm ci` is tried first. The lock was written where the registry served no other-platform
# optional packages (e.g. @rollup/rollup-android-arm-eabi answered 404), so it does not list them
# and npm 11's `npm ci` refuses it; `npm install --no-save` then installs the same pinned versions
# from the same lock. `--no-save` matters: a plain `npm install` adds the missing entries to
# package-lock.json, and a build must never change a tracked file (`--no-package-lock` would be
# wrong too: it ignores the lock). The check at the end fails the build if the lock changed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/check-node.sh"
cd "$here/../ui"
if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  exit 0 # already installed from this lock
fi
lock_before="$(cksum < package-lock.json)"
if ! npm ci --no-audit --no-fund 2>/tmp/onshi-npm-ci.log; then
  echo "npm ci refused the lock (see scripts/ui-deps.sh); installing with npm install --no-save from the same lock" >&2
  npm install --no-save --no-audit --no-fund
fi
if [ "$(cksum < package-lock.json)" != "$lock_before" ]; then
  echo "ui/package-lock.json was changed by the install; it must not be (see scripts/ui-deps.sh)" >&2
  exit 1
fi
