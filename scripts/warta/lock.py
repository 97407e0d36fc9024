"""One writer at a time: the repository lock, taken by every command before it reads or writes.

Two ``warta add`` at once each read the registry, append a line and rename their copy over
it: one line is lost. So commands that write (``build``, ``add``, ``import``) hold the lock
exclusively, and commands that only read (``validate``, ``verify``, ``show``) hold it
shared, which keeps a writer from swapping the release under them. Nobody waits: a command
that finds the lock taken says who holds it and stops.

The lock is an ``flock`` on ``.warta-cache/lock``: the kernel releases it when its holder
dies, however it dies, so a lock is never left behind by a killed command; the file only
records who held it last, for the message. A writer that gets the lock first finishes an
interrupted commit (``warta.transaction.recover``) and empties the temporary area, which
nobody else can be using at that moment.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from warta.errors import WartaError
from warta.layout import Layout
from warta.transaction import clean_temporary, recover


def _holder(fd: int) -> dict:
    try:
        data = os.pread(fd, 4096, 0)
        value = json.loads(data.decode("utf-8")) if data.strip() else {}
        return value if isinstance(value, dict) else {}
    except (OSError, ValueError):
        return {}


def _running(pid: object, host: object) -> bool | None:
    """Whether the recorded holder still runs (None: it runs on another machine, unknown)."""
    if not isinstance(pid, int) or host != socket.gethostname():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _taken(layout: Layout, fd: int, exclusive: bool) -> WartaError:
    """Who holds the lock: readers if a shared lock is still to be had, else a writer."""
    shown = layout.rel(layout.lock_file)
    if exclusive and _flock(fd, fcntl.LOCK_SH):
        fcntl.flock(fd, fcntl.LOCK_UN)
        return WartaError("another warta command is reading this repository (validate, verify or show)",
                          file=shown, hint="wait for it to finish, then run this command again")
    holder = _holder(fd)
    if not holder:  # a writer between taking the lock and signing it
        return WartaError("another warta command is writing to this repository", file=shown,
                          hint="wait for it to finish, then run this command again")
    who = f"'{holder.get('command', 'warta')}' (pid {holder.get('pid')} on {holder.get('host')}, " \
          f"since {holder.get('since')})"
    if _running(holder.get("pid"), holder.get("host")) is False:
        return WartaError(f"the repository lock is held by another command; its last writer {who} was "
                          "killed", file=shown, hint="a reading command, or a worker process the writer "
                                                     "started, still runs: wait for it, then run this again")
    return WartaError(f"another warta command is writing to this repository: {who}", file=shown,
                      hint="wait for it to finish, then run this command again")


def _flock(fd: int, how: int) -> bool:
    try:
        fcntl.flock(fd, how | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


@contextmanager
def repository_lock(layout: Layout, *, exclusive: bool, command: str) -> Iterator[None]:
    """Hold the repository lock for the body of a command; finish an interrupted commit first."""
    try:
        layout.cache_dir.mkdir(exist_ok=True)
        fd = os.open(layout.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        if not exclusive and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) \
                and not layout.journal.exists():
            yield  # a read-only checkout: nobody can be writing to it, and nothing is to be finished
            return
        raise
    held = False
    try:
        if not _flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH):
            raise _taken(layout, fd, exclusive)
        held = True
        if layout.journal.exists():
            if not exclusive and not _flock(fd, fcntl.LOCK_EX):
                raise _taken(layout, fd, exclusive)
            note = recover(layout)
            if note:
                print(f"note: {note}", file=sys.stderr)
            if not exclusive:
                fcntl.flock(fd, fcntl.LOCK_SH)
        if exclusive:
            clean_temporary(layout)
            record = {"command": command, "pid": os.getpid(), "host": socket.gethostname(),
                      "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(record).encode("utf-8"), 0)
        yield
    finally:
        if exclusive and held:
            try:
                os.ftruncate(fd, 0)  # the record says who writes now, so it goes with the lock
            except OSError:
                pass
        os.close(fd)
