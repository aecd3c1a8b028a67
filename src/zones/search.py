"""Name search that ignores diacritics, case and spacing, and matches aliases."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# 'đ' has no decomposition in Unicode, so NFD alone would keep it.
_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_KIND_PREFIXES = (
    "khu kinh te",
    "khu cong nghiep",
    "cum cong nghiep",
    "kkt",
    "kcn",
    "ccn",
)


def fold(text: str) -> str:
    """Lowercase ASCII, single spaces: 'Khu công nghiệp Phổ Phong' → 'khu cong nghiep pho phong'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


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


def matches(query: str, name: str, aliases: Iterable[str] = ()) -> bool:
    """True when the folded query occurs within the folded name or one of the aliases."""
    wanted = fold(query)
    if not wanted:
        return True
    return any(wanted in key for key in search_keys(name, aliases))
