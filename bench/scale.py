#!/usr/bin/env python3
"""What a national run costs as it grows (docs/scale.md). By hand, never in CI: the 16x size
writes about 1.9 GB of input and 2.4 GB of results under bench/out/scale/ (never committed).

  python3 bench/scale.py                   # 1x, 4x and 16x the standard large size
  python3 bench/scale.py --factors 1 4     # smaller
  python3 bench/scale.py --keep            # keep the generated files afterwards

The standard large workload (../shared/bench/gen_workload.py, 2,000,000 individuals and 20,000
units in 2,000 clusters) is copied k times with every key made unique (`02-`, `03-`, ... put before
the person, unit and cluster codes), so clusters keep their size and each copy's results equal
the original's. For each size it runs `thidua check` (titles, by subject, CSV) on a file in key order and on one
whose copies carry `-2`, `-3`, ... after the code instead (out of key order), and `thidua score`
(30 criteria, ranked per cluster, CSV) on bench/khoi-luong-chuan with two threads, and prints wall
time, CPU time, peak resident memory and the size of what was written. It also checks that every
copy's rows got the same titles and totals as the first copy, so a figure is never of a wrong run.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "bench")
BASE = os.path.join(ROOT, "bench", "out", "standard", "large")
OUT = os.path.join(ROOT, "bench", "out", "scale")
PACK = os.path.join(ROOT, "bench", "khoi-luong-chuan")
# The binary users get (Cargo.toml, `profile.dist`), as bench/standard.py measures.
THIDUA = os.path.join(ROOT, "target", "dist", "thidua")


def base_data():
    if not os.path.exists(os.path.join(BASE, "ca_nhan.csv")):
        subprocess.run([sys.executable, os.path.join(SHARED, "gen_workload.py"), "--individuals", "2000000",
                        "--units", "20000", "--clusters", "2000", "--seed", "42", "--out", BASE], check=True)
    return BASE


def replicate(src, dst, k, key_columns, sorted_keys):
    """`src` copied k times with unique keys. `sorted_keys`: copy j's key columns get the prefix
    `jj-` (file order stays key order, as an export sorted by code); otherwise copies after the
    first get the suffix `-j` (the file is out of key order, as sheets of several provinces put
    end to end)."""
    with open(src, encoding="utf-8", newline="") as f:
        header = f.readline()
        body = f.read()
    cols = header.rstrip("\n").split(",")
    idx = sorted(cols.index(c) for c in key_columns)
    with open(dst, "w", encoding="utf-8", newline="") as out:
        out.write(header)
        for j in range(1, k + 1):
            if j == 1 and not sorted_keys:
                out.write(body)
                continue
            lines = []
            for line in body.splitlines():
                cells = line.split(",")
                for i in idx:
                    cells[i] = f"{j:02d}-{cells[i]}" if sorted_keys else f"{cells[i]}-{j}"
                lines.append(",".join(cells))
            out.write("\n".join(lines) + "\n")


def run(cmd):
    """Wall (s), user+system CPU (s) and peak resident memory (MiB) of one whole process."""
    stats = os.path.join(OUT, "time.txt")
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", stats, *cmd], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr.decode()}")
    user, system, kib = open(stats).read().split()[-3:]
    return wall, float(user) + float(system), int(kib) / 1024


def same_per_copy(path, key, fields, k):
    """Every copy's rows carry the same values as the first copy's."""
    import csv
    by_code, seen = {}, 0
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            code = r[key]
            if code[2:3] == "-" and code[:2].isdigit():
                code = code[3:]
            code = code.split("-")[0]
            by_code.setdefault(code, set()).add(tuple(r[x] for x in fields))
            seen += 1
    differ = [c for c, v in by_code.items() if len(v) != 1]
    if differ or seen != k * len(by_code):
        sys.exit(f"{path}: {seen} rows for {len(by_code)} codes x {k}; copies differ for {differ[:3]}")
    return seen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--factors", nargs="+", type=int, default=[1, 4, 16])
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per cell (the fastest is shown)")
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--profile", "dist", "--quiet"], cwd=ROOT, check=True)
    base = base_data()
    os.makedirs(OUT, exist_ok=True)
    print(f"{'run':24} {'size':>4} {'rows':>11} {'input MB':>9} {'wall s':>7} {'CPU s':>6} {'rows/s':>11} "
          f"{'peak MiB':>8} {'output MB':>9}")
    for k in a.factors:
        d = os.path.join(OUT, f"x{k}")
        os.makedirs(d, exist_ok=True)
        people, mixed, units = (os.path.join(d, f) for f in ("ca_nhan.csv", "ca_nhan_xen_ke.csv", "don_vi.csv"))
        if not os.path.exists(units):
            replicate(os.path.join(base, "ca_nhan.csv"), people, k, ["ma_ca_nhan"], True)
            replicate(os.path.join(base, "ca_nhan.csv"), mixed, k, ["ma_ca_nhan"], False)
            replicate(os.path.join(base, "don_vi.csv"), units, k, ["ma_don_vi", "ma_cum"], True)
        limits = ["--threads", "2", "--max-rows", str(k * 2_000_000 + 1), "--max-file-mb", str(k * 200)]
        titles = ["--format", "csv", "--by-subject", "--output", os.path.join(d, "danh_hieu.csv")]
        jobs = [
            ("titles", people, [THIDUA, "check", PACK, *limits, "--data", f"ca_nhan={people}", *titles],
             ("danh_hieu.csv", "ma", ["danh_hieu_cao_nhat"])),
            ("titles, out of key order", mixed,
             [THIDUA, "check", PACK, *limits, "--data", f"ca_nhan={mixed}", *titles],
             ("danh_hieu.csv", "ma", ["danh_hieu_cao_nhat"])),
            ("scoring", units, [THIDUA, "score", PACK, *limits, "--data", units, "--format", "csv",
                                "--output", os.path.join(d, "bang_diem.csv")],
             ("bang_diem.csv", "ma", ["tong_diem", "xep_hang"])),
        ]
        for name, data, cmd, (result, key, fields) in jobs:
            run(cmd)  # warm the page cache
            wall, cpu, mib = min((run(cmd) for _ in range(a.runs)), key=lambda x: x[0])
            rows = same_per_copy(os.path.join(d, result), key, fields, k)
            print(f"{name:24} {k:>3}x {rows:>11,} {os.path.getsize(data) / 1e6:>9.0f} {wall:>7.2f} {cpu:>6.2f} "
                  f"{rows / wall:>11,.0f} {mib:>8.0f} {os.path.getsize(os.path.join(d, result)) / 1e6:>9.0f}",
                  flush=True)
        if not a.keep and k > 1:
            shutil.rmtree(d)
    print("every copy's titles, totals and ranks equal the first copy's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
