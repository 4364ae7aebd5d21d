#!/usr/bin/env python3
"""Two builds (or more) timed against each other, run by run: A, B, A, B, ...

    python3 bench/ab.py 30 "/tmp/thidua.old check PACK --data X --output /tmp/a.csv" \
                           "target/dist/thidua check PACK --data X --output /tmp/b.csv"

Each command runs N times (after two warm-up rounds), alternating, so a noisy machine's slow
minutes fall on both alike. Prints each command's median and fastest wall time and processor
time (user + system, from the kernel's accounting of the finished child). Compare the outputs
with `cmp` separately: this only times.
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    n = int(sys.argv[1])
    cmds = [shlex.split(c) for c in sys.argv[2:]]
    wall = [[] for _ in cmds]
    cpu = [[] for _ in cmds]
    for i in range(n + 2):
        for k, c in enumerate(cmds):
            t = time.perf_counter()
            p = subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(p.pid, 0)
            w = time.perf_counter() - t
            if status != 0:
                sys.exit(f"failed ({status}): {' '.join(c)}")
            if i >= 2:
                wall[k].append(w * 1000)
                cpu[k].append((usage.ru_utime + usage.ru_stime) * 1000)
    for k, c in enumerate(cmds):
        print(f"{k}: wall median {statistics.median(wall[k]):7.2f} ms, fastest {min(wall[k]):7.2f}; "
              f"cpu median {statistics.median(cpu[k]):7.2f} ms, least {min(cpu[k]):7.2f}  {os.path.basename(c[0])}")


if __name__ == "__main__":
    main()
