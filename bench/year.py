#!/usr/bin/env python3
"""A district's year, timed (issue #32): `thidua run` on a year the size of a district.

By hand, never in CI:

  python3 bench/year.py                       # 30 communes, 3,000 people, 4 clusters, 3 runs
  python3 bench/year.py --communes 120 --people 12000 --clusters 8 --runs 1

It writes, under bench/out/year/ (never committed), a year file reading the shipped packs
(rules/luat-tdkt-2022, rules/cum-thi-dua-vi-2024, rules/khen-thuong-huyen-2024) and data made
from the shipped samples: each sample row copied under new keys, so that every value is one the
packs already read. Then it times the whole `thidua run` (wall clock, peak resident memory of
the process) and checks that a second run gives the same bytes.
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out", "year")
BIN = os.path.join(ROOT, "target", "release", "thidua")


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        r = csv.reader(f)
        head = next(r)
        return head, list(r)


def write(path, head, body):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(head)
        w.writerows(body)


def generate(communes, people, clusters):
    data = os.path.join(ROOT, "data")
    # Offices: five per commune; people spread over them.
    offices = [f"C{c:03d}O{o}" for c in range(communes) for o in range(5)]
    head, sample = rows(os.path.join(data, "luat-tdkt-2022", "ca_nhan.csv"))
    key, unit = head.index("ma_ca_nhan"), head.index("ma_don_vi")
    ca_nhan = []
    for i in range(people):
        r = list(sample[i % len(sample)])
        r[key] = f"P{i:06d}"
        r[unit] = offices[i % len(offices)]
        ca_nhan.append(r)
    write(os.path.join(OUT, "data", "ca_nhan.csv"), head, ca_nhan)
    th, tsample = rows(os.path.join(data, "luat-tdkt-2022", "tap_the.csv"))
    tap_the = []
    for i, o in enumerate(offices):
        r = list(tsample[i % len(tsample)])
        r[0], r[1] = o, f"Cơ quan {o}"
        tap_the.append(r)
    write(os.path.join(OUT, "data", "tap_the.csv"), th, tap_the)
    # Communes: the cluster sample's rows per round, under new keys and clusters.
    dh, dsample = rows(os.path.join(data, "cum-thi-dua-vi-2024", "don_vi.csv"))
    by_round = {}
    for r in dsample:
        by_round.setdefault(r[3], []).append(r)
    don_vi = []
    for rnd, rs in by_round.items():
        for c in range(communes):
            r = list(rs[c % len(rs)])
            r[0], r[1], r[2] = f"X{c:03d}", f"Xã {c:03d}", f"K{c % clusters + 1}"
            don_vi.append(r)
    write(os.path.join(OUT, "data", "don_vi.csv"), dh, don_vi)
    write(os.path.join(OUT, "data", "xa.csv"), ["ma_don_vi", "ten_don_vi", "khong_vi_pham"],
          [[f"X{c:03d}", f"Xã {c:03d}", "có"] for c in range(communes)])
    write(os.path.join(OUT, "data", "co_quan.csv"), ["ma_don_vi", "ten_don_vi"], [[o, f"Cơ quan {o}"] for o in offices])
    write(os.path.join(OUT, "data", "can_bo.csv"), ["ma_ca_nhan", "ma_don_vi"], [[r[key], r[unit]] for r in ca_nhan])
    rules = os.path.join(ROOT, "rules")
    year = f"""id: nam-2024-bench
title: "Năm của một huyện ({communes} xã, {people} người, {clusters} cụm)"
as_of: 2024-12-31
steps:
  - id: danh_hieu
    check: {rules}/luat-tdkt-2022
    awards: [lao_dong_tien_tien, chien_si_thi_dua_co_so, tap_the_lao_dong_tien_tien]
    data: [data/ca_nhan.csv, data/tap_the.csv]
  - id: cham_diem_cum
    score: {rules}/cum-thi-dua-vi-2024
    data: [data/don_vi.csv]
  - id: khen_thuong_huyen
    check: {rules}/khen-thuong-huyen-2024
    data: [data/xa.csv, data/co_quan.csv, data/can_bo.csv]
    from:
      xa: {{ tong_diem: cham_diem_cum.tong_diem, xep_hang: cham_diem_cum.xep_hang, xep_loai: cham_diem_cum.xep_loai }}
      can_bo: {{ lao_dong_tien_tien: danh_hieu.lao_dong_tien_tien, chien_si_thi_dua_co_so: danh_hieu.chien_si_thi_dua_co_so }}
"""
    with open(os.path.join(OUT, "nam.yaml"), "w", encoding="utf-8") as f:
        f.write(year)


def run_once(out):
    # The child's own peak, from wait4: RUSAGE_CHILDREN would also hold cargo's.
    start = time.perf_counter()
    p = subprocess.Popen([BIN, "run", os.path.join(OUT, "nam.yaml"), "--output", out],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    took = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"thidua run failed:\n{p.stderr.read().decode()}")
    return took, usage.ru_maxrss


def tree(d):
    out = {}
    for base, _, files in os.walk(d):
        for f in files:
            p = os.path.join(base, f)
            with open(p, "rb") as h:
                out[os.path.relpath(p, d)] = h.read()
    return out


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--communes", type=int, default=30)
    a.add_argument("--people", type=int, default=3000)
    a.add_argument("--clusters", type=int, default=4)
    a.add_argument("--runs", type=int, default=3)
    args = a.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    generate(args.communes, args.people, args.clusters)
    times = []
    peak = 0
    for i in range(args.runs):
        t, m = run_once(os.path.join(OUT, "ho-so"))
        times.append(t)
        peak = max(peak, m)
        if i == 0:
            first = tree(os.path.join(OUT, "ho-so"))
    same = tree(os.path.join(OUT, "ho-so")) == first
    files = len(first)
    size = sum(len(v) for v in first.values())
    print(f"{args.communes} communes, {args.people} people, {args.clusters} clusters: "
          f"median {statistics.median(times):.2f} s over {args.runs} runs "
          f"(min {min(times):.2f}, max {max(times):.2f}); peak RSS {peak / 1024:.1f} MiB; "
          f"dossier {files} files, {size / 1024:.0f} KiB; runs identical: {same}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
