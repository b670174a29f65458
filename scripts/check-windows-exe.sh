#!/usr/bin/env bash
# Checks the Windows cross-build: PE32+ executables, the app a GUI-subsystem program, the
# WebView2 loader beside it, and no MinGW runtime DLL needed at run time.
set -euo pipefail
dir="${1:?usage: check-windows-exe.sh target/x86_64-pc-windows-gnu/release}"
app="$dir/onshi-navi.exe"
cli="$dir/onshi.exe"
fail() { echo "check-windows-exe: $*" >&2; exit 1; }
[ -f "$app" ] || fail "missing $app"
[ -f "$cli" ] || fail "missing $cli"
file "$app" | grep -q 'PE32+ executable (GUI) x86-64' || fail "$(file "$app") is not a PE32+ GUI x86-64 program"
file "$cli" | grep -q 'PE32+ executable (console) x86-64' || fail "$(file "$cli") is not a PE32+ console x86-64 program"
[ -f "$dir/WebView2Loader.dll" ] || fail "WebView2Loader.dll was not copied beside the app"
imports="$(x86_64-w64-mingw32-objdump -p "$app" | awk '/DLL Name:/ {print $3}' | sort -u)"
if grep -qiE 'libgcc|libstdc|libwinpthread' <<<"$imports"; then
  fail "the app needs MinGW runtime DLLs: $imports"
fi
printf 'onshi-navi.exe  %s bytes  %s\n' "$(stat -c %s "$app")" "$(file -b "$app")"
printf 'onshi.exe       %s bytes  %s\n' "$(stat -c %s "$cli")" "$(file -b "$cli")"
echo "imports: $(tr '\n' ' ' <<<"$imports")"
