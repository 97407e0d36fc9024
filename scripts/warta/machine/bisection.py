"""Binary search over sorted lists of offsets, as the annotators do at every match, token and sentence.

The same results as the standard library's ``bisect_left`` and ``bisect_right`` on a list of ints
(tests/test_machine_bisection.py compares them), written out so that the compiled annotators call
them directly and compare machine integers: the standard functions take their arguments through
Python's calling convention and compare every pair of elements as Python objects, which cost the
annotators more than any single rule.
"""

from __future__ import annotations


def bisect_left(a: list[int], x: int, lo: int = 0) -> int:
    """The first index from ``lo`` whose element is not below ``x`` (``len(a)`` if none)."""
    hi = len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def bisect_right(a: list[int], x: int, lo: int = 0) -> int:
    """The first index from ``lo`` whose element is above ``x`` (``len(a)`` if none)."""
    hi = len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo
