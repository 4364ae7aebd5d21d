#!/usr/bin/env python3
"""Generates large inputs for thidua (never committed; written under bench/out/):

  individuals: a ca_nhan.csv for rules/luat-tdkt-2022 with N people;
  provincial:  a pack with a three-level scorecard of 160 criteria mixing target,
               target_lower, pass_fail, count and cluster-relative methods, and data
               for U units in C clusters.

Deterministic (seeded). Usage:
  python3 bench/gen_large.py --individuals 1000000 --units 2000 --clusters 200 --out bench/out
"""
import argparse, os, random

def individuals(path, n, rnd):
    levels = ["xuat_sac", "tot", "tot", "tot", "hoan_thanh", "khong_hoan_thanh"]
    with open(path, "w", encoding="utf-8") as f:
        f.write("ma_ca_nhan,ho_ten,ma_don_vi,ngay_tuyen_dung,muc_hoan_thanh,tu_luc_doan_ket,so_sang_kien,so_de_tai,muu_tri_sang_tao,dang_xem_xet_ky_luat\n")
        for i in range(n):
            y = rnd.randint(1995, 2024)
            m = rnd.randint(1, 12)
            d = rnd.randint(1, 28)
            f.write(f"CN{i:08d},Người {i},DV{i % 5000:04d},{d:02d}/{m:02d}/{y},{rnd.choice(levels)},"
                    f"{'có' if rnd.random() < 0.95 else 'không'},{rnd.choice([0, 0, 0, 1, 2])},{rnd.choice([0, 0, 0, 0, 1])},"
                    f"{'có' if rnd.random() < 0.01 else 'không'},{'có' if rnd.random() < 0.02 else 'không'}\n")

METHODS = ["target", "target_lower", "pass_fail", "count", "relative"]

def provincial(out, units, clusters, rnd):
    pack = os.path.join(out, "pack")
    os.makedirs(pack, exist_ok=True)
    cols = []
    lines = []
    leaf = 0
    for g in range(10):
        lines.append(f"      - id: nhom_{g}\n        name: \"Nhóm {g + 1}\"\n        items:")
        for s in range(4):
            lines.append(f"          - id: nhom_{g}_{s}\n            name: \"Mục {g + 1}.{s + 1}\"\n            items:")
            for k in range(4):
                m = METHODS[leaf % len(METHODS)]
                lid = f"tc_{leaf:03d}"
                a, t = f"a_{leaf:03d}", f"t_{leaf:03d}"
                body = f"              - id: {lid}\n                name: \"Tiêu chí {g + 1}.{s + 1}.{k + 1}\"\n                max: {rnd.choice([2, 3, 5])}\n                method: {m}\n"
                if m in ("target", "target_lower"):
                    body += f"                actual: {a}\n                target: {t}\n"
                    if m == "target":
                        body += "                bonus: { per_percent: 0.1, cap: 0.5 }\n"
                    cols += [a, t]
                elif m == "pass_fail":
                    body += f"                when: \"{a} >= {t}\"\n"
                    cols += [a, t]
                elif m == "count":
                    body += f"                value: {a}\n                points_each: 0.5\n"
                    cols += [a]
                else:
                    body += f"                value: {a}\n                direction: higher\n"
                    cols += [a]
                lines.append(body.rstrip("\n"))
                leaf += 1
    columns = "\n".join(f"      {c}: decimal" for c in cols)
    with open(os.path.join(pack, "pack.yaml"), "w", encoding="utf-8") as f:
        f.write(f"""id: tinh-mau
title: "Bảng chấm điểm cấp tỉnh mẫu (160 tiêu chí, 3 cấp)"
effective: {{ from: 2024-01-01, to: 2024-12-31 }}
datasets:
  don_vi:
    subject: unit
    key: ma_don_vi
    name_column: ten_don_vi
    columns:
      ma_don_vi: text
      ten_don_vi: text
      ma_cum: text
{columns}
""")
    with open(os.path.join(pack, "scorecard.yaml"), "w", encoding="utf-8") as f:
        f.write("scorecards:\n  - id: tinh\n    name: \"Bảng chấm điểm cấp tỉnh\"\n    dataset: don_vi\n    group_by: ma_cum\n    groups:\n")
        f.write("\n".join(lines) + "\n")
        f.write("    ranking: { tie_break: [nhom_0, key] }\n    proposals:\n      - { award: co_thi_dua, name: \"Cờ thi đua\", ranks: { from: 1, to: 1 } }\n")
    with open(os.path.join(out, "don_vi.csv"), "w", encoding="utf-8") as f:
        f.write("ma_don_vi,ten_don_vi,ma_cum," + ",".join(cols) + "\n")
        for u in range(units):
            vals = []
            for c in cols:
                vals.append(f"{rnd.randint(0, 12000) / 100:.2f}" if c.startswith("a_") else f"{rnd.randint(5000, 10000) / 100:.2f}")
            f.write(f"DV{u:05d},Đơn vị {u},C{u % clusters:04d}," + ",".join(vals) + "\n")

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--individuals", type=int, default=1_000_000)
    p.add_argument("--units", type=int, default=2000)
    p.add_argument("--clusters", type=int, default=200)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", default="bench/out")
    a = p.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(os.path.join(a.out, "luat"), exist_ok=True)
    individuals(os.path.join(a.out, "luat", "ca_nhan.csv"), a.individuals, rnd)
    provincial(os.path.join(a.out, "tinh"), a.units, a.clusters, rnd)

if __name__ == "__main__":
    main()
