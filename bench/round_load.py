#!/usr/bin/env python3
"""A province-sized scoring round on `thidua serve --store` (issue #33), timed.

By hand, never in CI:

  python3 bench/round_load.py                          # 1,000 units, 230 criteria, 3 stages
  python3 bench/round_load.py --units 200 --criteria 60  # a quick look

Writes under bench/out/round/ (never committed) a pack whose scorecard has CRITERIA criteria
(each reads one figure against the unit's target, in groups of 23), a units sheet of UNITS
units in clusters of 20, and a fresh database. Then, through the pages as browsers use them:
the council opens the round and makes one account per unit and per cluster head; every unit
saves and sends its sheet (tự chấm); each cluster head accepts and sends cụm chấm; the council
accepts and sends thẩm định. It prints the latency of saving a sheet at each stage (median,
p95, p99 over every save, CLIENTS at a time), of opening a sheet page, the time of the
results (HTML, CSV) and of the export zip, and the database's size.
"""
import argparse
import concurrent.futures as cf
import csv
import http.client
import io
import os
import random
import shutil
import statistics
import subprocess
import time
import urllib.parse
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out", "round")
BIN = os.path.join(ROOT, "target", "release", "thidua")
PW = "mat-khau-do-tai-1234"
STAGES = ["tu_cham", "cum_cham", "tham_dinh"]


def pack(criteria):
    d = os.path.join(OUT, "rules", "vong-lon")
    os.makedirs(d, exist_ok=True)
    cols = ["      ma_don_vi: text", "      ten_don_vi: text", "      ma_cum: text",
            "      giai_doan: { type: enum, values: [tu_cham, cum_cham, tham_dinh] }"]
    for i in range(1, criteria + 1):
        cols.append(f"      th_{i:03}: {{ type: decimal, label: \"Thực hiện chỉ tiêu {i}\" }}")
        cols.append(f"      ct_{i:03}: {{ type: decimal, label: \"Chỉ tiêu {i} được giao\" }}")
    with open(os.path.join(d, "pack.yaml"), "w") as f:
        f.write("id: vong-lon\ntitle: \"Kỳ chấm cỡ tỉnh (đo tải)\"\nversion: \"1\"\nissuer: \"thidua bench\"\n"
                "legal_basis: [\"Đo tải\"]\neffective: { from: 2024-01-01 }\nas_of: 2024-12-31\n"
                "datasets:\n  don_vi:\n    subject: unit\n    key: ma_don_vi\n    name_column: ten_don_vi\n    columns:\n")
        f.write("\n".join(cols) + "\n")
    groups = []
    for g in range(0, criteria, 23):
        items = []
        for i in range(g + 1, min(g + 23, criteria) + 1):
            items.append(f"          - {{ id: tc_{i:03}, name: \"Tiêu chí {i}\", max: 4, method: target, "
                         f"actual: th_{i:03}, target: ct_{i:03} }}")
        groups.append(f"      - id: nhom_{g // 23 + 1:02}\n        name: \"Nhóm {g // 23 + 1}\"\n        items:\n"
                      + "\n".join(items))
    with open(os.path.join(d, "cham-diem.yaml"), "w") as f:
        f.write("scorecards:\n  - id: cham_diem\n    name: \"Bảng chấm điểm cỡ tỉnh\"\n    dataset: don_vi\n"
                "    group_by: ma_cum\n    stages: { column: giai_doan, order: [tu_cham, cum_cham, tham_dinh] }\n"
                "    groups:\n" + "\n".join(groups) + "\n")


def units_sheet(units, criteria):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["ma_don_vi", "ten_don_vi", "ma_cum"] + [f"ct_{i:03}" for i in range(1, criteria + 1)])
    for u in range(1, units + 1):
        w.writerow([f"DV{u:04}", f"Đơn vị {u}", f"C{(u - 1) // 20 + 1:03}"] + ["100"] * criteria)
    return buf.getvalue().encode()


class Client:
    def __init__(self, port):
        self.port, self.cookie, self.csrf = port, "", ""

    def req(self, method, path, body=None, ctype=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        h = {"cookie": self.cookie} if self.cookie else {}
        if ctype:
            h["content-type"] = ctype
        t = time.perf_counter()
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        dt = time.perf_counter() - t
        c.close()
        return r.status, data, r.getheader("set-cookie"), dt

    def login(self, name):
        body = urllib.parse.urlencode({"ten": name, "mat_khau": PW, "tiep": "/ky-cham"})
        st, _, cookie, _ = self.req("POST", "/dang-nhap", body, "application/x-www-form-urlencoded")
        assert st == 303, (name, st)
        self.cookie = cookie.split(";")[0]
        _, page, _, _ = self.req("GET", "/ky-cham")
        self.csrf = page.decode().split('name="csrf" value="')[1].split('"')[0]

    def form(self, path, fields):
        body = urllib.parse.urlencode([("csrf", self.csrf)] + fields)
        return self.req("POST", path, body, "application/x-www-form-urlencoded")

    def version(self, path):
        st, page, _, dt = self.req("GET", path)
        assert st == 200, (path, st, page[:300])
        return page.decode().split('name="phien_ban" value="')[1].split('"')[0], dt


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def line(name, xs):
    ms = [x * 1000 for x in xs]
    print(f"  {name:<34} n={len(ms):5}  p50 {statistics.median(ms):7.1f} ms  p95 {pct(ms, 95):7.1f} ms"
          f"  p99 {pct(ms, 99):7.1f} ms")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1000)
    ap.add_argument("--criteria", type=int, default=230)
    ap.add_argument("--clients", type=int, default=8)
    args = ap.parse_args()
    shutil.rmtree(OUT, ignore_errors=True)
    pack(args.criteria)
    db = os.path.join(OUT, "vong.db")
    subprocess.run([BIN, "account", "hoidong", "--store", db, "--role", "hoi_dong"], input=PW + "\n",
                   text=True, check=True, capture_output=True)
    server = subprocess.Popen([BIN, "serve", os.path.join(OUT, "rules"), "--store", db, "--bind", "127.0.0.1:0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(server.stdout.readline().strip().rstrip("/").rsplit(":", 1)[1])
        run(port, db, args, server.pid)
    finally:
        server.kill()


def run(port, db, args, pid):
    council = Client(port)
    council.login("hoidong")
    b = "----thidua" + uuid.uuid4().hex
    parts = [f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in [("csrf", council.csrf), ("bang_diem", "vong-lon/cham_diem"), ("ten", "Kỳ cỡ tỉnh")]]
    parts.append(f'--{b}\r\nContent-Disposition: form-data; name="don_vi"; filename="don_vi.csv"\r\n\r\n'.encode()
                 + units_sheet(args.units, args.criteria) + b"\r\n")
    t = time.perf_counter()
    st, body, _, _ = council.req("POST", "/ky-cham/moi", b"".join(parts) + f"--{b}--\r\n".encode(),
                                 f"multipart/form-data; boundary={b}")
    assert st == 303, body[:500]
    print(f"{args.units} units, {args.criteria} criteria, 3 stages, {args.clients} clients at a time")
    print(f"  open the round (units sheet read)    {time.perf_counter() - t:7.2f} s")
    units = [f"DV{u:04}" for u in range(1, args.units + 1)]
    clusters = sorted({f"C{(u - 1) // 20 + 1:03}" for u in range(1, args.units + 1)})
    t = time.perf_counter()
    accounts = [(u.lower(), "don_vi", u) for u in units] + [(c.lower(), "truong_cum", c) for c in clusters]
    with cf.ThreadPoolExecutor(args.clients) as ex:
        list(ex.map(lambda a: council.form("/tai-khoan", [("ten", a[0]), ("vai_tro", a[1]), ("pham_vi", a[2]),
                                                          ("mat_khau", PW)]), accounts))
    print(f"  {len(accounts)} accounts made (Argon2id)   {time.perf_counter() - t:7.2f} s")
    rnd = random.Random(7)
    fields = lambda: [(f"c_th_{i:03}", f"{rnd.randint(80, 130)},{rnd.randint(0, 9)}") for i in range(1, args.criteria + 1)]
    opens, saves = {s: [] for s in STAGES}, {s: [] for s in STAGES}

    def send(client, unit, stage, review=None):
        if review:
            v, _ = client.version(f"/ky-cham/1/don-vi/{unit}/{review}")
            st, _, _, _ = client.form(f"/ky-cham/1/don-vi/{unit}/{review}", [("phien_ban", v), ("hanh_dong", "nhan")])
            assert st == 303, st
        path = f"/ky-cham/1/don-vi/{unit}/{stage}"
        v, dt = client.version(path)
        opens[stage].append(dt)
        st, body, _, dt = client.form(path, [("phien_ban", v), ("hanh_dong", "gui")] + fields())
        assert st == 303, (st, body[:400])
        saves[stage].append(dt)

    def by_unit(u):
        c = Client(port)
        c.login(u.lower())
        send(c, u, "tu_cham")

    def by_head(cl):
        c = Client(port)
        c.login(cl.lower())
        for u in [x for x in units if f"C{(int(x[2:]) - 1) // 20 + 1:03}" == cl]:
            send(c, u, "cum_cham", review="tu_cham")

    for stage, work, items in [("tu_cham", by_unit, units), ("cum_cham", by_head, clusters)]:
        t = time.perf_counter()
        with cf.ThreadPoolExecutor(args.clients) as ex:
            list(ex.map(work, items))
        print(f"  stage {stage:<10} all sent          {time.perf_counter() - t:7.2f} s")
    t = time.perf_counter()
    with cf.ThreadPoolExecutor(args.clients) as ex:
        list(ex.map(lambda u: send(council, u, "tham_dinh", review="cum_cham"), units))
    print(f"  stage tham_dinh  all sent          {time.perf_counter() - t:7.2f} s")
    for s in STAGES:
        line(f"open a sheet ({s})", opens[s])
        line(f"save and send a sheet ({s})", saves[s])
    for name, path in [("results, HTML", "/ky-cham/1/ket-qua"), ("results, CSV", "/ky-cham/1/ket-qua?dinh-dang=csv"),
                       ("export zip (verifiable)", "/ky-cham/1/xuat"), ("round overview page", "/ky-cham/1")]:
        st, body, _, dt = council.req("GET", path)
        assert st == 200, (path, st, body[:300])
        print(f"  {name:<34} {dt:7.2f} s  ({len(body) / 1e6:.1f} MB)")
    size = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT) if f.startswith("vong.db"))
    print(f"  database (with WAL)                {size / 2**20:7.1f} MiB")
    with open(f"/proc/{pid}/status") as f:
        hwm = [l for l in f if l.startswith("VmHWM")][0].split()[1]
    print(f"  server peak memory (VmHWM)         {int(hwm) / 1024:7.1f} MiB")


if __name__ == "__main__":
    main()
