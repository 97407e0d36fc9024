"""The annotators' binary search is the standard library's on sorted lists of offsets."""

from __future__ import annotations

import bisect

from hypothesis import given, settings
from hypothesis import strategies as st

from warta.machine.bisection import bisect_left, bisect_right


@settings(max_examples=500, deadline=None)
@given(st.lists(st.integers(-5, 60), max_size=40).map(sorted), st.integers(-10, 70), st.integers(0, 45))
def test_the_search_is_the_standard_library_s(a: list[int], x: int, lo: int) -> None:
    assert bisect_left(a, x) == bisect.bisect_left(a, x)
    assert bisect_right(a, x) == bisect.bisect_right(a, x)
    assert bisect_left(a, x, lo) == bisect.bisect_left(a, x, lo)
    assert bisect_right(a, x, lo) == bisect.bisect_right(a, x, lo)
