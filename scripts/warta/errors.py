"""The toolkit's one error type.

Every refusal of bad input is a ``WartaError`` so the CLI can print it as one readable
line (file, place, what is wrong, hint) and exit non-zero without a traceback.
"""

from __future__ import annotations


class WartaError(Exception):
    """Bad input or a broken release, described well enough to fix it."""

    def __init__(
        self, message: str, *, file: str | None = None, where: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.where = where
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """Render as ``file: where: message (hint: ...)``: the form every command prints.

        Line breaks inside any part (a file name, a quoted value) are escaped, so that one
        problem is always exactly one line of output that a script can grep.
        """
        parts = [_flat(p) for p in (self.file, self.where) if p]
        head = ": ".join([*parts, _flat(self.message)])
        return f"{head} (hint: {_flat(self.hint)})" if self.hint else head


def _flat(text: str) -> str:
    """``text`` with every line break escaped (``\\n``), as ``str.splitlines`` knows them, and every
    other control character too (a value quoted from an article must not steer the terminal)."""
    from warta.terminal import for_terminal

    if not _BREAKS.isdisjoint(text):
        text = "".join(c.encode("unicode_escape").decode("ascii") if c in _BREAKS else c for c in text)
    return for_terminal(text)


_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


class ProblemList(WartaError):
    """Several independent problems found in one pass (validation reports them all)."""

    def __init__(self, problems: list[WartaError]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) found")

    def one_line(self) -> str:  # noqa: D102 - rendered per problem by the CLI
        return "\n".join(p.one_line() for p in getattr(self, "problems", [])) or self.message
