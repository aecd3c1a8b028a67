"""Search as people type: diacritics, case and spacing ignored; kind words optional.

People write a zone's name with or without its kind ("KCN Phú Tài", "khu cong nghiep phu tai",
"Phú Tài"), so both the names and the query are compared without a leading kind word. A zone
is also found by its aliases, its developer and its district. Results are ranked: an exact
name first, then names that start with the query, then names containing it, then the other
fields.
"""

from __future__ import annotations

from collections.abc import Iterable

from zones.folding import fold

_KIND_PREFIXES = (
    "khu kinh te",
    "khu cong nghiep",
    "cum cong nghiep",
    "kkt",
    "kcn",
    "ccn",
)

RANK_EXACT, RANK_PREFIX, RANK_NAME, RANK_WORDS, RANK_OTHER = range(5)
"""Search ranks, best first: exact name, name starts with the query, name contains it, every
query word in the name, developer or district contains it."""


def strip_kind_prefix(folded: str) -> str:
    for prefix in _KIND_PREFIXES:
        if folded.startswith(prefix + " "):
            return folded[len(prefix) + 1 :]
    return folded


def search_keys(name: str, aliases: Iterable[str] = ()) -> list[str]:
    """Folded forms a zone can be found by: its name (with and without kind prefix) and aliases."""
    keys = []
    for text in (name, *aliases):
        folded = fold(text)
        for key in (folded, strip_kind_prefix(folded)):
            if key and key not in keys:
                keys.append(key)
    return keys


def query_forms(query: str) -> list[str]:
    """The folded query with and without a leading kind word ('kcn phu tai' → also 'phu tai')."""
    folded = fold(query)
    stripped = strip_kind_prefix(folded)
    return [form for form in dict.fromkeys((folded, stripped)) if form]


def search_rank(
    query: str,
    name: str,
    aliases: Iterable[str] = (),
    others: Iterable[object] = (),
) -> int | None:
    """How well a zone matches a query (RANK_*; lower is better), or None when it does not.

    `others` are further fields searched by containment only (developer, district); missing
    values (None, NaN) are skipped.
    """
    forms = query_forms(query)
    if not forms:
        return RANK_EXACT
    keys = search_keys(name, aliases)
    best: int | None = None
    for form in forms:
        for key in keys:
            if key == form:
                return RANK_EXACT
            rank = (RANK_PREFIX if key.startswith(form) else RANK_NAME if form in key
                    else RANK_WORDS if set(form.split()) <= set(key.split()) else None)
            if rank is not None and (best is None or rank < best):
                best = rank
    if best is not None:
        return best
    folded_others = [fold(value) for value in others if isinstance(value, str) and value]
    if any(form in other for form in forms for other in folded_others):
        return RANK_OTHER
    return None


def matches(
    query: str, name: str, aliases: Iterable[str] = (), others: Iterable[object] = ()
) -> bool:
    """True when the query (kind word and diacritics optional) finds the zone."""
    return search_rank(query, name, aliases, others) is not None
