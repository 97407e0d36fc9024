"""Python's cyclic garbage collector, paused while a shard is built.

Curating, annotating and writing a document makes tens of thousands of short-lived objects, and
reference counting frees them: next to none is part of a reference cycle. The collector still runs
every 700 net allocations, and every few batches a full collection walks every object of the process:
the imported libraries, the rule tables, the automata, the batch in hand. Those walks find
nothing and cost more wall time than their instruction count says, as they chase pointers
through the whole heap, about half of them inside the machine annotators' stage.

So a shard is built with the collector paused, and one full collection at its end frees what
cycles it made (bounded by the shard's size). ``tests/bench/bench_build.py --with-collector``
measures both ways and times the collector by ``gc.callbacks``; README *Performance* has the
figures.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the body with the cyclic collector off; then collect once and restore its state.

    The state is restored however the body ends, and a caller that had turned the collector off
    keeps it off. It is restored before the collection, which takes a while: an interrupt that
    lands during it must not leave the collector off for the rest of the process."""
    enabled = gc.isenabled()
    try:
        gc.disable()
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect()
