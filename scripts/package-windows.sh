#!/usr/bin/env bash
# Packs the Windows cross-build into what a technician carries to a clinic PC, then checks both:
#   <out>/OnshiNavi-<version>-setup.exe     the per-user installer (installer/onshi-navi.nsi, makensis)
#   <out>/OnshiNavi-<version>-portable.zip  the same files, to unpack and run without installing
# Usage: scripts/package-windows.sh target/x86_64-pc-windows-gnu/release target/windows-dist
set -euo pipefail
cd "$(dirname "$0")/.."
release="${1:?usage: package-windows.sh <release dir> <out dir>}"
out="${2:?usage: package-windows.sh <release dir> <out dir>}"
fail() { echo "package-windows: $*" >&2; exit 1; }

conf=src-tauri/tauri.conf.json
version="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$conf")"
publisher="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bundle"]["publisher"])' "$conf")"
name="OnshiNavi-$version"
stage="$out/stage/$name"
rm -rf "$out"
mkdir -p "$stage/licenses"

for f in onshi-navi.exe WebView2Loader.dll onshi.exe; do
  [ -f "$release/$f" ] || fail "missing $release/$f (run make windows first)"
  cp "$release/$f" "$stage/"
done
# Notepad reads UTF-8; CRLF keeps the lines apart in every Windows editor.
sed 's/$/\r/' installer/README-ja.txt >"$stage/README-ja.txt"
sed 's/$/\r/' LICENSE >"$stage/licenses/LICENSE.txt"
sed 's/$/\r/' assets/fonts/IPA_Font_License_Agreement_v1.0.txt >"$stage/licenses/IPA_Font_License_Agreement_v1.0.txt"
sed 's/$/\r/' installer/WebView2Loader-NOTICE.txt >"$stage/licenses/WebView2Loader-NOTICE.txt"

expected="$(cat <<LIST
$name/
$name/README-ja.txt
$name/WebView2Loader.dll
$name/licenses/
$name/licenses/IPA_Font_License_Agreement_v1.0.txt
$name/licenses/LICENSE.txt
$name/licenses/WebView2Loader-NOTICE.txt
$name/onshi-navi.exe
$name/onshi.exe
LIST
)"

zip_path="$out/$name-portable.zip"
(cd "$out/stage" && TZ=UTC zip -q -r -X "../$name-portable.zip" "$name")
listed="$(unzip -Z1 "$zip_path" | sort)"
[ "$listed" = "$(sort <<<"$expected")" ] || fail "the zip holds:
$listed
expected:
$expected"

setup_path="$out/$name-setup.exe"
# VIProductVersion takes four numbers: 0.2.0-beta.1 → 0.2.0.0.
vi_version="$(sed -E 's/^([0-9]+)\.([0-9]+)\.([0-9]+).*/\1.\2.\3.0/' <<<"$version")"
makensis -V2 -INPUTCHARSET UTF8 \
  -DVERSION="$version" -DVI_VERSION="$vi_version" -DPUBLISHER="$publisher" -DSRC="$(realpath "$stage")" \
  -DICON="$(realpath assets/icons/icon.ico)" -DOUT="$(realpath -m "$setup_path")" \
  installer/onshi-navi.nsi
file "$setup_path" | grep -q 'Nullsoft Installer' || fail "$(file "$setup_path") is not an NSIS installer"
# 7-Zip reads NSIS installers: every program file must be inside, at its place.
inside="$(7z l -ba -slt "$setup_path" | awk -F' = ' '/^Path = / {print $2}' | tr '\\' '/' | sort)"
for f in onshi-navi.exe WebView2Loader.dll onshi.exe README-ja.txt licenses/LICENSE.txt \
         licenses/IPA_Font_License_Agreement_v1.0.txt licenses/WebView2Loader-NOTICE.txt; do
  grep -qx "$f" <<<"$inside" || fail "the installer lacks $f; it holds:
$inside"
done
# The installer's own version resource says what it installs.
strings -e l "$setup_path" | grep -qx "$version" || fail "the installer's version resource lacks $version"

printf '%s  %s bytes\n' "$(basename "$zip_path")" "$(stat -c %s "$zip_path")"
printf '%s  %s bytes  %s\n' "$(basename "$setup_path")" "$(stat -c %s "$setup_path")" "$(file -b "$setup_path")"
echo "installer contents:"; sed 's/^/  /' <<<"$inside"
