#!/bin/sh
# GET /api/v1/orders/{id} of stationd against nginx serving the same JSON body
# from a file: the same wrk load on both, requests per second and 99th
# percentile latency of each, and their ratios (stationd/nginx).
#
# stationd runs the example configuration without devices and without central,
# on a free loopback port; the order is made the way an operator makes it (log
# in, pick, scan the order). A token's rate is at most 1,000,000 requests a
# minute, less than stationd answers: each request carries one of 16 3PL tokens
# in turn, so that no bucket runs dry. nginx (one worker, access log off,
# keep-alive as long as stationd's) serves the body stationd answered, byte for
# byte, with the same Content-Type; wrk sends it the same requests.
#
# Usage: tests/bench/http_bench.sh [SECONDS]
#   STATIOND_BIN     build directory of stationd and stationctl (default build/release)
#   WRK_THREADS      wrk threads (default 2)
#   WRK_CONNECTIONS  wrk connections (default 32)
# Needs wrk, nginx (nginx-light) and curl. Fails when any response is not 200
# (wrk: "Non-2xx or 3xx responses") or a request failed (socket errors).
set -eu
cd "$(dirname "$0")/../.."
root=$(pwd)
bin="${STATIOND_BIN:-build/release}"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
duration="${1:-10}"
threads="${WRK_THREADS:-2}"
connections="${WRK_CONNECTIONS:-32}"
order="SO-000001"
path="/api/v1/orders/$order"

die() {
  echo "http_bench: $*" >&2
  exit 1
}
nginx=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
[ -x "$nginx" ] || die "nginx is missing (Debian package nginx-light)"
command -v wrk >/dev/null 2>&1 || die "wrk is missing (Debian package wrk)"
command -v curl >/dev/null 2>&1 || die "curl is missing (Debian package curl)"
for program in daemon/stationd daemon/stationctl; do
  [ -x "$bin/$program" ] || die "$bin/$program is missing: build it first"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/stationd-http-bench.XXXXXX")
station_pid=""
nginx_pid=""
cleanup() {
  [ -z "$station_pid" ] || kill "$station_pid" 2>/dev/null || true
  [ -z "$nginx_pid" ] || kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- stationd ---------------------------------------------------------------
make_token() { head -c 24 /dev/urandom | base64 | tr '+/' '-_'; }
kiosk_token=$(make_token)
tokens=""
i=0
while [ "$i" -lt 16 ]; do
  tokens="$tokens $(make_token)"
  i=$((i + 1))
done
mkdir -p "$work/state" "$work/run"
cp -r config/labels "$work/labels"
cp config/master-data.example.json "$work/master-data.json"
# The example configuration without its devices, without [central] (the station
# works alone) and with its own tokens, on a free loopback port (chosen below).
config="$work/station.toml"
sed -e '/^# ---* *$/,$d' \
  -e '/^\[central\]/,/^\[/{/^\[central\]/d;/^\[/!d;}' \
  -e 's|^master_data = ""|master_data = "master-data.json"|' \
  -e 's|^listen = .*|listen = "127.0.0.1:@PORT@"|' \
  -e "s|^ui_directory = .*|ui_directory = \"$root/station-ui\"|" \
  -e 's|^printer = .*|printer = ""|' \
  -e "s|^max_connections = .*|max_connections = $((connections + 16))|" \
  config/station.example.toml |
  awk '/^\[\[http\.token\]\]/ { skip = 1; next } /^\[/ { skip = 0 } !skip' > "$config.in"
cat >> "$config.in" <<TOKENS

[[http.token]]
name = "kiosk"
token = "$kiosk_token"
scopes = ["operator"]
TOKENS
i=0
for token in $tokens; do
  i=$((i + 1))
  cat >> "$config.in" <<TOKEN

[[http.token]]
name = "bench-3pl-$i"
token = "$token"
scopes = ["3pl:read"]
rate_per_minute = 1000000
burst = 100000
TOKEN
done
# shellcheck disable=SC2086 # the first token
set -- $tokens
tpl_token=$1

# A loopback port nothing answers on (the server started on it may still lose
# a race for it: then another is tried).
random_port() {
  while :; do
    p=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000))
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/" 2>/dev/null || [ $? -ne 7 ] || { echo "$p"; return; }
  done
}

export STATE_DIRECTORY="$work/state" RUNTIME_DIRECTORY="$work/run"
export STATIONCTL_SOCKET="$work/run/control.sock"
station_port=""
attempt=0
while [ -z "$station_port" ]; do
  attempt=$((attempt + 1))
  [ "$attempt" -le 10 ] || die "stationd found no free port"
  port=$(random_port)
  sed "s/@PORT@/$port/" "$config.in" > "$config"
  "$bin/daemon/stationd" -t "$config" >"$work/check.log" 2>&1 || { cat "$work/check.log" >&2; die "the configuration does not check out"; }
  "$bin/daemon/stationd" -c "$config" >"$work/stationd.log" 2>&1 &
  station_pid=$!
  tries=0
  until grep -q 'http: listening on' "$work/stationd.log"; do
    tries=$((tries + 1))
    if ! kill -0 "$station_pid" 2>/dev/null; then
      wait "$station_pid" 2>/dev/null || true
      station_pid=""
      grep -q 'cannot listen' "$work/stationd.log" || { cat "$work/stationd.log" >&2; die "stationd did not start"; }
      break
    fi
    [ "$tries" -le 100 ] || { cat "$work/stationd.log" >&2; die "stationd did not start"; }
    sleep 0.1
  done
  [ -z "$station_pid" ] || station_port=$port
done
tries=0
until "$bin/daemon/stationctl" status >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -le 100 ] || die "stationd's control socket does not answer"
  sleep 0.1
done

# The order: an operator logs in, picks, scans it.
for code in OP-0002 CMD-PICK "$order"; do
  "$bin/daemon/stationctl" scan "$code" >/dev/null || die "stationd refused the scan $code"
done
station_url="http://127.0.0.1:$station_port$path"
mkdir -p "$work/www$(dirname "$path")"
body="$work/www$path"
status=$(curl -sS -o "$body" -D "$work/headers" -w '%{http_code}' -H "Authorization: Bearer $tpl_token" "$station_url")
[ "$status" = 200 ] || die "GET $path answered $status: $(cat "$body")"
content_type=$(tr -d '\r' < "$work/headers" | sed -n 's/^[Cc]ontent-[Tt]ype: *//p' | head -1)
[ "$content_type" = "application/json" ] || die "GET $path answered Content-Type $content_type"

# --- nginx ------------------------------------------------------------------
# Its files readable by the worker nginx switches to when started as root.
chmod 755 "$work" "$work/www"
find "$work/www" -type d -exec chmod 755 {} +
chmod 644 "$body"
mkdir -p "$work/nginx"
nginx_port=""
attempt=0
while [ -z "$nginx_port" ]; do
  attempt=$((attempt + 1))
  [ "$attempt" -le 20 ] || die "nginx found no free port: $(tail -3 "$work/nginx/error.log" 2>/dev/null)"
  port=$(random_port)
  cat > "$work/nginx/nginx.conf" <<NGINX
daemon off;
master_process on;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events {
  worker_connections 1024;
}
http {
  access_log off;
  default_type application/json;
  types {}
  sendfile on;
  keepalive_timeout 60s;
  keepalive_requests 100000000;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$port;
    root $work/www;
  }
}
NGINX
  : > "$work/nginx/error.log"
  "$nginx" -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" >"$work/nginx/out.log" 2>&1 &
  nginx_pid=$!
  tries=0
  while :; do
    if curl -sf -o /dev/null "http://127.0.0.1:$port$path" 2>/dev/null; then
      nginx_port=$port
      break
    fi
    if ! kill -0 "$nginx_pid" 2>/dev/null; then
      wait "$nginx_pid" 2>/dev/null || true
      nginx_pid=""
      grep -q 'Address already in use' "$work/nginx/error.log" "$work/nginx/out.log" 2>/dev/null ||
        die "nginx did not start: $(cat "$work/nginx/error.log" "$work/nginx/out.log")"
      break
    fi
    tries=$((tries + 1))
    [ "$tries" -le 100 ] || die "nginx does not answer on port $port"
    sleep 0.1
  done
done
nginx_url="http://127.0.0.1:$nginx_port$path"
curl -sS "$nginx_url" | cmp -s - "$body" || die "nginx does not serve the same body"

# --- wrk --------------------------------------------------------------------
# The requests, made once per thread: one per token, sent in turn.
{
  printf 'local tokens = {'
  for token in $tokens; do printf ' "%s",' "$token"; done
  echo ' }'
  cat <<'LUA'
local requests = {}
local n = 0
function init(args)
  for i, token in ipairs(tokens) do
    requests[i] = wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. token })
  end
end
function request()
  n = n % #requests + 1
  return requests[n]
end
LUA
} > "$work/tokens.lua"
# run NAME URL: wrk with the same settings and the same requests on both.
run() {
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/tokens.lua" \
    "$2" > "$work/$1.wrk" 2>&1 || {
    cat "$work/$1.wrk" >&2
    die "wrk failed against $1"
  }
}
# Requests/sec, 99% latency in ms, non-2xx/3xx responses, socket errors.
requests_per_s() { awk '/^Requests\/sec:/ { print $2 }' "$work/$1.wrk"; }
p99_ms() {
  awk '$1 == "99%" {
    v = $2; n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.3f\n", n
  }' "$work/$1.wrk"
}
non2xx() { awk '/Non-2xx or 3xx responses:/ { print $NF }' "$work/$1.wrk"; }
socket_errors() { sed -n 's/^ *Socket errors: *//p' "$work/$1.wrk"; }

run stationd "$station_url"
run nginx "$nginx_url"

failed=0
for name in stationd nginx; do
  bad=$(non2xx "$name")
  errors=$(socket_errors "$name")
  if [ -n "$bad" ]; then
    echo "http_bench: $bad responses of $name were not 2xx or 3xx" >&2
    failed=1
  fi
  if [ -n "$errors" ]; then
    echo "http_bench: $name socket errors: $errors" >&2
    failed=1
  fi
  if [ -z "$(requests_per_s "$name")" ] || [ -z "$(p99_ms "$name")" ]; then
    cat "$work/$name.wrk" >&2
    die "no figures in wrk's output for $name"
  fi
done
[ "$failed" -eq 0 ] || die "not every request was answered with 200"

s_rps=$(requests_per_s stationd)
n_rps=$(requests_per_s nginx)
s_p99=$(p99_ms stationd)
n_p99=$(p99_ms nginx)
echo "  GET $path ($(wc -c < "$body" | tr -d ' ') bytes), wrk -t$threads -c$connections -d${duration}s --latency, stationd of $(basename "$bin")"
awk -v srps="$s_rps" -v nrps="$n_rps" -v sp99="$s_p99" -v np99="$n_p99" 'BEGIN {
  printf "  %-16s %12s %12s\n", "", "requests/s", "p99 ms"
  printf "  %-16s %12.0f %12.3f\n", "stationd", srps, sp99
  printf "  %-16s %12.0f %12.3f\n", "nginx", nrps, np99
  printf "  %-16s %12.3f %12.3f\n", "stationd/nginx", (nrps > 0 ? srps / nrps : 0), (np99 > 0 ? sp99 / np99 : 0)
}'
