"""The kernel process's memory: resident size now, and the peak of a cell.

Linux gives both exactly and cheaply: RSS from ``/proc/self/statm`` and the high-water mark
``VmHWM``, which writing ``5`` to ``/proc/self/clear_refs`` resets before each cell. Where that
reset is refused, a sampling thread stands in and the record names that weaker method.

These reads and writes keep the GIL (see `_Files`).
"""

from __future__ import annotations

import contextlib
import os
import threading
from typing import Any, Callable

PEAK_VMHWM = "vmhwm"
PEAK_SAMPLING = "sampling"
PEAK_ENDPOINTS = "endpoints"

_SAMPLE_INTERVAL = 0.001


def _page_size() -> int:
    try:
        return int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return 4096


def _open(path: str, flags: int) -> int | None:
    try:
        return os.open(path, flags)
    except OSError:
        return None


class _Files:
    """pread and write on /proc files, through libc without releasing the GIL where ctypes
    can call it so.

    ``os.pread`` and ``os.write`` release the GIL. Right after a cell starts and ends, the
    kernel's IOPub thread is waiting for it (to send the cell's status and input): it takes
    the GIL at each such call, and the hook then waits for that thread's work. Before a cell
    this made the two calls take 157 µs of wall time for 66 µs of CPU time; holding the GIL
    through them, 51 µs (benchmarks/README.md). Each takes a few microseconds.
    """

    def __init__(self) -> None:
        self._buffer = bytearray(4096)
        # The sampling thread reads through the same buffer: a lock that is free (the usual
        # case) is taken without letting go of the GIL.
        self._lock = threading.Lock()
        self._pread: Callable[[int, Any, int, int], int] | None = None
        self._write: Callable[[int, bytes, int], int] | None = None
        try:
            import ctypes  # noqa: PLC0415  (optional: os.pread is the fallback)

            libc = ctypes.PyDLL(None, use_errno=True)
            pread, write = libc.pread, libc.write
            pread.restype = write.restype = ctypes.c_ssize_t
            pread.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_long]
            write.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t]
            self._view = (ctypes.c_char * len(self._buffer)).from_buffer(self._buffer)
            self._errno = ctypes.get_errno
        except Exception:  # noqa: BLE001  (no ctypes, no libc symbols: the os calls remain)
            return
        self._pread, self._write = pread, write

    def read(self, fd: int, size: int) -> bytes:
        """Up to `size` (at most 4096) bytes from the start of the file."""
        pread = self._pread
        if pread is None:
            return os.pread(fd, size, 0)
        with self._lock:
            count = pread(fd, self._view, size, 0)
            if count < 0:
                raise OSError(self._errno(), "pread failed")
            return bytes(self._buffer[:count])

    def write(self, fd: int, data: bytes) -> None:
        """Write `data` at once, as a /proc control file takes it."""
        write = self._write
        if write is None:
            os.write(fd, data)
            return
        if write(fd, data, len(data)) < 0:
            raise OSError(self._errno(), "write failed")


_FILES = _Files()


def read_holding_gil(fd: int, size: int) -> bytes:
    """Up to `size` (at most 4096) bytes from the start of the /proc file open as `fd`, read
    without letting go of the GIL (see `_Files`)."""
    return _FILES.read(fd, size)


def _statm_reader(page: int) -> Callable[[], int] | None:
    fd = _open("/proc/self/statm", os.O_RDONLY)
    if fd is None:
        return None

    def read() -> int:
        # statm: size resident shared text lib data dt, in pages.
        return int(_FILES.read(fd, 128).split()[1]) * page

    try:
        read()
    except (OSError, ValueError, IndexError):
        os.close(fd)
        return None
    return read


def _psutil_reader() -> Callable[[], int] | None:
    try:
        import psutil  # noqa: PLC0415  (outside Linux, psutil is the only cheap source)
    except ImportError:
        return None
    process = psutil.Process()
    return lambda: int(process.memory_info().rss)


def _status_reader() -> Callable[[], tuple[int, int]] | None:
    """Reads (VmHWM, VmRSS) from one read of ``/proc/self/status``: at a cell's ends the probe
    needs both, and each read of a /proc file costs a system call and a GIL handover."""
    fd = _open("/proc/self/status", os.O_RDONLY)
    if fd is None:
        return None

    def field(data: bytes, name: bytes) -> int:
        start = data.find(name)
        if start < 0:
            raise ValueError(f"no {name.decode()} in /proc/self/status")
        return int(data[start + len(name) : data.find(b"kB", start)]) * 1024

    def read() -> tuple[int, int]:
        data = _FILES.read(fd, 4096)
        return field(data, b"VmHWM:"), field(data, b"VmRSS:")

    try:
        read()
    except (OSError, ValueError):
        os.close(fd)
        return None
    return read


class _Sampler:
    """Reads RSS every millisecond on a thread while a cell runs.

    Only a fallback: the thread needs the GIL, so an allocation made while the GIL is held
    (``b"x" * n``) can come and go between two samples.
    """

    def __init__(self, read_rss: Callable[[], int]) -> None:
        self._read_rss = read_rss
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.peak = 0

    def start(self, baseline: int) -> None:
        self.stop()
        self.peak = baseline
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name="memory-inspector-sampler", daemon=True
        )
        self._thread.start()

    def stop(self) -> int:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None
        return self.peak

    def _run(self) -> None:
        read, stop = self._read_rss, self._stop
        while not stop.wait(_SAMPLE_INTERVAL):
            try:
                value = read()
            except (OSError, ValueError):
                return
            self.peak = max(self.peak, value)


class ProcessMemory:
    """Measures the RSS of this process and the peak between `start_cell` and `end_peak`."""

    def __init__(self) -> None:
        page = _page_size()
        self._read_rss = _statm_reader(page) or _psutil_reader()
        self._read_status: Callable[[], tuple[int, int]] | None = None
        self._clear_refs: int | None = None
        self._sampler: _Sampler | None = None
        self.session_peak = 0
        if self._read_rss is None:
            self.peak_method = PEAK_ENDPOINTS
            return
        self._read_status = _status_reader()
        self._clear_refs = _open("/proc/self/clear_refs", os.O_WRONLY)
        if self._read_status is not None and self._clear_refs is not None and self._reset_works():
            self.peak_method = PEAK_VMHWM
        else:
            self.peak_method = PEAK_SAMPLING
            self._sampler = _Sampler(self._read_rss)

    @property
    def available(self) -> bool:
        """Whether this platform lets the probe read the process's RSS at all."""
        return self._read_rss is not None

    def rss(self) -> int:
        """The resident set size now, in bytes."""
        if self._read_rss is None:
            return 0
        return self._read_rss()

    def start_cell(self) -> int:
        """Start measuring a cell's peak; returns the RSS at its start."""
        if self.peak_method == PEAK_VMHWM:
            hwm, rss = self._read_status()  # type: ignore[misc]
            # Resetting VmHWM also resets ru_maxrss, so the session's own peak is kept here.
            self.session_peak = max(self.session_peak, hwm)
            _FILES.write(self._clear_refs, b"5")  # type: ignore[arg-type]
            return rss
        self._note_session_peak()
        rss = self.rss()
        if self._sampler is not None:
            self._sampler.start(rss)
        return rss

    def end_cell(self, rss_before: int) -> tuple[int, int]:
        """The highest RSS since `start_cell`, read before anything else of the probe's, and
        the RSS now."""
        if self.peak_method == PEAK_VMHWM:
            peak, rss = self._read_status()  # type: ignore[misc]
        elif self._sampler is not None:
            peak = self._sampler.stop()
            rss = self.rss()
        else:
            rss = self.rss()
            peak = rss_before
        self.session_peak = max(self.session_peak, peak)
        return peak, rss

    def close(self) -> None:
        """Stop any sampling thread and release the file descriptors kept for speed."""
        if self._sampler is not None:
            self._sampler.stop()
        if self._clear_refs is not None:
            with contextlib.suppress(OSError):
                os.close(self._clear_refs)
            self._clear_refs = None

    def _note_session_peak(self) -> None:
        if self._read_status is not None:
            try:
                hwm, _ = self._read_status()
            except (OSError, ValueError):
                return
            self.session_peak = max(self.session_peak, hwm)

    def _reset_works(self) -> bool:
        try:
            self._note_session_peak()
            _FILES.write(self._clear_refs, b"5")  # type: ignore[arg-type]
            hwm, rss = self._read_status()  # type: ignore[misc]
        except (OSError, ValueError):
            return False
        # After a reset the mark restarts from the current RSS; allow a few pages of drift.
        return abs(hwm - rss) <= 64 * _page_size()
