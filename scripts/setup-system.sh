#!/usr/bin/env bash
# Installs every system package and tool the build and the tests need, on Debian 12 / Ubuntu.
# Idempotent: skips what is already there.
# Usage: scripts/setup-system.sh [build|test|windows|wine|all]  (wine: for the installer check only)
set -euo pipefail
what="${1:-all}"
here="$(cd "$(dirname "$0")/.." && pwd)"
# Keep in step with README.md (Development) and .ci/run.
TAURI_DRIVER_VERSION="2.1.0"

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# /dev/null must be the character device. On one build machine it had become a regular file, so
# whatever a build script discarded into it was read back by cargo's `rustc -` probe as source
# ("failed to run `rustc` to learn about target-specific information"). Put the device back.
if [ ! -c /dev/null ]; then
  echo "==> /dev/null is not a character device; recreating it" >&2
  sudo_ rm -f /dev/null
  sudo_ mknod -m 666 /dev/null c 1 3
fi

build_pkgs=(build-essential pkg-config curl file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
            librsvg2-dev libdbus-1-dev fonts-noto-cjk fonts-ipaexfont-gothic nodejs npm)
test_pkgs=(webkit2gtk-driver xvfb xauth dbus dbus-x11 at-spi2-core hyperfine poppler-utils gnome-keyring minisign)
win_pkgs=(mingw-w64 nsis zip unzip p7zip-full)

pkgs=()
case "$what" in
  build) pkgs=("${build_pkgs[@]}") ;;
  test) pkgs=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  windows) pkgs=("${build_pkgs[@]}" "${win_pkgs[@]}") ;;
  all) pkgs=("${build_pkgs[@]}" "${test_pkgs[@]}" "${win_pkgs[@]}") ;;
  wine)
    # The installer is a 32-bit program: Wine needs its i386 half.
    if ! dpkg --print-foreign-architectures | grep -qx i386; then
      sudo_ dpkg --add-architecture i386
      sudo_ apt-get update -qq
    fi
    pkgs=(wine wine32 wine64) ;;
  *) echo "usage: $0 [build|test|windows|wine|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  # node/npm may come from elsewhere (nvm, nodesource): only install when the command is absent.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_ apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$what" = test ] || [ "$what" = all ]; then
  if ! command -v tauri-driver >/dev/null 2>&1 || ! tauri-driver --help 2>&1 | head -1 | grep -q .; then
    echo "==> cargo install tauri-driver@$TAURI_DRIVER_VERSION"
    cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked
  fi
fi
if [ "$what" = windows ] || [ "$what" = all ]; then
  rustup target list --installed | grep -q x86_64-pc-windows-gnu || rustup target add x86_64-pc-windows-gnu
fi
if ! rustup component list --installed 2>/dev/null | grep -q clippy; then rustup component add clippy rustfmt; fi
echo "==> system set-up done ($what)"
