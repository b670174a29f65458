#!/usr/bin/env bash
# Runs the Windows installer silently under Wine in a throw-away prefix and checks what it did:
#   1. without the WebView2 runtime it installs nothing and exits 3;
#   2. with it: the program files, the Start-menu and desktop shortcuts オン資ナビ and the
#      「アプリと機能」 entry (name, version, publisher, size) land where they should;
#   3. installing again over it (an upgrade) keeps the clinic data;
#   4. the silent uninstaller removes the program, the shortcuts and the entry, and keeps the data.
# Wine proves nothing about the app itself (it cannot show WebView2); this checks the installer.
# Usage: scripts/wine-install-check.sh target/windows-dist/OnshiNavi-<version>-setup.exe
set -euo pipefail
setup="$(realpath "${1:?usage: wine-install-check.sh <setup.exe>}")"
fail() { echo "wine-install-check: $*" >&2; exit 1; }
command -v wine >/dev/null || fail "wine is not installed (scripts/setup-system.sh wine)"

export WINEPREFIX="$(mktemp -d)/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="winemenubuilder.exe=d"
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$(dirname "$WINEPREFIX")"' EXIT
wineboot -i >/dev/null 2>&1
user_dir="$WINEPREFIX/drive_c/users/$(whoami)"
# Wine links the desktop to $HOME; a real folder keeps the shortcut inside the prefix.
rm -f "$user_dir/Desktop" && mkdir -p "$user_dir/Desktop"
program="$user_dir/AppData/Local/Programs/OnshiNavi"
data="$user_dir/AppData/Roaming/jp.onshinavi.desktop"
start_menu="$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\OnshiNavi'

# 1. No WebView2 runtime.
set +e; wine "$setup" /S; rc=$?; set -e
[ "$rc" = 3 ] || fail "without WebView2 the installer exited $rc, not 3"
[ ! -e "$program" ] || fail "without WebView2 something was installed"
echo "1. without WebView2: exit 3, nothing installed"

# 2. Install.
wine reg add 'HKCU\Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}' \
  /v pv /t REG_SZ /d 120.0.2210.91 /f >/dev/null 2>&1
wine "$setup" /S || fail "the installer failed"
for f in onshi-navi.exe WebView2Loader.dll onshi.exe README-ja.txt uninstall.exe \
         licenses/LICENSE.txt licenses/IPA_Font_License_Agreement_v1.0.txt; do
  [ -f "$program/$f" ] || fail "missing after install: $f"
done
[ -f "$start_menu/オン資ナビ.lnk" ] || fail "no Start-menu shortcut"
[ -f "$user_dir/Desktop/オン資ナビ.lnk" ] || fail "no desktop shortcut"
entry="$(wine reg query "$key" 2>/dev/null | tr -d '\r')"
for v in DisplayVersion Publisher EstimatedSize UninstallString QuietUninstallString DisplayName; do
  grep -q "$v" <<<"$entry" || fail "the アプリと機能 entry lacks $v: $entry"
done
# reg prints the Japanese name as '?'; an export (UTF-16) keeps it.
exported="$(dirname "$WINEPREFIX")/entry.reg"
wine reg export "$key" 'Z:'"${exported//\//\\}" /y >/dev/null 2>&1 || fail "cannot export the entry"
iconv -f UTF-16LE -t UTF-8 "$exported" | grep -q '"DisplayName"="オン資ナビ"' \
  || fail "the アプリと機能 entry is not named オン資ナビ"
echo "2. installed: program files, shortcuts and the アプリと機能 entry in place"

# 3. An upgrade over it keeps the data.
mkdir -p "$data" && echo "clinic data" >"$data/onshi-navi.sqlite3"
wine "$setup" /S || fail "installing again failed"
[ "$(cat "$data/onshi-navi.sqlite3")" = "clinic data" ] || fail "the upgrade touched the data"
echo "3. installed again over it: the data is as it was"

# 4. Uninstall silently (in place, so this script can wait for it).
wine "$program/uninstall.exe" /S "_?=C:\\users\\$(whoami)\\AppData\\Local\\Programs\\OnshiNavi" \
  || fail "the uninstaller failed"
for f in onshi-navi.exe WebView2Loader.dll onshi.exe README-ja.txt licenses; do
  [ ! -e "$program/$f" ] || fail "left after uninstall: $f"
done
[ ! -e "$start_menu/オン資ナビ.lnk" ] || fail "the Start-menu shortcut is left"
[ ! -e "$user_dir/Desktop/オン資ナビ.lnk" ] || fail "the desktop shortcut is left"
if wine reg query "$key" >/dev/null 2>&1; then fail "the アプリと機能 entry is left"; fi
[ "$(cat "$data/onshi-navi.sqlite3")" = "clinic data" ] || fail "the uninstaller removed the data"
echo "4. uninstalled: program, shortcuts and entry gone; the data kept"
