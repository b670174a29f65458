#!/usr/bin/env bash
# Starts the built app, or explains plainly why it cannot open a window here.
set -euo pipefail
bin="${1:?usage: run-app.sh path/to/onshi-navi [args…]}"
shift
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  cat >&2 <<'MSG'
画面（ディスプレイ）がないため、オン資ナビのウィンドウを開けません。
No display: the Onshi Navi window cannot open here.

- On a desktop, run `make run` from a terminal inside the desktop session.
- On a server or in a container, use a virtual display:
    xvfb-run -a make run
- Without a window, the command line does the main jobs:
    target/release/onshi --help   (build it with: cargo build --release -p onshi-cli)
MSG
  exit 1
fi
exec "$bin" "$@"
