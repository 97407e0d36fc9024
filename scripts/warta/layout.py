"""Where things live in a Warta repository.

One object knows the layout so that no other module builds paths by hand; ids only
become paths here, after the id pattern check.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import WartaError

ID_PATTERN = re.compile(r"^[a-z0-9_-]{1,64}$")
SPLIT = "test"
SHARD = f"{SPLIT}-00000-of-00001.parquet"


def check_id(doc_id: object, *, file: str | None = None, where: str | None = None) -> str:
    """Refuse an id that could escape a folder or break a file name."""
    if not isinstance(doc_id, str) or not ID_PATTERN.match(doc_id):
        raise WartaError(
            f"invalid document id {doc_id!r}: ids must match {ID_PATTERN.pattern}",
            file=file, where=where, hint="use lowercase letters, digits, '_' and '-' only",
        )
    return doc_id


@dataclass(frozen=True)
class Layout:
    """Paths of one repository checkout."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Layout:
        """Locate the repository: $WARTA_ROOT, else the nearest parent holding dataset/sources.jsonl."""
        env = os.environ.get("WARTA_ROOT")
        if env:
            return cls(Path(env).resolve())
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
    def schema_dir(self) -> Path:
        return self.root / "schema"

    @property
    def readme(self) -> Path:
        return self.root / "README.md"

    @property
    def datasheet(self) -> Path:
        return self.root / "DATASHEET.md"

    def raw_path(self, raw_file: str, *, where: str | None = None) -> Path:
        """Resolve a registry ``raw_file`` and refuse anything outside dataset/raw/."""
        candidate = (self.raw_dir / raw_file).resolve()
        if candidate.parent != self.raw_dir.resolve() or "/" in raw_file or "\\" in raw_file:
            raise WartaError(
                f"raw_file {raw_file!r} points outside dataset/raw/",
                file=str(self.registry.relative_to(self.root)), where=where,
                hint="raw_file is a bare file name inside dataset/raw/",
            )
        return candidate

    def annotation_path(self, doc_id: str) -> Path:
        return self.annotations_dir / f"{check_id(doc_id)}.json"

    def rel(self, path: Path) -> str:
        """A path as users see it: relative to the repository root when inside it."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)
