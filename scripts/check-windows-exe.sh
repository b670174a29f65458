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
# Every DLL either .exe imports must be part of Windows, or WebView2Loader.dll shipped beside it:
# nothing a clinic PC would have to install (no MinGW runtime, no OpenSSL).
system_dlls='^(kernel32|kernelbase|user32|gdi32|advapi32|shell32|shlwapi|ole32|oleaut32|combase|comctl32|comdlg32|dwmapi|imm32|msvcrt|ntdll|bcrypt|bcryptprimitives|crypt32|secur32|sspicli|ncrypt|wintrust|ws2_32|mswsock|dnsapi|iphlpapi|netapi32|winhttp|wininet|normaliz|userenv|uxtheme|version|winmm|propsys|dbghelp|psapi|rpcrt4|setupapi|cfgmgr32|powrprof|msimg32|dwrite|d2d1|d3d11|dxgi|winspool\.drv|api-ms-win-[a-z0-9-]+)(\.dll)?$'
for exe in "$app" "$cli"; do
  imports="$(x86_64-w64-mingw32-objdump -p "$exe" | awk '/DLL Name:/ {print $3}' | sort -u)"
  while read -r dll; do
    [ -z "$dll" ] && continue
    if [ "$exe" = "$app" ] && [ "$dll" = "WebView2Loader.dll" ]; then continue; fi
    grep -qiE "$system_dlls" <<<"$dll" || fail "$(basename "$exe") imports $dll, which is not part of Windows"
  done <<<"$imports"
  echo "$(basename "$exe") imports: $(tr '\n' ' ' <<<"$imports")"
done
# Version and publisher in the file properties (tauri-build's resource, from tauri.conf.json).
version="$(python3 -c 'import json; print(json.load(open("src-tauri/tauri.conf.json"))["version"])')"
publisher="$(python3 -c 'import json; print(json.load(open("src-tauri/tauri.conf.json"))["bundle"]["publisher"])')"
# The version resource keeps its strings in UTF-16LE.
has_utf16() { python3 -c 'import sys; sys.exit(sys.argv[2].encode("utf-16-le") not in open(sys.argv[1], "rb").read())' "$1" "$2"; }
has_utf16 "$app" "$publisher" || fail "onshi-navi.exe's file properties lack the publisher $publisher"
has_utf16 "$app" "$version" || fail "onshi-navi.exe's file properties lack the version $version"
printf 'onshi-navi.exe  %s bytes  %s\n' "$(stat -c %s "$app")" "$(file -b "$app")"
printf 'onshi.exe       %s bytes  %s\n' "$(stat -c %s "$cli")" "$(file -b "$cli")"
