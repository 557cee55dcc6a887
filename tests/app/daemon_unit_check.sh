#!/bin/sh
# Checks the installed systemd unit: `cmake --install` into a temporary
# prefix, then `systemd-analyze verify` must be clean and the offline
# security exposure at most 1.5 (threshold 15 on systemd's 0..100 scale).
# Usage: daemon_unit_check.sh BUILD_DIR
set -eu
build="$1"
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "systemd-analyze not installed: skipped"
  exit 0
fi
prefix="$(mktemp -d /tmp/nianbao-unit.XXXXXX)"
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
unit="$prefix/lib/systemd/system/nianbao.service"
test -f "$prefix/etc/nianbao/nianbao.toml"
out="$(systemd-analyze verify "$unit" 2>&1)" || { echo "$out"; exit 1; }
if [ -n "$out" ]; then echo "systemd-analyze verify is not clean:"; echo "$out"; exit 1; fi
systemd-analyze security --offline=true --threshold=15 "$unit" | tail -1
