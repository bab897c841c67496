#!/bin/sh
# Two figures of a station at rest, each next to a limit measured in the same run:
#  1. idle: stationd's CPU and memory over SECONDS while it polls an MT-SICS
#     scale (the simulator, on a pty) ten times a second, next to the simulator
#     that answers those same polls;
#  2. start: the time from starting stationd on a journal of ROWS events to its
#     READY=1 (sd_notify), next to SQLite alone opening the same file, checking
#     it (PRAGMA quick_check, as stationd does) and reading its last sequence.
#
# Usage: tests/bench/idle_start_bench.sh [SECONDS] [ROWS]
#   STATIOND_BIN  build directory (default build/release): daemon/stationd,
#                 daemon/stationctl, hardware/devsim, tests/journal_burst
# Needs python3 (the notify socket) and sqlite3.
set -eu
cd "$(dirname "$0")/../.."
root=$(pwd)
bin="${STATIOND_BIN:-build/release}"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
seconds="${1:-60}"
rows="${2:-1000000}"
for program in daemon/stationd daemon/stationctl hardware/devsim tests/journal_burst; do
  [ -x "$bin/$program" ] || { echo "idle_start_bench: $bin/$program is missing: build it first" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/stationd-idle.XXXXXX")
pids=""
cleanup() {
  # shellcheck disable=SC2086 # a list of pids
  [ -z "$pids" ] || kill $pids 2>/dev/null || true
  pkill -P $$ 2>/dev/null || true # the rest, e.g. the sleep feeding the simulator
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

ticks=$(getconf CLK_TCK)
# cpu_ticks PID: user + system time so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
elapsed_ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# ---- 1. idle with a scale polled at 10 Hz -------------------------------------
mkdir -p "$work/idle/state" "$work/idle/run"
sleep 100000 | "$bin/hardware/devsim" mt-sics --link "$work/scale" > "$work/scale.out" 2> "$work/scale.log" &
sim=$!
pids="$pids $sim"
tries=0
until grep -q '^ready ' "$work/scale.out" 2>/dev/null; do
  tries=$((tries + 1)); [ "$tries" -lt 100 ] || { cat "$work/scale.log" >&2; exit 1; }
  sleep 0.1
done
cat > "$work/idle/station.toml" <<EOF
[station]
id = "bench-idle"
[paths]
state_directory = "$work/idle/state"
runtime_directory = "$work/idle/run"
[log]
level = "warning"
[[device]]
name = "scale"
class = "scale"
driver = "mt-sics"
port = "$work/scale"
poll_interval = "100ms"
EOF
"$bin/daemon/stationd" -c "$work/idle/station.toml" 2> "$work/idle/stationd.log" &
station=$!
pids="$pids $station"
export STATIONCTL_SOCKET="$work/idle/run/control.sock"
tries=0
until "$bin/daemon/stationctl" variables scale.driver.state 2>/dev/null | grep -q '"online"'; do
  tries=$((tries + 1)); [ "$tries" -lt 200 ] || { cat "$work/idle/stationd.log" >&2; exit 1; }
  sleep 0.1
done
sleep 2 # past start-up
s0=$(cpu_ticks "$station"); m0=$(cpu_ticks "$sim")
sleep "$seconds"
s1=$(cpu_ticks "$station"); m1=$(cpu_ticks "$sim")
station_rss=$(rss_kib "$station"); sim_rss=$(rss_kib "$sim")
kill "$station"; wait "$station" 2>/dev/null || true

# ---- 2. start to READY with ROWS journal rows -----------------------------------
mkdir -p "$work/start/state" "$work/start/run"
"$bin/tests/journal_burst" "$work/start/state/journal.db" "$rows" 256 > /dev/null
cat > "$work/start/station.toml" <<EOF
[station]
id = "bench-start"
[paths]
state_directory = "$work/start/state"
runtime_directory = "$work/start/run"
[log]
level = "warning"
EOF
# The raw limit: SQLite opening the file, checking it and reading its end.
sync
t0=$(date +%s%N)
sqlite3 "$work/start/state/journal.db" 'PRAGMA quick_check; SELECT max(seq) FROM events;' > /dev/null
raw_ms=$(elapsed_ms "$t0")
# stationd until it tells systemd READY=1.
notify="$work/notify.sock"
python3 - "$notify" > "$work/notify.out" <<'EOF' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("listening", flush=True)
while True:
    message = s.recv(4096).decode()
    if "READY=1" in message.split("\n"):
        print("ready", flush=True)
        break
EOF
listener=$!
pids="$pids $listener"
until grep -q listening "$work/notify.out" 2>/dev/null; do sleep 0.02; done
t0=$(date +%s%N)
NOTIFY_SOCKET="$notify" "$bin/daemon/stationd" -c "$work/start/station.toml" 2> "$work/start/stationd.log" &
station=$!
pids="$pids $station"
until grep -q ready "$work/notify.out" 2>/dev/null; do sleep 0.005; done
ready_ms=$(elapsed_ms "$t0")
kill "$station"; wait "$station" 2>/dev/null || true

awk -v st="$((s1 - s0))" -v mt="$((m1 - m0))" -v hz="$ticks" -v secs="$seconds" \
    -v srss="$station_rss" -v mrss="$sim_rss" -v raw="$raw_ms" -v ready="$ready_ms" -v rows="$rows" 'BEGIN {
  scpu = 100 * st / hz / secs; mcpu = 100 * mt / hz / secs
  printf "  idle over %d s, scale polled at 10 Hz:\n", secs
  printf "    stationd       CPU %6.2f %%   RSS %7.1f MiB\n", scpu, srss / 1024
  printf "    scale (sim)    CPU %6.2f %%   RSS %7.1f MiB\n", mcpu, mrss / 1024
  if (mcpu > 0) printf "    stationd/sim   CPU %6.2f x    RSS %7.2f x\n", scpu / mcpu, srss / mrss
  else printf "    stationd/sim   CPU  (sim below one clock tick)   RSS %7.2f x\n", srss / mrss
  printf "  start to READY with %d journal rows:\n", rows
  printf "    stationd       %7d ms\n", ready
  printf "    sqlite3 open + quick_check + last seq   %7d ms\n", raw
  printf "    stationd/raw   %7.2f x\n", (raw > 0 ? ready / raw : 0)
}'
