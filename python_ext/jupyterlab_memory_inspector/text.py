"""Text for people: byte sizes formatted in binary units and parsed from the command line, and
short single lines for a terminal. The one byte formatter of the Python side."""

from __future__ import annotations

import re

KiB = 2**10
MiB = 2**20
GiB = 2**30
TiB = 2**40

_BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")

_MULTIPLIERS = {
    "": 1,
    "b": 1,
    "kb": 10**3,
    "mb": 10**6,
    "gb": 10**9,
    "tb": 10**12,
    "kib": KiB,
    "mib": MiB,
    "gib": GiB,
    "tib": TiB,
}

_SIZE = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)\s*$", re.IGNORECASE)

_UNITS_HELP = "B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)"


def format_bytes(size: float) -> str:
    """``412 MiB``, ``1.20 GiB``, ``12.3 KiB``, ``512 B``: binary units, 3 significant digits."""
    sign = "-" if size < 0 else ""
    value = float(abs(size))
    if value < KiB:
        return f"{sign}{round(value)} B"
    exponent = 0
    while value >= KiB and exponent < len(_BINARY_UNITS) - 1:
        value /= KiB
        exponent += 1
    # Rounding can carry into the next unit (1023.7 KiB would read "1024 KiB").
    if round(value) >= KiB and exponent < len(_BINARY_UNITS) - 1:
        value /= KiB
        exponent += 1
    if value < 9.995:
        text = f"{value:.2f}"
    elif value < 99.95:
        text = f"{value:.1f}"
    else:
        text = f"{value:.0f}"
    return f"{sign}{text} {_BINARY_UNITS[exponent]}"


def format_delta(size: float) -> str:
    """A change in size with its sign: ``+412 MiB``, ``-1.20 GiB``, ``+0 B``."""
    return format_bytes(size) if size < 0 else "+" + format_bytes(size)


def parse_size(text: str) -> int:
    """Bytes from ``500MiB``, ``2GiB``, ``1.5GB``, ``800MB`` or ``1024``, case-insensitive.

    GB and the other decimal units are powers of 1000, GiB and the binary ones powers of 1024.
    Raises ValueError with a message that says what is accepted.
    """
    match = _SIZE.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a size: write a number and a unit, such as 500MiB")
    number, unit = match.groups()
    multiplier = _MULTIPLIERS.get(unit.lower())
    if multiplier is None:
        raise ValueError(f"unknown unit {unit!r} in {text!r}: use {_UNITS_HELP}")
    return round(float(number) * multiplier)


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` characters, with an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def printable(text: str) -> str:
    """`text` without control characters, which a terminal would act on rather than show."""
    return "".join(char if char.isprintable() else "?" for char in text)
