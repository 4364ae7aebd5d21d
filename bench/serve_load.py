#!/usr/bin/env python3
"""Load on `thidua serve`: concurrent pre-checks of one nomination, as commune
officers send them from the form, or concurrent uploads of a whole sheet.
Starts the server on a free loopback port, runs CLIENTS clients for SECONDS
each posting, and prints requests per second, latency percentiles and the
server's peak memory (VmHWM). A measurement, not a test:

    python3 bench/serve_load.py [--clients 50] [--seconds 20]
    python3 bench/serve_load.py --upload data/luat-tdkt-2022/ca_nhan.csv --clients 8
    python3 bench/serve_load.py --upload big.csv --max-file-mb 64 --concurrent 2

Needs target/release/thidua (cargo build --release).
"""
import argparse, http.client, os, subprocess, threading, time, urllib.parse, uuid

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
    ap.add_argument("--upload", help="a ca_nhan sheet to upload (luat-tdkt-2022) instead of the pre-check")
    ap.add_argument("--max-file-mb", type=int, default=None)
    ap.add_argument("--concurrent", type=int, default=None)
    args = ap.parse_args()
    cmd = [os.path.join(ROOT, "target/release/thidua"), "serve", "rules", "--bind", "127.0.0.1:0"]
    if args.max_file_mb:
        cmd += ["--max-file-mb", str(args.max_file_mb)]
    if args.concurrent:
        cmd += ["--concurrent", str(args.concurrent)]
    server = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = server.stdout.readline().split()[-1]
        host, port = urllib.parse.urlparse(url).hostname, urllib.parse.urlparse(url).port
        body = urllib.parse.urlencode(FORM).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        path, expect = PATH, "Đạt".encode()
        if args.upload:
            boundary = uuid.uuid4().hex
            data = open(os.path.join(ROOT, args.upload), "rb").read()
            parts = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"ca_nhan\"; filename=\"ca_nhan.csv\"\r\n"
                     f"Content-Type: text/csv\r\n\r\n".encode() + data + b"\r\n"]
            for k, v in [("as_of", "31/12/2024"), ("viec", "check"), ("format", "csv")]:
                parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode())
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
            path, expect = "/goi/luat-tdkt-2022/tai-len", b"lao_dong_tien_tien"
        latencies, errors, lock = [], [0], threading.Lock()
        deadline = time.monotonic() + args.seconds

        def client():
            conn = http.client.HTTPConnection(host, port, timeout=120)
            mine, bad = [], 0
            while time.monotonic() < deadline:
                t = time.monotonic()
                conn.request("POST", path, body, headers)
                r = conn.getresponse()
                page = r.read()
                if r.status != 200 or expect not in page:
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
              f"max {latencies[-1] * 1000:.0f} ms  peak {peak_mb(server.pid)} MB  (nproc {os.cpu_count()})")
    finally:
        server.terminate()
        server.wait()


def peak_mb(pid):
    """The server's peak resident memory so far."""
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return "?"


if __name__ == "__main__":
    main()
