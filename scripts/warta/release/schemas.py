"""Loading the JSON Schemas in schema/ and validating against them, formats included.

The schemas are the contract and ``jsonschema`` is its reference: every message printed
about a record is jsonschema's. Format checking is switched on explicitly: without a
FormatChecker (and the format-nongpl extras) ``date-time`` would pass any string.

jsonschema costs milliseconds per document and over a second to import (its format
checker compiles grammars), so the yes/no verdict comes first from a compiled validator
(jsonschema-rs), built from the same schema files and running jsonschema's own format
functions; jsonschema runs only on what the compiled validator does not call valid.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema_rs

from warta.errors import WartaError

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from referencing import Registry

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schema"

# the schemas' end anchor: Python's ``$`` would also match before a final newline
_END_OF_TEXT = r"(?![\s\S])"
# keywords whose values are data, not subschemas: a "pattern" key inside them is no pattern
_DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples"})
# jsonschema's date check (jsonschema/_format.py): this shape, then a real calendar day
_RE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_JSON_SCALARS = frozenset({str, int, bool, type(None)})


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


def schema_names() -> list[str]:
    """Stems of every schema file, all registered together so that their ``$ref``s resolve."""
    return sorted(path.name.removesuffix(".schema.json") for path in schema_dir().glob("*.schema.json"))


# --- the reference: jsonschema ------------------------------------------------------------

@cache
def _registry() -> Registry:
    from referencing import Registry, Resource

    resources = [(load_schema(name)["$id"], Resource.from_contents(load_schema(name))) for name in schema_names()]
    return Registry().with_resources(resources)


@cache
def validator(name: str, formats: bool = True) -> Draft202012Validator:
    """``formats=False`` checks structure only: for records kept as delivered (annotation passes)."""
    from jsonschema import Draft202012Validator

    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(
        schema, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER if formats else None
    )


# --- the compiled verdict: jsonschema-rs --------------------------------------------------

def _is_date(value: str) -> bool:
    """jsonschema's own date check, raising nothing."""
    try:
        return bool(_RE_DATE.fullmatch(value) and date.fromisoformat(value))
    except ValueError:
        return False


def _reference_format(name: str) -> Callable[[str], bool]:
    """A format this module has no copy of, checked by jsonschema's FormatChecker itself."""
    def conforms(value: str) -> bool:
        from jsonschema import Draft202012Validator

        return Draft202012Validator.FORMAT_CHECKER.conforms(value, name)

    return conforms


@cache
def _format_checks() -> dict[str, Callable[[str], bool]]:
    """Every format the schemas use, checked as jsonschema's FormatChecker checks it.

    jsonschema-rs has formats of its own, but they differ at the edges (jsonschema refuses
    a leap second and the year 0000, and through ``$`` takes a date-time or URI with a
    final newline), so the compiled validator calls the functions jsonschema's checker
    calls. Formats not copied here go to the checker itself, which imports jsonschema.
    """
    from rfc3339_validator import validate_rfc3339
    from rfc3986_validator import validate_rfc3986

    own: dict[str, Callable[[str], bool]] = {
        "date-time": lambda value: validate_rfc3339(value.upper()),
        "date": _is_date,
        "uri": lambda value: bool(validate_rfc3986(value, rule="URI")),
    }
    used = set().union(*(_formats_in(load_schema(name)) for name in schema_names()))
    return {name: own.get(name) or _reference_format(name) for name in sorted(used)}


def _formats_in(node: object) -> set[str]:
    """Names of the formats a schema uses, at any depth."""
    if isinstance(node, list):
        return set().union(*map(_formats_in, node))
    if not isinstance(node, dict):
        return set()
    found = {node["format"]} if isinstance(node.get("format"), str) else set()
    return found.union(*(_formats_in(value) for key, value in node.items() if key not in _DATA_KEYWORDS))


def _compiled_pattern(pattern: str) -> str:
    r"""``pattern`` with its final ``(?![\s\S])`` written ``\z``, the same assertion (end of text).

    A lookaround makes jsonschema-rs run the whole pattern on a backtracking engine; without
    one it runs on the linear ``regex`` engine: a document, with its hundreds of ids, is
    checked in less than half the time. A lookahead after an escaping backslash is left alone.
    """
    head = pattern.removesuffix(_END_OF_TEXT)
    escaped = (len(head) - len(head.rstrip("\\"))) % 2
    return pattern if head == pattern or escaped else head + r"\z"


def _compiled_schema(node: object) -> object:
    """A copy of a schema with every ``pattern`` rewritten by ``_compiled_pattern``."""
    if isinstance(node, list):
        return [_compiled_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: _compiled_pattern(value) if key == "pattern" and isinstance(value, str)
        else value if key in _DATA_KEYWORDS else _compiled_schema(value)
        for key, value in node.items()
    }


@cache
def _compiled_registry() -> jsonschema_rs.Registry:
    return jsonschema_rs.Registry(
        [(load_schema(name)["$id"], _compiled_schema(load_schema(name))) for name in schema_names()])


@cache
def _compiled(name: str, formats: bool) -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(
        _compiled_schema(load_schema(name)), registry=_compiled_registry(),
        validate_formats=formats, formats=_format_checks() if formats else None)


def _plain_json(value: object) -> bool:
    """True when ``value`` is made of dict, list, str, int, bool, None and finite floats only.

    jsonschema-rs reads a tuple as an array, a Decimal as a number and an Enum member as
    its value, and refuses NaN as a number; jsonschema does none of these. On such values
    the compiled verdict is not the reference's. A container whose items are all plain
    scalars is passed in one C-level sweep: most of a record's dicts are such.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            children = item.values()
        elif kind is list:
            children = item
        elif kind is float:
            if not math.isfinite(item):
                return False
            continue
        elif kind in _JSON_SCALARS:
            continue
        else:
            return False
        if not _JSON_SCALARS.issuperset(map(type, children)):
            stack.extend(children)
    return True


def compiled_verdict(name: str, instance: object, *, formats: bool = True) -> bool | None:
    """The compiled validator's yes/no for ``instance``, equal to jsonschema's; None where it cannot say.

    None for values outside plain JSON (see ``_plain_json``) and for those jsonschema-rs
    cannot read at all (a non-string key, a lone surrogate): ask ``validator`` then.
    """
    if not _plain_json(instance):
        return None
    try:
        return _compiled(name, formats).is_valid(instance)
    except ValueError:
        return None


def conforms(name: str, instance: object, *, formats: bool = True) -> bool:
    """jsonschema's verdict, from the compiled validator wherever that can give it."""
    verdict = compiled_verdict(name, instance, formats=formats)
    if verdict is None:
        return next(validator(name, formats).iter_errors(instance), None) is None
    return verdict


def _path(error_path) -> str:
    out = ""
    for part in error_path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out.lstrip(".") or "(record)"


def schema_problems(name: str, instance: object, *, file: str, where: str | None = None,
                    formats: bool = True) -> list[WartaError]:
    """Every schema violation of ``instance`` as a ``WartaError`` naming the field path."""
    if compiled_verdict(name, instance, formats=formats):
        return []
    errors = sorted(validator(name, formats).iter_errors(instance), key=lambda e: list(map(str, e.path)))
    prefix = f"{where}: " if where else ""
    return [
        WartaError(e.message if len(e.message) < 300 else e.message[:297] + "...",
                   file=file, where=f"{prefix}{_path(e.absolute_path)}")
        for e in errors
    ]
