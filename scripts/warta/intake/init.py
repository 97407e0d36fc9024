"""warta init: start a new dataset repository for one's own corpus.

The new repository has this toolkit's layout and contract and none of this release's
articles: an empty registry and raw folder (so every command finds it), the schemas and
guidelines copied from the toolkit, and skeletons of the card and datasheet with the
generated blocks ``warta build`` fills. The skeleton texts are files in ``templates/``.
"""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

from warta.errors import WartaError
from warta.layout import Layout
from warta.release.schemas import schema_dir

# template file -> where it goes in the new repository
TEMPLATES = {"README.md": "README.md", "DATASHEET.md": "DATASHEET.md", "gitignore.txt": ".gitignore",
             "description.toml": "dataset/description.toml"}


def template_text(name: str) -> str:
    return files("warta.intake").joinpath("templates", name).read_text(encoding="utf-8")


def init(target: Path) -> Layout:
    """Create the skeleton in ``target`` (absent, or an empty folder); return its layout."""
    shown = str(target)
    if target.exists() and not target.is_dir():
        raise WartaError("exists and is not a folder", file=shown, hint="give a new or empty folder")
    if target.is_dir() and any(target.iterdir()):
        raise WartaError("folder is not empty: a new dataset repository starts in an empty folder",
                         file=shown, hint="give a new or empty folder")
    existed = target.is_dir()
    layout = Layout(target.resolve() if existed else target.absolute())
    try:
        for folder in (layout.raw_dir, layout.annotations_dir):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / ".gitkeep").write_bytes(b"")  # git keeps no empty folder; dotfiles are no input
        layout.registry.write_bytes(b"")
        source = schema_dir()
        for path in sorted(source.rglob("*")):
            if path.is_file():
                copy = layout.schema_dir / path.relative_to(source)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, copy)
        for name, destination in TEMPLATES.items():
            (layout.root / destination).write_text(template_text(name), encoding="utf-8")
    except BaseException as exc:
        _undo(target, existed)
        if isinstance(exc, OSError):
            raise WartaError(f"cannot create the repository: {exc.strerror or exc}", file=shown) from None
        raise
    return layout


def _undo(target: Path, existed: bool) -> None:
    """Remove what init made: the folder was absent or empty before."""
    if not existed:
        shutil.rmtree(target, ignore_errors=True)
        return
    for child in target.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
