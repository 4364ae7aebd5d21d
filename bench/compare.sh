#!/bin/bash
# Two thidua binaries on the standard workload's large data, alternating runs
# (by hand, never in CI): tells a change's cost apart from the machine's mood.
#   bench/compare.sh OLD_BINARY [NEW_BINARY] [RUNS]
# Needs the data of `python3 bench/standard.py --sizes large` (bench/out/standard/large).
# Binaries older than the per-command options (2026-11-30) take --threads before the command.
set -euo pipefail
old=$1; new=${2:-target/release/thidua}; runs=${3:-5}
D=bench/out/standard/large; P=bench/khoi-luong-chuan
secs() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; echo "$(date +%s.%N) - $s" | bc; }
args() { # binary workload
  local b=$1 w=$2 threads=(--threads 2)
  if [ "$w" = titles ]; then set -- check "$P" --data "$D/ca_nhan.csv" --format csv --by-subject; else set -- score "$P" --data "$D/don_vi.csv" --format csv; fi
  if "$b" "$1" --help 2>/dev/null | grep -q -- '--threads'; then echo "$@" "${threads[@]}"; else echo "${threads[@]}" "$@"; fi
}
for w in titles scoring; do
  read -r -a a <<<"$(args "$old" $w)"; read -r -a b <<<"$(args "$new" $w)"
  for _ in $(seq "$runs"); do
    echo "$w old $(secs "$old" "${a[@]}" --output /tmp/compare_old.csv) new $(secs "$new" "${b[@]}" --output /tmp/compare_new.csv)"
  done
done
