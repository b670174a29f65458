#!/usr/bin/env bash
# Start time and binary size of onshi-navi next to the empty Tauri 2 floor app (tests/perf/floor),
# both built with the same release profile, measured interleaved in one run under Xvfb.
# "startup-ms" is main() → first page loaded (printed by --startup-probe); "process" is hyperfine's
# wall time for the whole run (start → page → exit).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-10}"
cargo build --locked --release -p onshi-navi -p onshi-floor
app=target/release/onshi-navi
floor=target/release/onshi-floor
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT

printf '%-12s %12s\n' binary bytes
printf '%-12s %12s\n' onshi-navi "$(stat -c %s "$app")" onshi-floor "$(stat -c %s "$floor")"

measure() {
  xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- bash -c '
    runs=$1; app=$2; floor=$3; data=$4
    for i in $(seq "$runs"); do
      printf "navi %s\n" "$("$app" --startup-probe --data-dir "$data" 2>/dev/null | sed -n "s/startup-ms=//p")"
      printf "floor %s\n" "$("$floor" --startup-probe 2>/dev/null | sed -n "s/startup-ms=//p")"
    done
    hyperfine -N --warmup 2 --runs "$runs" --export-json /tmp/onshi-startup.json \
      "$app --startup-probe --data-dir $data" "$floor --startup-probe" >/dev/null 2>&1 || true
  ' _ "$runs" "$app" "$floor" "$data"
}
measure 2>/dev/null | python3 -c '
import sys, statistics
runs = {}
for line in sys.stdin:
    parts = line.split()
    if len(parts) == 2 and parts[1].isdigit():
        runs.setdefault(parts[0], []).append(int(parts[1]))
for name, v in sorted(runs.items()):
    print(f"{name:12s} startup-ms (main → page loaded): min {min(v)}, median {statistics.median(v):.0f}, max {max(v)} over {len(v)} runs")
'
if [ -f /tmp/onshi-startup.json ]; then
  python3 - <<'PY'
import json
for r in json.load(open("/tmp/onshi-startup.json"))["results"]:
    name = r["command"].split()[0].rsplit("/", 1)[-1]
    print(f"{name:12s} process wall (hyperfine): median {r['median']*1000:.0f} ms, mean {r['mean']*1000:.0f} ms ± {r['stddev']*1000:.0f}")
PY
fi
