"""Text folding: compare Vietnamese names without diacritics, case or punctuation.

The one definition behind name search, province matching in filters and validation, export
file names and the reading of CRS and province names in outline imports.
"""

from __future__ import annotations

import re
import unicodedata

# 'đ' has no decomposition in Unicode, so NFD alone would keep it.
_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lowercase ASCII, single spaces: 'Khu công nghiệp Phổ Phong' → 'khu cong nghiep pho phong'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower()).strip()
