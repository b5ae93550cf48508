"""The probe's tracemalloc switch: a new frame count while tracing, and the user's own tracing."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

import pytest

from jupyterlab_memory_inspector.probe.heaptrace import HeapTrace


@pytest.fixture
def heap() -> Iterator[HeapTrace]:
    assert not tracemalloc.is_tracing()
    yield HeapTrace(shell=None)
    tracemalloc.stop()


def test_a_new_frame_count_restarts_the_probes_tracing_with_it(heap):
    heap.configure(True, 1)
    assert (heap.tracing, heap.nframes) == (True, 1)
    heap.configure(True, 3)
    assert (heap.tracing, heap.nframes) == (True, 3)
    heap.configure(False, 3)
    assert not heap.tracing


def test_tracing_the_user_started_keeps_its_frame_count_and_stays_on(heap):
    tracemalloc.start(2)
    heap.configure(True, 3)
    assert (heap.tracing, heap.nframes) == (True, 2)
    heap.configure(False, 3)
    assert (heap.tracing, heap.nframes) == (True, 2)
