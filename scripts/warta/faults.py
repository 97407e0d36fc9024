"""Fault injection at the steps where a crash could lose or mix data: for the fault tests.

Every step of a commit that changes the repository (a staged write, a rename, the journal)
calls ``checkpoint(name)`` first. Normally that does nothing. The fault tests set
``WARTA_FAULT`` to a step's name to make the process die there as a ``kill -9`` would
(``os._exit``: no cleanup, no ``finally``), or to ``NAME:ENOSPC`` / ``NAME:EROFS`` to make
that step fail as a full or read-only disk does; ``WARTA_FAULT_LOG`` names a file that
collects every step passed, so a test can first list the steps and then kill at each one.
Names may end in ``*`` to match every step that starts alike.
"""

from __future__ import annotations

import errno
import os

KILLED = 86
"""Exit status of a process killed by ``WARTA_FAULT`` (distinct from every status warta uses)."""

_ERRORS = {"ENOSPC": errno.ENOSPC, "EROFS": errno.EROFS, "EIO": errno.EIO}


def _matches(spec: str, name: str) -> bool:
    return name.startswith(spec[:-1]) if spec.endswith("*") else name == spec


def checkpoint(name: str, *, path: str | None = None) -> None:
    """The process is about to take step ``name`` (on file ``path``): die or fail here if a test asked."""
    log = os.environ.get("WARTA_FAULT_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(name + "\n")
    spec = os.environ.get("WARTA_FAULT")
    if not spec:
        return
    target, _, kind = spec.rpartition(":") if spec.rpartition(":")[2] in _ERRORS else (spec, "", "")
    if not _matches(target, name):
        return
    if kind:
        raise OSError(_ERRORS[kind], os.strerror(_ERRORS[kind]), path or name)
    os._exit(KILLED)
