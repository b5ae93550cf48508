"""Byte sizes as people read and write them (text.py): one formatter for the whole package."""

from __future__ import annotations

import re

import pytest

from jupyterlab_memory_inspector.text import GiB, MiB, format_bytes, format_delta, parse_size


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (512, "512 B"),
        (1023, "1023 B"),
        (1024, "1.00 KiB"),
        (12.3 * 1024, "12.3 KiB"),
        (412 * MiB, "412 MiB"),
        (int(1.2 * GiB), "1.20 GiB"),
        (1023.7 * 1024, "1.00 MiB"),
        (9.996 * MiB, "10.0 MiB"),
        (99.96 * MiB, "100 MiB"),
        (-12.3 * MiB, "-12.3 MiB"),
        (3 * 2**50, "3.00 PiB"),
    ],
)
def test_format_bytes_uses_binary_units_and_three_significant_digits(size, text):
    assert format_bytes(size) == text


def test_format_delta_carries_its_sign():
    assert format_delta(412 * MiB) == "+412 MiB"
    assert format_delta(-int(1.2 * GiB)) == "-1.20 GiB"
    assert format_delta(0) == "+0 B"


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("500MiB", 500 * MiB),
        ("2GiB", 2 * GiB),
        ("1.5GB", 1_500_000_000),
        ("800MB", 800_000_000),
        ("1024", 1024),
        ("2gib", 2 * GiB),
        ("10 kib", 10 * 1024),
        ("7b", 7),
        (" 1TB ", 10**12),
        (".5GiB", GiB // 2),
    ],
)
def test_parse_size(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is not a size"),
        ("lots", "is not a size"),
        ("-5MiB", "is not a size"),
        ("5 MiB extra", "is not a size"),
        ("500M", "unknown unit 'M' in '500M'"),
        ("1.5 parsecs", "unknown unit 'parsecs'"),
    ],
)
def test_parse_size_refuses_with_a_message(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_size(text)


def test_unknown_unit_message_lists_the_units():
    with pytest.raises(ValueError, match=r"KiB, MiB, GiB, TiB \(powers of 1024\)"):
        parse_size("3Q")
