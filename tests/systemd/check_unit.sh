#!/bin/sh
# Checks systemd/stationd.service with systemd-analyze: `verify` must be clean and
# the offline `security` exposure score must be at most 2.0. The score is written
# to $2 so the build keeps a record of it.
# Usage: check_unit.sh SOURCE_DIR RESULT_FILE STATIOND_BINARY STATIONCTL_BINARY
set -eu
src=$1
result=$2
binary=$3
ctl_binary=$4
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "systemd-analyze not installed: skipping"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# verify needs the programs the unit names to exist: point them at the build.
sed -e "s|/usr/bin/stationd |$binary |g" -e "s|/usr/bin/stationctl |$ctl_binary |g" "$src/systemd/stationd.service" > "$work/stationd.service"
if ! systemd-analyze verify --man=no "$work/stationd.service" > "$work/verify.log" 2>&1; then
  cat "$work/verify.log"
  echo "systemd-analyze verify failed"
  exit 1
fi
if [ -s "$work/verify.log" ]; then
  cat "$work/verify.log"
  echo "systemd-analyze verify printed warnings"
  exit 1
fi

systemd-analyze security --offline=yes --no-pager "$src/systemd/stationd.service" > "$work/security.log" 2>&1 || true
score=$(sed -n 's/.*Overall exposure level for stationd.service: \([0-9.]*\).*/\1/p' "$work/security.log")
if [ -z "$score" ]; then
  cat "$work/security.log"
  echo "no exposure score found"
  exit 1
fi
printf 'stationd.service exposure %s (systemd %s)\n' "$score" \
  "$(systemd-analyze --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p')" > "$result"
cat "$result"
awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || { grep '✗' "$work/security.log"; echo "exposure $score is above 2.0"; exit 1; }
