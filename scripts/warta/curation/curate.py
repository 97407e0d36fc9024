"""curate(raw bytes, registry entry) -> document record: the pure heart of the build.

Same bytes and entry in, same record out: no clock, no network, and nothing read but its
arguments and the versioned rule tables and inventories (loaded once, cached), so that the
build can run it in a loop, a process pool or a distributed engine alike.
"""

from __future__ import annotations

from warta import __version__
from warta.annotation.layers import layers
from warta.curation.metadata import extract
from warta.curation.rawtext import decode_raw, sha256_hex
from warta.curation.rules import Rules, load_rules
from warta.curation.segmenter import Piece, segment
from warta.curation.zoner import zone
from warta.errors import WartaError
from warta.release.schemas import load_inventory
from warta.settings import Limits

TEXT_SEPARATOR = "\n\n"


def _assemble(pieces: list[Piece], in_text: set[str]) -> tuple[str, list[dict]]:
    """Select text segments, and give every segment its raw and text offsets."""
    parts: list[str] = []
    segments: list[dict] = []
    cursor = 0
    for piece in pieces:
        start = end = None
        if piece.zone in in_text:
            if parts:
                cursor += len(TEXT_SEPARATOR)
            start, end = cursor, cursor + len(piece.text)
            parts.append(piece.text)
            cursor = end
        segments.append({
            "id": f"s{len(segments):03d}", "zone": piece.zone, "raw_start": piece.raw_start,
            "raw_end": piece.raw_end, "start": start, "end": end, "text": piece.text,
            "rule": piece.rule,
        })
    return TEXT_SEPARATOR.join(parts), segments


def check_registered_bytes(raw: bytes, entry: dict, *, file: str) -> str:
    """The raw bytes' sha256, refusing bytes that differ from what the registry recorded."""
    digest = sha256_hex(raw)
    if entry.get("sha256") and entry["sha256"] != digest:
        raise WartaError(
            f"sha256 of the raw bytes is {digest}, registry says {entry['sha256']}", file=file,
            where=f"document {entry.get('id')}",
            hint="raw files are never edited: restore the original or register it as a new article",
        )
    return digest


def curate(raw: bytes, entry: dict, *, annotations: dict | None = None, file: str | None = None,
           rules: Rules | None = None, limits: Limits | None = None) -> dict:
    """The document record of one raw article, with the gold layers of ``annotations`` if given.

    ``annotations`` must already be validated against the same raw text
    (``warta.annotation.gold.load_annotation``); curation only lays its spans on the segments.
    """
    rules = rules or load_rules()
    limits = limits or Limits.from_env()
    file = file or entry.get("raw_file") or "<raw>"
    digest = check_registered_bytes(raw, entry, file=file)
    raw_text = decode_raw(raw, file=file, limits=limits)
    pieces = zone(segment(raw_text, rules, max_segments=limits.max_segments, file=file), rules)
    text, segments = _assemble(pieces, set(load_inventory("zones")["in_text"]))
    if not text:
        raise WartaError("no body text found: every line was zoned as page furniture",
                         file=file, hint="check the file is a news report whose paragraphs end with a full stop")
    return {
        "id": entry["id"],
        "outlet": entry["outlet"],
        **extract(pieces, rules, entry.get("outlet")),
        "registry_published": entry.get("published"),
        "language": entry.get("language", "id"),
        "url": entry.get("url"),
        "retrieved": entry.get("retrieved"),
        "license": entry.get("license"),
        "raw_file": entry.get("raw_file"),
        "raw_sha256": digest,
        "raw_text": raw_text,
        "text": text,
        "segments": segments,
        "annotated": annotations is not None,
        **layers(entry["id"], segments, annotations),
        "curation": f"warta {__version__}; zoning rules {rules.version}",
    }
