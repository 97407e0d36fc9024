"""Where things live in a Warta repository.

One object knows the layout so that no other module builds paths by hand; ids only
become paths here, after the id pattern check.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from warta.errors import WartaError

ID_PATTERN = re.compile(r"^[a-z0-9_-]{1,64}$")
SPLIT = "test"
BUCKETS = 1 << 32


def shard_name(index: int, count: int) -> str:
    """The Hub's shard naming, which ``datasets`` and the viewer read as one split."""
    return f"{SPLIT}-{index:05d}-of-{count:05d}.parquet"


SHARD = shard_name(0, 1)


def bucket(doc_id: str) -> int:
    """A document's place on the shard ring: the first 32 bits of the sha256 of its id.

    A fixed function of the id alone, so a document lands in the same shard whatever the
    number of workers, the order of the registry or the machine; hashing spreads an
    outlet's ids (often sequential) evenly over the shards.
    """
    return int.from_bytes(hashlib.sha256(doc_id.encode("utf-8")).digest()[:4], "big")


def shard_of(doc_id: str, shards: int) -> int:
    """Shard ``k`` of ``shards`` holds the buckets ``[k * 2**32 / shards, (k + 1) * 2**32 / shards)``.

    Contiguous bucket ranges: with a power-of-two shard count, doubling it splits every
    shard in two and moves no document between the halves' parents.
    """
    return bucket(doc_id) * shards >> 32


def bucket_range(index: int, shards: int) -> tuple[int, int]:
    """The half-open bucket range of shard ``index`` (for row-group pruning in raw packs)."""
    return -(-index * BUCKETS // shards), -(-(index + 1) * BUCKETS // shards)
RAW_FILE_PATTERN = re.compile(r"^[A-Za-z0-9._-]+$")


def id_problem(doc_id: object) -> str | None:
    """What is wrong with a document id, in words, or None when it is sound.

    Ids become file names (annotations/<id>.json), so each reason names the danger: a
    path separator or '..' could reach outside the folder, upper case breaks on
    case-insensitive file systems. ``fullmatch``: ``$`` alone would accept a final newline.
    """
    if not isinstance(doc_id, str):
        return f"document id {doc_id!r} is not a string"
    if ID_PATTERN.fullmatch(doc_id):
        return None
    if not doc_id:
        return "document id is empty"
    if "/" in doc_id or "\\" in doc_id:
        reason = "contains a path separator"
    elif ".." in doc_id:
        reason = "contains '..'"
    elif len(doc_id) > 64:
        reason = f"is {len(doc_id)} characters long, over 64"
    elif any(c.isupper() for c in doc_id):
        reason = "contains upper-case letters"
    else:
        others = "".join(sorted({c for c in doc_id if not re.fullmatch(r"[a-z0-9_-]", c)}))
        reason = f"contains characters outside [a-z0-9_-]: {others!r}"
    return f"invalid document id {doc_id!r}: {reason}"


def check_id(doc_id: object, *, file: str | None = None, where: str | None = None) -> str:
    """Refuse an id that could escape a folder or break a file name."""
    problem = id_problem(doc_id)
    if problem or not isinstance(doc_id, str):
        raise WartaError(problem or "invalid document id", file=file, where=where,
                         hint="ids use lowercase letters, digits, '_' and '-' only (at most 64)")
    return doc_id


def raw_file_problem(raw_file: object) -> str | None:
    """What is wrong with a registry ``raw_file`` (a bare file name in dataset/raw/), or None."""
    if not isinstance(raw_file, str):
        return f"raw_file {raw_file!r} is not a string"
    if not raw_file:
        return "raw_file is empty"
    if "/" in raw_file or "\\" in raw_file or raw_file in (".", ".."):
        return f"raw_file {raw_file!r} points outside dataset/raw/"
    if not RAW_FILE_PATTERN.fullmatch(raw_file):
        others = "".join(sorted({c for c in raw_file if not re.fullmatch(r"[A-Za-z0-9._-]", c)}))
        return f"raw_file {raw_file!r} contains characters outside [A-Za-z0-9._-]: {others!r}"
    return None


@dataclass(frozen=True)
class Layout:
    """Paths of one repository checkout (``shard_cache``: another place for finished shards)."""

    root: Path
    shard_cache: Path | None = None  # warta verify --rebuild builds with an empty one

    @classmethod
    def find(cls, start: Path | None = None) -> Layout:
        """Locate the repository: $WARTA_ROOT, else the nearest parent holding dataset/sources.jsonl."""
        env = os.environ.get("WARTA_ROOT")
        if env:
            root = Path(env).resolve()
            if not (root / "dataset" / "sources.jsonl").is_file():  # refused before any lock or cache is made
                raise WartaError("registry not found" if root.is_dir() else "no such folder",
                                 file="dataset/sources.jsonl" if root.is_dir() else env,
                                 hint=f"$WARTA_ROOT={env} is not a Warta repository: point it at one, or start "
                                      "one with 'warta init DIR'")
            return cls(root)
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / "dataset" / "sources.jsonl").is_file():
                return cls(candidate)
        raise WartaError(
            f"no Warta repository found at or above {here}",
            hint="run inside a checkout (a folder with dataset/sources.jsonl) or set WARTA_ROOT",
        )

    @property
    def dataset(self) -> Path:
        return self.root / "dataset"

    @property
    def raw_dir(self) -> Path:
        return self.dataset / "raw"

    @property
    def registry(self) -> Path:
        return self.dataset / "sources.jsonl"

    @property
    def annotations_dir(self) -> Path:
        return self.dataset / "annotations"

    @property
    def data_dir(self) -> Path:
        return self.dataset / "data"

    @property
    def cache_dir(self) -> Path:
        """The build cache: finished shards by fingerprint; never published, safe to delete."""
        return self.root / ".warta-cache"

    @property
    def shards_dir(self) -> Path:
        """Finished shards of earlier builds, by fingerprint (``warta.run.shard``)."""
        return self.shard_cache or self.cache_dir / "shards"

    @property
    def tmp_dir(self) -> Path:
        """The one place for temporary files: staged writes of every command, emptied by the next writer."""
        return self.cache_dir / "tmp"

    @property
    def journal(self) -> Path:
        """The commit journal: present only while a commit moves staged files into place."""
        return self.cache_dir / "journal.json"

    @property
    def lock_file(self) -> Path:
        return self.cache_dir / "lock"

    @property
    def croissant(self) -> Path:
        return self.dataset / "croissant.json"

    @property
    def figures_dir(self) -> Path:
        return self.dataset / "figures"

    @property
    def schema_dir(self) -> Path:
        return self.root / "schema"

    @property
    def readme(self) -> Path:
        return self.root / "README.md"

    @property
    def datasheet(self) -> Path:
        return self.root / "DATASHEET.md"

    def raw_path(self, raw_file: str, *, where: str | None = None) -> Path:
        """Resolve a registry ``raw_file`` and refuse anything outside dataset/raw/.

        The name is checked first; resolving then catches a symbolic link that leads out.
        """
        registry = self.rel(self.registry)
        hint = "raw_file is a bare file name inside dataset/raw/"
        problem = raw_file_problem(raw_file)
        if problem:
            raise WartaError(problem, file=registry, where=where, hint=hint)
        self.own(self.raw_dir / raw_file, what="raw file")
        candidate = (self.raw_dir / raw_file).resolve()
        if candidate.parent != self.raw_dir.resolve():
            raise WartaError(f"raw_file {raw_file!r} is a link that leads outside dataset/raw/",
                             file=registry, where=where, hint=hint)
        return candidate

    def annotation_path(self, doc_id: str) -> Path:
        return self.own(self.annotations_dir / f"{check_id(doc_id)}.json")

    def own(self, path: Path, *, what: str = "file") -> Path:
        """``path``, refused if it or a folder on the way to it inside the repository is a symbolic link.

        Raw articles, the registry and gold files must be the repository's own bytes: a link
        could publish a file from elsewhere on the machine (``/etc/passwd``), change under
        the release without the repository changing, or loop. Checked before anything
        resolves the path, so a loop is refused like any other link.
        """
        root = Path(os.path.abspath(self.root))
        here = Path(os.path.abspath(path))
        if not here.is_relative_to(root):
            return path
        for step in [here, *here.parents]:
            if step == root:
                break
            if step.is_symlink():
                try:
                    target = os.readlink(step)
                except OSError:
                    target = "?"
                raise WartaError(f"{what} is a symbolic link (to {target!r}); the repository keeps its own "
                                 "files, not links", file=self.rel(step),
                                 hint="replace the link by a copy of the file, or remove it")
        return path

    def rel(self, path: Path) -> str:
        """A path as users see it: relative to the repository root when inside it (links not followed)."""
        lexical = Path(os.path.abspath(path))
        if lexical.is_relative_to(Path(os.path.abspath(self.root))):
            return lexical.relative_to(os.path.abspath(self.root)).as_posix()
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except (ValueError, RuntimeError, OSError):
            return str(path)
