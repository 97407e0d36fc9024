"""Loading the JSON Schemas in schema/ and validating against them, formats included.

The schemas are the contract. Format checking is switched on explicitly: without a
FormatChecker (and the format-nongpl extras) ``date-time`` would pass any string.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from warta.errors import WartaError

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schema"


def schema_dir() -> Path:
    """schema/ of the checkout this package was installed from (editable install)."""
    if not SCHEMA_DIR.is_dir():
        raise WartaError(f"schema folder not found at {SCHEMA_DIR}",
                         hint="install the toolkit from a checkout: pip install -e .")
    return SCHEMA_DIR


@cache
def load_schema(name: str) -> dict:
    """``name`` is the file stem: 'document' reads schema/document.schema.json."""
    path = schema_dir() / f"{name}.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def load_inventory(name: str) -> dict:
    """Label inventories (schema/<name>.json): data, with a definition per label."""
    return json.loads((schema_dir() / f"{name}.json").read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted(schema_dir().glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


@cache
def validator(name: str, formats: bool = True) -> Draft202012Validator:
    """``formats=False`` checks structure only: for records kept as delivered (annotation passes)."""
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(
        schema, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER if formats else None
    )


def _path(error_path) -> str:
    out = ""
    for part in error_path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out.lstrip(".") or "(record)"


def schema_problems(name: str, instance: object, *, file: str, where: str | None = None,
                    formats: bool = True) -> list[WartaError]:
    """Every schema violation of ``instance`` as a ``WartaError`` naming the field path."""
    errors = sorted(validator(name, formats).iter_errors(instance), key=lambda e: list(map(str, e.path)))
    prefix = f"{where}: " if where else ""
    return [
        WartaError(e.message if len(e.message) < 300 else e.message[:297] + "...",
                   file=file, where=f"{prefix}{_path(e.absolute_path)}")
        for e in errors
    ]
