#!/usr/bin/env python3
"""Load on `thidua serve`: concurrent pre-checks of one nomination, as commune
officers send them from the form. Starts the server on a free loopback port,
runs CLIENTS clients for SECONDS each posting the pre-check form, and prints
requests per second and latency percentiles. A measurement, not a test:

    python3 bench/serve_load.py [--clients 50] [--seconds 20]

Needs target/release/thidua (cargo build --release).
"""
import argparse, http.client, os, subprocess, threading, time, urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORM = {
    "c.ma_ca_nhan": "CN9", "c.ho_ten": "Nguyễn Thị Mai", "c.ma_don_vi": "UBX",
    "c.ngay_tuyen_dung": "2015-03-15", "c.muc_hoan_thanh": "tot", "c.tu_luc_doan_ket": "có",
    "c.so_sang_kien": "0", "c.so_de_tai": "0", "c.muu_tri_sang_tao": "không",
    "c.dang_xem_xet_ky_luat": "không", "as_of": "2024-12-31",
}
PATH = "/goi/luat-tdkt-2022/kiem-tra/ca_nhan"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20)
    args = ap.parse_args()
    server = subprocess.Popen(
        [os.path.join(ROOT, "target/release/thidua"), "serve", "rules", "--bind", "127.0.0.1:0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = server.stdout.readline().split()[-1]
        host, port = urllib.parse.urlparse(url).hostname, urllib.parse.urlparse(url).port
        body = urllib.parse.urlencode(FORM).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        latencies, errors, lock = [], [0], threading.Lock()
        deadline = time.monotonic() + args.seconds

        def client():
            conn = http.client.HTTPConnection(host, port, timeout=120)
            mine, bad = [], 0
            while time.monotonic() < deadline:
                t = time.monotonic()
                conn.request("POST", PATH, body, headers)
                r = conn.getresponse()
                page = r.read()
                if r.status != 200 or "Đạt".encode() not in page:
                    bad += 1
                mine.append(time.monotonic() - t)
            with lock:
                latencies.extend(mine)
                errors[0] += bad

        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        start = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - start
        latencies.sort()
        pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
        print(f"clients {args.clients}  requests {len(latencies)}  errors {errors[0]}  "
              f"{len(latencies) / elapsed:.1f} req/s  p50 {pct(0.50):.0f} ms  p99 {pct(0.99):.0f} ms  "
              f"max {latencies[-1] * 1000:.0f} ms  (nproc {os.cpu_count()})")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
