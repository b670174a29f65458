#!/usr/bin/env bash
# Runs a command with a real Secret Service: a private D-Bus session with gnome-keyring unlocked
# by a throw-away password. Only the daemon gets a throw-away HOME (cargo keeps the real one, for
# ~/.cargo and ~/.rustup); without ~/.cache the daemon cannot make its control socket.
# Usage: scripts/with-keyring.sh COMMAND [ARGS...]
set -euo pipefail
command -v gnome-keyring-daemon >/dev/null || {
  echo "gnome-keyring-daemon is missing: run scripts/setup-system.sh test" >&2; exit 1; }
keyring_home="$(mktemp -d)"
trap 'rm -rf "$keyring_home"' EXIT
mkdir -p "$keyring_home/.cache" "$keyring_home/.local/share/keyrings"
dbus-run-session -- bash -c '
  printf %s onshi-ci-keyring | HOME="$0" gnome-keyring-daemon --unlock --components=secrets >/dev/null
  "$@"' "$keyring_home" "$@"
