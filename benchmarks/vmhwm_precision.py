"""How exactly Linux records a process's RSS high-water mark (VmHWM), the probe's peak.

Each round resets the mark (``5`` into ``/proc/self/clear_refs``), maps and fills an
anonymous region of 300 MiB through libc, so that nothing else is freed in between,
reads ``/proc/self/status`` while the region is resident, unmaps it and reads the status
again. The kernel updates the mark when the RSS is about to fall, at the unmap; a mark below
the RSS that the kernel itself reported just before is the kernel's own shortfall, which no
reader of VmHWM (the probe included) can make up.

    python benchmarks/vmhwm_precision.py [--processes N] [--rounds N]
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import platform
import re
import subprocess
import sys

MiB = 2**20
REGION = 300 * MiB
PROT_READ_WRITE = 0x1 | 0x2
MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20


def _libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [
        ctypes.c_void_p,
        ctypes.c_size_t,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_long,
    ]
    libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
    return libc


def _status_kib(fd: int) -> dict[str, int]:
    text = os.pread(fd, 4096, 0).decode()
    return {key: int(re.search(rf"{key}:\s+(\d+)", text).group(1)) for key in ("VmHWM", "VmRSS")}  # type: ignore[union-attr]


def _shortfalls(libc: ctypes.CDLL, rounds: int, page_kib: int) -> list[int]:
    """Pages by which the mark after each unmap fell below the RSS read before it."""
    status = os.open("/proc/self/status", os.O_RDONLY)
    clear_refs = os.open("/proc/self/clear_refs", os.O_WRONLY)
    short_pages: list[int] = []
    try:
        for _ in range(rounds):
            os.write(clear_refs, b"5")
            region = libc.mmap(None, REGION, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0)
            if region in (None, ctypes.c_void_p(-1).value):
                raise OSError(ctypes.get_errno(), "mmap failed")
            libc.memset(region, 1, REGION)
            resident = _status_kib(status)["VmRSS"]
            libc.munmap(region, REGION)
            mark = _status_kib(status)["VmHWM"]
            short_pages.append((resident - mark) // page_kib)
    finally:
        os.close(status)
        os.close(clear_refs)
    return sorted(short_pages)


def _child(rounds: int, one_cpu: bool) -> None:
    cpus = os.sched_getaffinity(0)
    if one_cpu:
        os.sched_setaffinity(0, {min(cpus)})
    page_kib = os.sysconf("SC_PAGE_SIZE") // 1024
    print(json.dumps(_shortfalls(_libc(), rounds, page_kib)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="rounds per process")
    parser.add_argument("--processes", type=int, default=8, help="fresh processes per mode")
    parser.add_argument("--child", choices=("any", "one"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.rounds, args.child == "one")
        return
    print(
        f"Linux {platform.release()}, {len(os.sched_getaffinity(0))} CPUs, {args.processes}"
        f" processes of {args.rounds} rounds of {REGION // MiB} MiB per mode"
    )
    print("VmHWM after the unmap below the VmRSS read while the region was resident, pages:")
    # How far the two readings differ depends on where the process's page counts lie in the
    # kernel's per-CPU counters, which differs from process to process: fresh ones each time.
    for label, mode in (("may run on any CPU", "any"), ("kept on one CPU", "one")):
        short: list[int] = []
        for _ in range(args.processes):
            child = [sys.executable, __file__, "--child", mode, "--rounds", str(args.rounds)]
            short += json.loads(subprocess.run(child, check=True, capture_output=True).stdout)
        short.sort()
        print(
            f"  {label}: median {short[len(short) // 2]}, min {short[0]}, max {short[-1]}"
            f" ({short[-1] * os.sysconf('SC_PAGE_SIZE') / REGION:.3%} of the region at most)"
        )


if __name__ == "__main__":
    main()
