"""Arrow types and ``datasets.Features`` derived from the JSON Schemas.

Field names and types are written once, in schema/; this module translates them so the
Parquet files, the card's ``dataset_info`` and the validator can never disagree.
"""

from __future__ import annotations

from datasets import ClassLabel, Features, List, Value

from warta.release.schemas import load_schema

_SCALARS = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}


def _resolve(node: dict) -> dict:
    ref = node.get("$ref")
    if ref:
        return {**load_schema(ref.split("/")[-1].removesuffix(".schema.json")), **{
            k: v for k, v in node.items() if k != "$ref"}}
    return node


def _type_of(node: dict) -> str:
    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        if len(kinds) != 1:
            raise ValueError(f"cannot map union type {kind} to one column type")
        return kinds[0]
    if kind is None and "const" in node:
        return "string" if isinstance(node["const"], str) else "integer"
    if kind is None:
        raise ValueError(f"schema node without a type: {node}")
    return kind


def feature_of(node: dict):
    """One JSON Schema node -> one datasets feature."""
    node = _resolve(node)
    kind = _type_of(node)
    if kind == "object":
        return {name: feature_of(child) for name, child in node["properties"].items()}
    if kind == "array":
        return List(feature_of(node["items"]))
    if node.get("x-class-label"):
        return ClassLabel(names=list(node["x-names"]))
    return Value(node.get("x-dtype", _SCALARS[kind]))


def features_for(schema_name: str) -> Features:
    """Features of a config whose row is described by schema/<schema_name>.schema.json."""
    schema = load_schema(schema_name)
    return Features({name: feature_of(node) for name, node in schema["properties"].items()})
