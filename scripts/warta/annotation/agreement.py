"""Inter-annotator agreement between two independent passes of the gold layers.

Span layers are compared as sets of (start, end) spans: F1 on exact matches and on
overlapping ones (each span matched at most once), then label agreement on the exactly
matched pairs. Zones are one label per shared segment, so Cohen's kappa applies. Event
coreference is compared as pairwise links between matched triggers.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from warta.annotation.layers import LAYER_NAMES
from warta.annotation.layers import LAYERS as LAYER_TABLE

LAYERS = LAYER_NAMES
_ANCHORS = {layer.name: layer.anchor for layer in LAYER_TABLE}


def _span(item: dict, layer: str) -> tuple[int, int]:
    part = _ANCHORS[layer]
    node = item[part] if part else item
    return node["raw_start"], node["raw_end"]


def _label(item: dict, layer: str) -> str:
    return {"entities": lambda i: i["label"], "timex": lambda i: f"{i['type']} {i['value']}",
            "quotes": lambda i: i["kind"], "events": lambda i: i["type"]}[layer](item)


def _f1(matched: int, a: int, b: int) -> float:
    return 2 * matched / (a + b) if a + b else 1.0


def match(a: list[dict], b: list[dict], layer: str, *, exact: bool) -> list[tuple[dict, dict]]:
    """Greedy one-to-one matching in reading order (exact spans, or any overlap)."""
    pairs, used = [], set()
    for x in sorted(a, key=lambda i: _span(i, layer)):
        xs, xe = _span(x, layer)
        for j, y in enumerate(sorted(b, key=lambda i: _span(i, layer))):
            ys, ye = _span(y, layer)
            if j in used:
                continue
            if (xs, xe) == (ys, ye) if exact else xs < ye and ys < xe:
                pairs.append((x, y))
                used.add(j)
                break
    return pairs


def kappa(labels_a: list[str], labels_b: list[str]) -> float:
    """Cohen's kappa for two label sequences over the same items."""
    n = len(labels_a)
    if n == 0:
        return 1.0
    observed = sum(x == y for x, y in zip(labels_a, labels_b, strict=True)) / n
    ca, cb = Counter(labels_a), Counter(labels_b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def layer_scores(a: list[dict], b: list[dict], layer: str) -> dict:
    exact = match(a, b, layer, exact=True)
    overlap = match(a, b, layer, exact=False)
    same = sum(_label(x, layer) == _label(y, layer) for x, y in exact)
    return {"a": len(a), "b": len(b), "exact_f1": _f1(len(exact), len(a), len(b)),
            "overlap_f1": _f1(len(overlap), len(a), len(b)),
            "label_agreement": same / len(exact) if exact else 1.0}


def cluster_link_f1(pairs: list[tuple[dict, dict]]) -> float:
    """Pairwise F1 of 'same cluster' links between matched event mentions (names may differ)."""
    links_a = {(i, j) for (i, (x, _)), (j, (y, _)) in combinations(enumerate(pairs), 2)
               if x["event_cluster"] == y["event_cluster"]}
    links_b = {(i, j) for (i, (_, x)), (j, (_, y)) in combinations(enumerate(pairs), 2)
               if x["event_cluster"] == y["event_cluster"]}
    return _f1(len(links_a & links_b), len(links_a), len(links_b))


def compare(pass_a: dict[str, dict], pass_b: dict[str, dict]) -> dict:
    """Scores per layer over all documents both passes annotated."""
    docs = sorted(set(pass_a) & set(pass_b))
    out: dict[str, dict] = {}
    for layer in LAYERS:
        n_a = sum(len(pass_a[d][layer]) for d in docs)
        n_b = sum(len(pass_b[d][layer]) for d in docs)
        exact = [p for d in docs for p in match(pass_a[d][layer], pass_b[d][layer], layer, exact=True)]
        overlap = sum(len(match(pass_a[d][layer], pass_b[d][layer], layer, exact=False)) for d in docs)
        same = sum(_label(x, layer) == _label(y, layer) for x, y in exact)
        out[layer] = {"a": n_a, "b": n_b, "exact_f1": _f1(len(exact), n_a, n_b),
                      "overlap_f1": _f1(overlap, n_a, n_b),
                      "label_agreement": same / len(exact) if exact else 1.0}
    entity_pairs = [p for d in docs for p in match(pass_a[d]["entities"], pass_b[d]["entities"],
                                                   "entities", exact=True)]
    out["entities"]["entity_id_equal"] = (sum(x["entity_id"] == y["entity_id"] for x, y in entity_pairs),
                                          len(entity_pairs))
    out["entities"]["entity_id_links_f1"] = cluster_link_f1(
        [({"event_cluster": x["entity_id"]}, {"event_cluster": y["entity_id"]}) for x, y in entity_pairs])
    event_pairs = [p for d in docs for p in match(pass_a[d]["events"], pass_b[d]["events"], "events",
                                                  exact=False)]
    out["events"]["cluster_links_f1"] = cluster_link_f1(event_pairs)
    za = {(d, z["raw_start"], z["raw_end"]): z["zone"] for d in docs for z in pass_a[d]["zones"]}
    zb = {(d, z["raw_start"], z["raw_end"]): z["zone"] for d in docs for z in pass_b[d]["zones"]}
    shared = sorted(set(za) & set(zb))  # segments both passes cut the same way
    la, lb = [za[k] for k in shared], [zb[k] for k in shared]
    out["zones"] = {"segments": len(shared), "unshared": len(set(za) ^ set(zb)),
                    "agreement": sum(x == y for x, y in zip(la, lb, strict=True)) / len(shared) if shared else 1.0,
                    "kappa": kappa(la, lb)}
    pairs = [(pass_a[d]["metadata"][f], pass_b[d]["metadata"].get(f)) for d in docs for f in pass_a[d]["metadata"]]
    out["metadata"] = {"fields": len(pairs), "agreement": sum(a == b for a, b in pairs) / (len(pairs) or 1)}
    return out
