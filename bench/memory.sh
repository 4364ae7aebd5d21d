#!/usr/bin/env bash
# Peak memory of `check` on copies of the Law 2022 sample (by hand, not in
# CI): the figures of README "Large inputs". Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 - "$out" <<'PY'
import sys
out = sys.argv[1]
lines = open('data/luat-tdkt-2022/ca_nhan.csv', encoding='utf-8').read().splitlines()
head, rows = lines[0], [l.split(',', 1)[1] for l in lines[1:]]
for name, n in [('115k', 115_000), ('1200k', 1_200_000)]:
    with open(f'{out}/{name}.csv', 'w', encoding='utf-8') as f:
        f.write(head + '\n')
        for i in range(n):
            f.write(f'P{i:07d},{rows[i % len(rows)]}\n')
PY
bin=target/release/thidua
peak() { /usr/bin/time -f "%M KB  %e s  $1" "${@:2}" >/dev/null 2>"$out/err" || true; tail -1 "$out/err"; }
for n in 115k 1200k; do
  for f in csv json; do
    peak "$n $f" $bin check rules/luat-tdkt-2022 --data "ca_nhan=$out/$n.csv" --as-of 2024-12-31 \
      --award lao_dong_tien_tien --format $f --output "$out/r.$f"
  done
done
peak "115k every award json" $bin check rules/luat-tdkt-2022 \
  --data "ca_nhan=$out/115k.csv" --as-of 2024-12-31 --format json --output "$out/all.json"
peak "115k every award json, --trace (every row at once)" $bin check rules/luat-tdkt-2022 \
  --data "ca_nhan=$out/115k.csv" --as-of 2024-12-31 --format json --output "$out/all.json" --trace "$out/all.trace"
for mb in 10 50; do
  peak "pipe, --max-file-mb $mb" sh -c "cat $out/1200k.csv | $bin check rules/luat-tdkt-2022 \
    --data ca_nhan=/dev/stdin --as-of 2024-12-31 --award lao_dong_tien_tien --format csv --max-file-mb $mb"
done
