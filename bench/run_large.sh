#!/usr/bin/env bash
# Times thidua on large generated inputs (see gen_large.py). By hand, not in CI:
#   bash bench/run_large.sh [individuals] [units] [clusters]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}; U=${2:-2000}; C=${3:-200}
cargo build --release --quiet
python3 bench/gen_large.py --individuals "$N" --units "$U" --clusters "$C" --out bench/out
T=./target/release/thidua
run() { /usr/bin/time -f "  %e s wall, %M KiB peak" "$@" >/dev/null; }
echo "check: luat-tdkt-2022 on $N individuals (csv out)"
run $T check rules/luat-tdkt-2022 --data bench/out/luat/ca_nhan.csv --as-of 2024-12-31 --format csv --output bench/out/luat/ket_qua.csv
echo "validate: provincial scorecard (160 criteria, 3 levels)"
run $T validate bench/out/tinh/pack
echo "score: $U units in $C clusters"
run $T score bench/out/tinh/pack --data bench/out/tinh/don_vi.csv --format csv --output bench/out/tinh/bang_diem.csv
