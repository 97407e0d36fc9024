"""Changing several files of the repository as one step: staged in full, then moved under a journal.

A release is a data folder plus the card, the datasheet, the Croissant file and the
figures; an ``add`` is a raw file plus the registry. Renames are atomic one at a time,
never across files, so a process killed between two of them would leave a mixed state.
A transaction therefore

1. writes everything in full (and to disk: ``fsync``) under ``.warta-cache/tmp/``, the one
   place for temporary files, on the repository's own file system;
2. writes the journal ``.warta-cache/journal.json`` (atomically, by a rename) listing every
   move; from this instant the change is decided;
3. moves each staged file or folder into place (a replaced folder is first moved into the
   staging folder), then removes the journal and the staging folder.

A process killed before step 2 changed nothing (its staging folder is removed by the next
writer); killed during step 3, it leaves the journal, and the next ``warta`` command rolls
it forward (``recover``) before it reads anything, so after a kill at any instant the next
command sees one whole state: the old one or the new one. Each step calls
``warta.faults.checkpoint`` so that the tests can kill the process at every one of them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

from warta.errors import WartaError
from warta.faults import checkpoint
from warta.layout import Layout

JOURNAL_FORMAT = 1


def _fsync_path(path: Path) -> None:
    """Flush a file, or a folder's entries, to disk."""
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if path.is_dir() else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    if path.is_dir():
        for inner in sorted(path.rglob("*")):
            if inner.is_file() and not inner.is_symlink():
                _fsync_path(inner)
        for folder in sorted({p.parent for p in path.rglob("*")} | {path}):
            _fsync_path(folder)
    else:
        _fsync_path(path)


@contextmanager
def _signals_deferred():
    """Ctrl-C or a polite kill during the moves waits until they are done (a hard kill needs the journal)."""
    masked = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, masked)
    except (AttributeError, ValueError, OSError):  # not the main thread, or no POSIX signals
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class Transaction:
    """Files and folders staged under one temporary folder, then moved into place together."""

    def __init__(self, layout: Layout, purpose: str) -> None:
        self.layout = layout
        layout.tmp_dir.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f"{purpose}-", dir=layout.tmp_dir))
        self.moves: list[tuple[Path, Path]] = []  # staged path -> target

    def _staged_name(self, target: Path) -> Path:
        return self.staging / "files" / f"{len(self.moves):04d}-{target.name}"

    def write(self, target: Path, data: bytes) -> None:
        """Stage ``data`` as the new content of the file ``target``."""
        staged = self._staged_name(target)
        staged.parent.mkdir(exist_ok=True)
        shown = self.layout.rel(target)
        checkpoint(f"stage {shown}", path=shown)
        try:
            with open(staged, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:  # a full disk names no file: say which one was being written
            raise OSError(exc.errno, exc.strerror, exc.filename or shown) from None
        self.moves.append((staged, target))

    def staged_file(self, target: Path) -> Path:
        """A path to write the new content of ``target`` to (in full, then ``fsync``), for large files."""
        staged = self._staged_name(target)
        staged.parent.mkdir(exist_ok=True)
        checkpoint(f"stage {self.layout.rel(target)}", path=self.layout.rel(target))
        self.moves.append((staged, target))
        return staged

    def place(self, staged: Path, target: Path) -> None:
        """Move ``staged`` (a file or folder already written under ``self.staging``) to ``target``."""
        if not staged.resolve().is_relative_to(self.staging.resolve()):
            raise ValueError(f"{staged} is not staged under {self.staging}")
        self.moves.append((staged, target))

    def area(self, name: str) -> Path:
        """A folder inside the staging area, for a caller that writes a whole tree (a data folder)."""
        folder = self.staging / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def commit(self) -> None:
        """Decide the change (the journal), then make it; on an error before the journal, change nothing."""
        layout = self.layout
        try:
            for staged, target in self.moves:
                target.parent.mkdir(parents=True, exist_ok=True)  # a first figure, a first raw file
                if os.stat(staged).st_dev != os.stat(target.parent).st_dev:
                    raise WartaError("the staging folder is on another file system than the repository",
                                     file=layout.rel(layout.tmp_dir),
                                     hint=f"{layout.rel(layout.cache_dir)} must not be a link to another disk")
                if staged.is_dir():
                    _fsync_tree(staged)
            _fsync_path(self.staging)
            moves = []
            for n, (staged, target) in enumerate(self.moves):
                backup = self.staging / f"replaced-{n:04d}" if staged.is_dir() else None
                moves.append({"from": _rel(layout, staged), "to": _rel(layout, target),
                              "backup": _rel(layout, backup) if backup else None})
            journal = {"format": JOURNAL_FORMAT, "staging": _rel(layout, self.staging), "moves": moves}
            pending = layout.journal.with_name(layout.journal.name + ".new")
            checkpoint("journal write")
            with open(pending, "w", encoding="utf-8") as handle:
                json.dump(journal, handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            with _signals_deferred():
                checkpoint("journal rename")
                os.replace(pending, layout.journal)
                _fsync_path(layout.journal.parent)
                _roll_forward(layout, journal)
        except BaseException:
            if not layout.journal.exists():
                self.abort()
            raise

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        self.layout.journal.with_name(self.layout.journal.name + ".new").unlink(missing_ok=True)

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if not self.layout.journal.exists():
            self.abort()


def _rel(layout: Layout, path: Path) -> str:
    return path.resolve().relative_to(layout.root.resolve()).as_posix()


def _resolve(layout: Layout, shown: object) -> Path:
    if not isinstance(shown, str) or not shown or Path(shown).is_absolute() or ".." in Path(shown).parts:
        raise WartaError(f"commit journal names a path outside the repository: {shown!r}",
                         file=layout.rel(layout.journal))
    return layout.root / shown


def _roll_forward(layout: Layout, journal: dict) -> int:
    """Make every move of ``journal`` that is not made yet; return how many were left."""
    left = 0
    for move in journal["moves"]:
        staged, target = _resolve(layout, move["from"]), _resolve(layout, move["to"])
        if not staged.exists():
            continue  # moved already
        left += 1
        target.parent.mkdir(parents=True, exist_ok=True)
        if move.get("backup"):
            backup = _resolve(layout, move["backup"])
            if target.exists():
                checkpoint(f"rename {move['to']} aside")
                os.rename(target, backup)
            checkpoint(f"rename {move['to']}")
            os.rename(staged, target)
        else:
            checkpoint(f"rename {move['to']}")
            os.replace(staged, target)
        _fsync_path(target.parent)
    checkpoint("journal remove")
    layout.journal.unlink()
    _fsync_path(layout.journal.parent)
    shutil.rmtree(_resolve(layout, journal["staging"]), ignore_errors=True)
    return left


def recover(layout: Layout) -> str | None:
    """Finish a commit that a killed process left half done; say what was done, or None.

    Called by every command before it reads the repository (under the lock, see
    ``warta.lock``).
    """
    if not layout.journal.is_file():
        return None
    shown = layout.rel(layout.journal)
    try:
        journal = json.loads(layout.journal.read_text(encoding="utf-8"))
        if journal.get("format") != JOURNAL_FORMAT or not isinstance(journal.get("moves"), list):
            raise ValueError("unknown journal format")
    except (OSError, ValueError, AttributeError) as exc:
        raise WartaError(f"commit journal cannot be read ({exc})", file=shown,
                         hint="an interrupted commit cannot be finished: restore the release from git, "
                              "delete the journal, and build again") from None
    with _signals_deferred():
        left = _roll_forward(layout, journal)
    return (f"finished an interrupted commit: {left} of {len(journal['moves'])} file(s) were still to be "
            "moved into place")


def clean_temporary(layout: Layout) -> None:
    """Remove what killed commands left: the staging area, and the temporary names of earlier versions.

    Only a writer holding the repository lock calls this, so nothing here is in use.
    """
    if layout.tmp_dir.is_dir():
        for leftover in layout.tmp_dir.iterdir():
            _remove(leftover)
    layout.journal.with_name(layout.journal.name + ".new").unlink(missing_ok=True)
    # toolkit 1.1 staged beside the targets; its leftovers are never inputs or release files
    if layout.dataset.is_dir():
        data_old = sorted(layout.dataset.glob(".data-old-*"))
        if data_old and not layout.data_dir.exists():
            os.rename(data_old.pop(), layout.data_dir)  # a swap killed halfway: the old release back
        for pattern in (".build-*", ".curate-*", ".data-old-*"):
            for leftover in layout.dataset.glob(pattern):
                _remove(leftover)
    for folder in (layout.root, layout.dataset, layout.raw_dir, layout.figures_dir):
        if folder.is_dir():
            for leftover in folder.glob(".*.tmp-*"):
                _remove(leftover)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
