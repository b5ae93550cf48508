"""The places besides the user's names that a scan collects objects from: IPython's output
cache and the last exception's frames (found by `holders`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import holders as places
from .scanrecords import EXCEPTION, OUTPUT, Item

if TYPE_CHECKING:
    from .namespace import Scan


def collect_outputs(scan: Scan) -> None:
    """The output cache's values (``Out`` in turns, see `scanoutputs`), and where it holds
    each (for the holders of an item)."""
    scan.scanner._outputs.collect(scan)
    for where, value in places.last_places(scan.shell, scan.user_ns):
        oid = id(value)
        known = scan.record_of(value)
        if known is None:
            if scan.take_light(where, value, scan.order, with_parts=False) is not None:
                scan.scanner.reused += 1
                continue
            scan.add(value, OUTPUT, where)
        elif type(known) is not Item:
            # A small unchanged name: no holder of it is ever reported.
            continue
        scan.holders.add(oid, places.OUTPUT_CACHE, where)


def collect_exception(scan: Scan) -> None:
    """The locals that the last exception's frames keep."""
    for where, label, value in places.exception_places(scan.shell, scan.user_ns):
        oid = id(value)
        if scan.record_of(value) is None:
            scan.add(value, EXCEPTION, label)
        scan.holders.add(oid, places.EXCEPTION, where)
