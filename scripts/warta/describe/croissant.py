"""Croissant (MLCommons) JSON-LD metadata for the release, with the Responsible-AI fields.

The build writes it as dataset/croissant.json so that catalogues and loaders that read
Croissant (Hugging Face, Kaggle, mlcroissant, conference checklists) see the same configs,
columns and files as the card. Everything is derived from CONFIGS, the JSON Schemas (via
``features_for``) and the list of built files, so a new config or column needs no edit
here; nothing comes from the clock or the file system, so the file is reproducible.
"""

from __future__ import annotations

from typing import Any

from datasets import ClassLabel, Features, List, Value

from warta import __version__
from warta.describe.description import Description
from warta.release.configs import CONFIGS
from warta.release.features import features_for

# The release date is part of the release, not of the build: a constant, never the clock.
DATE_PUBLISHED = "2026-12-02"
URL = "https://huggingface.co/datasets/warta/warta"
ANNOTATIONS_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
PARQUET = "application/x-parquet"

# Arrow dtypes (as ``datasets.Value`` names them) -> Croissant data types.
_DATA_TYPES = {
    "string": "sc:Text", "large_string": "sc:Text", "bool": "sc:Boolean",
    **{f"{kind}{bits}": "sc:Integer" for kind in ("int", "uint") for bits in (8, 16, 32, 64)},
    **{f"float{bits}": "sc:Float" for bits in (16, 32, 64)},
}

CREATOR = "Warta maintainers"  # as in CITATION.cff

# The prose below describes the corpus of release 1.x (two reports of one story); like
# DATASHEET.md it is revised by hand when reports or stories are added.

DESCRIPTION = (
    "Warta is a research dataset of Indonesian-language online news reports, with the toolkit that "
    "curates them. This release holds two reports, by two outlets (VIVA and LBJ), of one story: North "
    "Korea's confirmation, on 28 April 2025, that it had sent troops to fight for Russia. The raw page "
    "text is kept unchanged and cut by rules into zoned segments (headline, byline, body, caption, "
    "credit, related links, ...); every span points back to the raw characters. Five gold layers "
    "(named entities, time expressions, quotes, events, cross-document entity and event links), plus "
    "gold zones and metadata that score the automatic curation, were each annotated twice "
    "independently from written guidelines and adjudicated. Configs (one split, test): "
    + " ".join(f"{cfg.name}: {cfg.description}" for cfg in CONFIGS)
    + " Licence: the article texts are copyright of their publishers and are included unmodified "
    "only for non-commercial research on news language (removed on a publisher's request); the "
    "annotations, schemas and documentation are released under CC BY 4.0, the licence given here; "
    "the toolkit code is Apache-2.0."
)

_BIBTEX = {
    "title": "Warta: an annotated dataset of Indonesian news reports",
    "author": "{" + CREATOR + "}",  # braces: an organisation, not "Maintainers, Warta"
    "year": DATE_PUBLISHED[:4],
    "version": __version__,
    "howpublished": "\\url{" + URL + "}",
}
CITE_AS = (f"@misc{{warta_{DATE_PUBLISHED[:4]},\n"
           + ",\n".join(f"  {key} = {{{value}}}" for key, value in _BIBTEX.items()) + "\n}")

# Croissant RAI vocabulary (http://mlcommons.org/croissant/RAI/), in line with DATASHEET.md.
RAI = {
    "rai:dataCollection": (
        "Purposive sample: two online news reports in Indonesian of one story (North Korea confirming "
        "on 28 April 2025 that it had sent troops to Russia), published by two outlets (LBJ on 28 "
        "April 2025, VIVA on 29 April 2025). Each page text was copied from the outlet's website as "
        "plain text and registered unchanged with its SHA-256 in dataset/sources.jsonl. The raw text "
        "is never edited: rules (no learned model) cut it into zoned segments, select the body text "
        "and read the metadata."
    ),
    "rai:dataCollectionType": ["Manual Human Curation", "Rule-based automatic curation"],
    "rai:dataAnnotationProtocol": [
        "Five gold layers following schema/GUIDELINES.md: named entities (OntoNotes/NERGrit types, "
        "with cross-document entity ids), time expressions (TimeML TIMEX3), quotes (PolNeAR "
        "source/cue/content), events (ACE 2005-style types and arguments) and cross-document links "
        "(entity ids, ECB+-style event clusters); gold page zones and metadata (in the annotation files, "
        "not a config) score the automatic curation.",
        "Each document was annotated in full twice, independently (pass A by a maintainer, pass B by "
        "a second annotator working from the guidelines and raw text only); every disagreement was "
        "adjudicated with a written rationale (dataset/annotations/adjudication.jsonl). Both passes "
        "are kept; agreement before adjudication is reported in the dataset card.",
    ],
    "rai:dataAnnotationPlatform": [
        "Stand-off JSON files, one per document (dataset/annotations/) and per pass "
        "(dataset/annotations/passes/), checked by the warta toolkit against "
        "schema/annotation.schema.json (the passes, kept as delivered, for structure only) and span by "
        "span against the raw text."
    ],
    "rai:annotationsPerItem": "2 independent annotation passes per document, adjudicated into 1 gold annotation.",
    "rai:dataBiases": [
        "One story, two outlets, one language, two days: entity, event and quote distributions "
        "reflect one international-conflict story, not Indonesian news in general.",
        "The reports relay claims of governments and state media (e.g. the Korean Central News Agency, "
        "the Russian General Staff), including propaganda language; they are quoted verbatim and "
        "annotated as attributed quotes, not checked or endorsed.",
        "Neither annotator is a native speaker of Indonesian, and no native speaker has reviewed the "
        "gold yet.",
    ],
    "rai:dataLimitations": [
        "Two documents: evaluation-sized, too small to train on; any score is a smoke test with very "
        "wide uncertainty, not a benchmark result.",
        "Guidelines and adjudications were written around this story; label inventories and "
        "hard-case decisions may not transfer to other domains. Source URLs and retrieval dates were "
        "not recorded; no knowledge-base ids and no relations are annotated.",
    ],
    "rai:personalSensitiveInformation": [
        "Names of public figures in their public roles (heads of state, a foreign-ministry "
        "spokesperson, a chief of general staff) and of one journalist in a byline, as published.",
        "A photo caption describing a wounded soldier, believed North Korean, captured by Ukrainian "
        "forces (a prisoner of war). The photo is not included and the caption names no one.",
    ],
    "rai:dataUseCases": [
        "Research and evaluation on Indonesian news language: zoning of copied page text, named-entity "
        "recognition, time-expression normalisation, quote attribution, event extraction and "
        "cross-document coreference.",
        "Not for profiling or tracking the people named, not for automated decisions about what is "
        "true (fact-checking verdicts), not for generating news in the outlets' name, and no "
        "commercial use of the article texts.",
    ],
    "rai:dataSocialImpact": (
        "Supports openly documented research resources for Indonesian news, a large genre with few "
        "of them. Risks: state-media claims are reproduced verbatim and could be extracted without "
        "their attribution, and results on one story could be mistaken for general news "
        "understanding; systems built on it should keep attributions and a human in the loop."
    ),
    "rai:dataReleaseMaintenancePlan": (
        "Maintained by the Warta maintainers through the repository's issue tracker. Versioned "
        "releases (semantic versioning, one git tag per release); every release rebuilds byte for "
        "byte from the raw files, annotations and schemas with 'warta build', and "
        "dataset/data/MANIFEST.json records the SHA-256 of every file. A report is removed in the "
        "next release on its publisher's request, and its id is never reused."
    ),
}


KEYWORDS = ("Indonesian", "news", "named entity recognition", "temporal expressions", "quotation attribution",
            "event extraction", "cross-document coreference")


def croissant(files: list[dict], about: Description | None = None) -> dict:
    """The Croissant metadata of a release whose Parquet files are ``files``.

    ``files``: one entry per config, ``{"config", "path" (repository-relative), "sha256",
    "size", "rows"}`` (the manifest's ``files``). Paths stay relative so that the JSON can
    be resolved against any checkout or download of the repository.
    """
    import mlcroissant as mlc  # heavy (rdflib, networkx): imported only when a release is written

    # The @context and conformsTo that mlcroissant itself writes and checks against: a
    # hand-copied context drifts, and mlcroissant warns about any key it lacks.
    ctx = mlc.Context()
    by_config: dict[str, list[dict]] = {}
    for entry in files:
        by_config.setdefault(entry["config"], []).append(entry)
    if sorted(by_config) != sorted(cfg.name for cfg in CONFIGS):
        raise ValueError(f"files are for configs {sorted(by_config)}, the release has "
                         f"{sorted(cfg.name for cfg in CONFIGS)}")
    if about is None or about.name == "Warta" and about.description == DESCRIPTION:
        head = {"name": "Warta", "conformsTo": ctx.conforms_to.value, "description": DESCRIPTION,
                "license": ANNOTATIONS_LICENSE, "url": URL, "version": __version__, "datePublished": DATE_PUBLISHED,
                "citeAs": CITE_AS, "creator": {"@type": "sc:Organization", "name": CREATOR, "url": URL},
                "keywords": list(KEYWORDS), "inLanguage": "id", **RAI}
    else:  # a corpus of its own (warta init): what its dataset/description.toml says, nothing of Warta
        head = {"name": about.name, "conformsTo": ctx.conforms_to.value, "description": about.description,
                "license": about.license, **({"url": about.url} if about.url else {}), "version": about.version,
                **({"datePublished": about.date_published} if about.date_published else {}),
                "creator": {"@type": "sc:Organization", "name": about.creator,
                            **({"url": about.url} if about.url else {})},
                "keywords": list(about.keywords), "inLanguage": "id", **about.rai}
    return {
        "@context": dict(ctx.rdf.context),
        "@type": "sc:Dataset",
        **head,
        "distribution": [_distribution(by_config[cfg.name]) for cfg in CONFIGS],
        "recordSet": [_record_set(cfg.name, cfg.description, features_for(cfg.schema)) for cfg in CONFIGS],
    }


def _file_id(config: str) -> str:
    return f"{config}-parquet"


def _distribution(shards: list[dict]) -> dict:
    """A config's files: one FileObject with its sha256, or a FileSet of its shards.

    Croissant 1.0 gives a FileSet no checksums: the sha256 of every shard is in
    dataset/data/MANIFEST.json, which ``warta verify`` checks.
    """
    if len(shards) == 1:
        return _file_object(shards[0])
    config = shards[0]["config"]
    folder = shards[0]["path"].rsplit("/", 1)[0]
    return {
        "@type": "cr:FileSet",
        "@id": _file_id(config),
        "name": _file_id(config),
        "description": (f"Parquet shards of the {config} config ({len(shards)} files, "
                        f"{sum(s['rows'] for s in shards)} rows, split test); their sha256 are in data/MANIFEST.json."),
        "encodingFormat": PARQUET,
        "includes": f"{folder}/*.parquet",
    }


def _file_object(entry: dict) -> dict:
    return {
        "@type": "cr:FileObject",
        "@id": _file_id(entry["config"]),
        "name": _file_id(entry["config"]),
        "description": f"Parquet file of the {entry['config']} config ({entry['rows']} rows, split test).",
        "contentUrl": entry["path"],
        "contentSize": f"{entry['size']} B",
        "encodingFormat": PARQUET,
        "sha256": entry["sha256"],
    }


def _record_set(config: str, description: str, features: Features) -> dict:
    return {
        "@type": "cr:RecordSet",
        "@id": config,
        "name": config,
        "description": description,
        "field": [_field(config, [name], feature) for name, feature in features.items()],
    }


def _field(config: str, path: list[str], feature: Any) -> dict:
    """One column, or one member of a struct column, as a cr:Field (recursively).

    A list becomes ``repeated`` (a list of lists says so in its description: Croissant
    1.0 has no array shape); a struct, or a list of structs, gets one subField per
    member. Every leaf reads its top-level column and descends with one JSONPath
    transform per struct level, applied element-wise through lists, as the Hugging Face
    Hub's own Croissant export does, so the two describe nested columns alike.
    """
    depth = 0
    while isinstance(feature, List):
        feature, depth = feature.feature, depth + 1
    field: dict[str, Any] = {"@type": "cr:Field", "@id": "/".join([config, *path]), "name": path[-1]}
    notes = [f"List of lists ({depth} levels)."] if depth > 1 else []
    if isinstance(feature, dict):
        field["subField"] = [_field(config, [*path, name], sub) for name, sub in feature.items()]
    else:
        field["dataType"] = _data_type(feature)
        if isinstance(feature, ClassLabel):
            notes.append("Class label ids: " + ", ".join(f"{i}={name}" for i, name in enumerate(feature.names)) + ".")
        field["source"] = {"fileObject": {"@id": _file_id(config)}, "extract": {"column": path[0]}}
        if len(path) > 1:
            field["source"]["transform"] = [{"jsonPath": name} for name in path[1:]]
    if notes:
        field["description"] = " ".join(notes)
    if depth:
        field["repeated"] = True
    return field


def _data_type(feature: Any) -> str:
    if isinstance(feature, ClassLabel):
        return "sc:Integer"
    if isinstance(feature, Value) and feature.dtype in _DATA_TYPES:
        return _DATA_TYPES[feature.dtype]
    raise ValueError(f"no Croissant data type for feature {feature!r}")
