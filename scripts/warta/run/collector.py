"""Python's cyclic garbage collector, paused while a shard is built.

Curating, annotating and writing a document makes tens of thousands of short-lived objects, and
reference counting frees them: next to none is part of a reference cycle (a whole shard of 2,500
generated articles leaves some hundred objects for the collector). The collector still runs every
700 net allocations, and every few batches a full collection walks every object of the process:
the imported libraries, the rule tables, the automata, the batch in hand. Those walks find
nothing and cost more wall time than their instruction count says, as they chase pointers
through the whole heap. In a build of 10,000 generated articles the collector took 0.36–0.43 ms
per article, about half of it inside the machine annotators' stage, and 0.036 ms paused
(``tests/bench/bench_build.py --with-collector`` times it by ``gc.callbacks``; README *Performance*).

So a shard is built with the collector paused, and one full collection at its end frees what
cycles it made (bounded by the shard's size). Peak memory did not change.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the body with the cyclic collector off; then collect once and restore its state.

    The state is restored however the body ends, and a caller that had turned the collector off
    keeps it off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        if enabled:
            gc.enable()
