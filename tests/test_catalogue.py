"""The text catalogue is complete: every key the code asks for exists in Vietnamese and English
with the same placeholders, and every key in the catalogue is asked for somewhere."""

from __future__ import annotations

import ast
import re

import pytest

from helpers import ROOT
from zones.i18n import _TEXT

CALLS = {"t", "render", "render_message", "Message", "has"}  # render_message: pages that define render()
"""Functions whose first argument is a catalogue key."""
SOURCES = sorted(
    [*(ROOT / "src" / "zones").rglob("*.py"), *(ROOT / "ui").rglob("*.py"), ROOT / "app.py"]
)


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _prefix(node: ast.expr) -> str | None:
    """The literal start of a key built at run time: f"kind.{k}" or "kind." + k."""
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        if isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
            return node.left.value
        return _prefix(node.left)
    return None


def _declared_keys(node: ast.AST) -> list[str]:
    """Strings in `SOMETHING_TEXT_KEYS = (...)`: keys the code passes to t() through a variable."""
    if isinstance(node, ast.Assign):
        targets, value = node.targets, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        targets, value = [node.target], node.value
    else:
        return []
    if not any(isinstance(t, ast.Name) and t.id.endswith("_TEXT_KEYS") for t in targets):
        return []
    return [c.value for c in ast.walk(value)
            if isinstance(c, ast.Constant) and isinstance(c.value, str)]


FAMILY = re.compile(r"^[a-z_]+(\.[a-z_]+)*\.$")


def _passed_through_variables(tree: ast.AST) -> list[tuple[str, int]]:
    """Strings in tuple/list literals of a function that calls t() with a variable key, as in
    `for label, rows in (("diff_added", added), …): t(label, lang)`."""
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        calls = [n for n in ast.walk(function) if isinstance(n, ast.Call)
                 and _name(n.func) in CALLS and n.args and isinstance(n.args[0], ast.Name)]
        if not calls:
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Tuple | ast.List):
                found += [(c.value, c.lineno) for c in node.elts
                          if isinstance(c, ast.Constant) and isinstance(c.value, str)]
    return found


def scan() -> tuple[dict[str, list[str]], ...]:
    """(literal keys, prefixes of keys built in a call, declared *_TEXT_KEYS, prefixes of keys
    built elsewhere and passed on), each with where it is."""
    literal: dict[str, list[str]] = {}
    families: dict[str, list[str]] = {}
    indirect: dict[str, list[str]] = {}
    prefixes: dict[str, list[str]] = {}
    declared: dict[str, list[str]] = {}
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(ROOT))
        for key, line in _passed_through_variables(tree):
            indirect.setdefault(key, []).append(f"{where}:{line}")
        for node in ast.walk(tree):
            for key in _declared_keys(node):
                declared.setdefault(key, []).append(f"{where}:{node.lineno}")
            # a key family built anywhere, then passed on: f"action.{record.action}"
            prefix = _prefix(node) if isinstance(node, ast.JoinedStr) else None
            if prefix and FAMILY.match(prefix):
                families.setdefault(prefix, []).append(f"{where}:{node.lineno}")
            if not (isinstance(node, ast.Call) and _name(node.func) in CALLS and node.args):
                continue
            key = node.args[0]
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                literal.setdefault(key.value, []).append(f"{where}:{node.lineno}")
            elif (prefix := _prefix(key)) is not None:
                prefixes.setdefault(prefix, []).append(f"{where}:{node.lineno}")
    return literal, prefixes, declared, families, indirect


LITERAL, PREFIXES, DECLARED, FAMILIES, INDIRECT = scan()


def test_the_scan_finds_the_code_it_reads() -> None:
    assert {"app_title", "n_zones", "reset"} <= set(LITERAL)
    assert {"kind.", "status."} <= set(PREFIXES)
    assert "figure" in DECLARED
    tree = ast.parse("def f(lang):\n    for key in ('a_key', 'b_key'):\n        t(key, lang)\n")
    assert [key for key, _ in _passed_through_variables(tree)] == ["a_key", "b_key"]


def test_every_key_used_in_code_is_in_the_catalogue() -> None:
    missing = {key: where for key, where in {**DECLARED, **LITERAL}.items() if key not in _TEXT}
    assert missing == {}
    no_entry = {p: where for p, where in PREFIXES.items() if not any(k.startswith(p) for k in _TEXT)}
    assert no_entry == {}


def test_every_catalogue_key_is_used() -> None:
    """Used: asked for literally, matched by a prefix the code builds keys from (in the call
    or before it: f"action.{record.action}"), listed in a function that passes them to t() through
    a variable, or declared
    in a `…_TEXT_KEYS` constant whose keys the code passes to t() (e.g. FACT_HEADER_TEXT_KEYS)."""
    unused = [
        key for key in _TEXT
        if key not in LITERAL and key not in DECLARED and key not in INDIRECT
        and not any(key.startswith(prefix) for prefix in [*PREFIXES, *FAMILIES] if prefix)
    ]
    assert unused == []


@pytest.mark.parametrize("key", sorted(_TEXT))
def test_both_languages_with_the_same_placeholders(key: str) -> None:
    vi, en = _TEXT[key]
    assert vi.strip() and en.strip()
    assert "|" not in vi, "Vietnamese has one plural form"
    fields = {form: set(re.findall(r"\{(\w+)", form)) for form in (vi, *en.split("|"))}
    assert len({frozenset(f) for f in fields.values()}) == 1, fields


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("kind.", "KINDS"),
        ("status.", "STATUSES"),
        ("precision.", "LOCATION_PRECISIONS"),
    ],
)
def test_every_code_shown_through_a_prefix_has_its_text(prefix: str, values: str) -> None:
    from zones import schema

    assert [v for v in getattr(schema, values) if prefix + v not in _TEXT] == []


def test_every_page_target_status_and_basemap_has_its_text() -> None:
    from zones.maps import BASEMAPS
    from zones.summary import BY_CHOICES
    from zones.targets import TargetStatus

    app = (ROOT / "app.py").read_text(encoding="utf-8")
    pages = re.findall(r'\("(\w+)", "\w+_page"', app)
    assert pages and [p for p in pages if f"page.{p}" not in _TEXT] == []
    assert [s for s in TargetStatus if f"target.{s}" not in _TEXT] == []
    assert [b for b in BY_CHOICES if f"province_mode.{b}" not in _TEXT] == []
    assert [b for b in BASEMAPS if f"basemap.{b}" not in _TEXT] == []
