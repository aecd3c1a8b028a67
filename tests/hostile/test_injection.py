"""Text from data and files is never read as Markdown or HTML; links go only to web pages; the
tables' own toolbars cannot export formula cells.

Payloads go into every field a page renders (zone names, developers, notes, aliases, districts,
source titles and URLs, uploaded file names) and must come out as the same characters.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from helpers import ROOT, SOURCE_ROWS, ZONE_ROWS, app_test, make_data_dir, write_csv
from zones.safetext import markdown_literal, web_link
from zones.schema import SOURCES

PAYLOADS = [
    ("markdown link", "[click me](http://evil.example/login)"),
    ("markdown image", "![tracker](http://evil.example/pixel.png)"),
    ("reference link", "[x][1]\n\n[1]: http://evil.example"),
    ("autolink", "<http://evil.example>"),
    ("bare URL", "see http://evil.example/a_b"),
    ("HTML image", '<img src="x" onerror="alert(1)">'),
    ("script tag", "<script>alert(1)</script>"),
    ("emphasis", "**bold** _italic_ ~~gone~~"),
    ("heading", "# Heading"),
    ("list and quote", "- item\n> quote"),
    ("table", "| a | b |\n|---|---|"),
    ("code span", "`code`"),
    ("LaTeX", "$x^2$ and $$\\int$$"),
    ("emoji shortcode", ":smile: :rocket:"),
    ("material icon", ":material/home:"),
    ("colour directive", ":red[warning] :blue-background[x]"),
    ("HTML entity", "&lt;b&gt; &amp;"),
    ("backslash escapes", "\\*not\\* \\[x\\]"),
]


MARKS = r"\\`*_{}\[\]()#+\-.!|<>~$&^="


def unescape(markdown: str) -> str:
    return re.sub(rf"\\([{MARKS}])", r"\1", markdown.replace("\u2060", ""))


@pytest.mark.parametrize("payload", [p[1] for p in PAYLOADS], ids=[p[0] for p in PAYLOADS])
def test_markdown_literal_escapes_every_mark(payload: str) -> None:
    shown = markdown_literal(payload)
    assert unescape(shown) == " ".join(payload.split())  # the same characters, on one line
    bare = re.sub(rf"\\[{MARKS}]", "", shown)  # drop every escaped mark
    assert not re.search(rf"[{MARKS}]", bare), bare  # no mark is left unescaped
    assert not re.search(r":[\w-]", shown)  # no emoji or icon shortcode can match


LINKS = [
    ("https", "https://example.org/a", "https://example.org/a"),
    ("http", "http://example.org", "http://example.org"),
    ("upper-case scheme and host", "HTTPS://Example.ORG/Path", "https://example.org/Path"),
    ("parentheses and brackets encoded", "https://e.org/a)[x](https://evil",
     "https://e.org/a%29%5Bx%5D%28https://evil"),
    ("angle brackets encoded", "https://e.org/<b>", "https://e.org/%3Cb%3E"),
    ("quotes encoded", 'https://e.org/"onclick="x', "https://e.org/%22onclick=%22x"),
    ("query kept", "https://e.org/s?q=a&b=c", "https://e.org/s?q=a&b=c"),
    ("javascript", "javascript:alert(1)", None),
    ("data", "data:text/html,<script>alert(1)</script>", None),
    ("file", "file:///etc/passwd", None),
    ("ftp", "ftp://e.org/x", None),
    ("no host", "https:///path", None),
    ("credentials hide the host", "https://bank.example@evil.example/", None),
    ("space inside", "https://e.org/a b", None),
    ("newline inside", "https://e.org/a\nb", None),
    ("bad port", "https://e.org:99999/", None),
    ("markdown around", "[x](https://e.org)", None),
    ("empty", "", None),
    ("not text", 42, None),
]


@pytest.mark.parametrize(("url", "expected"), [c[1:] for c in LINKS], ids=[c[0] for c in LINKS])
def test_web_link(url, expected) -> None:
    assert web_link(url) == expected


# --- what the pages render -------------------------------------------------------------------

FIELDS = ("name", "developer", "notes", "aliases", "district")
RENDERING = ("markdown", "caption", "header", "subheader", "title", "error", "warning", "info",
             "success")


def rendered(at: AppTest) -> list[str]:
    """Every element whose text Streamlit reads as Markdown, and every header, index label
    and cell of a static table (st.table renders Markdown in all of them)."""
    texts = [element.value for kind in RENDERING for element in getattr(at, kind)]
    texts += [button.label for button in at.button]  # button labels are Markdown too
    for table in at.table:
        frame = table.value
        texts += [str(v) for v in [*frame.columns, *frame.index, *frame.to_numpy().ravel()]]
    return texts


def hostile_folder(tmp_path: Path, payload: str) -> Path:
    rows = [dict(row) for row in ZONE_ROWS]
    for field in FIELDS:
        value = payload.replace("\n", " ")
        rows[0][field] = value if field != "name" else f"KKT {value}"
    sources = [dict(row) for row in SOURCE_ROWS]
    sources[0]["title"] = payload.replace("\n", " ")
    folder = make_data_dir(tmp_path / "data", zones=rows)
    write_csv(folder / "sources.csv", SOURCES, sources)
    return folder


def zone_page(folder: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("ZONES_DATA_DIR", str(folder))
    monkeypatch.chdir(ROOT)
    at = app_test(60)
    at.query_params["zone"] = ZONE_ROWS[0]["zone_id"]
    at.run()
    return at.switch_page("ui/views/zone_page.py").run()


PAGE_PAYLOADS = [p for p in PAYLOADS if p[0] in (
    "markdown link", "markdown image", "HTML image", "LaTeX", "emoji shortcode", "material icon",
    "colour directive", "emphasis")]


@pytest.mark.parametrize("payload", [p[1] for p in PAGE_PAYLOADS],
                         ids=[p[0] for p in PAGE_PAYLOADS])
def test_zone_page_shows_data_fields_literally(tmp_path: Path, monkeypatch, payload: str) -> None:
    folder = hostile_folder(tmp_path, payload)
    at = zone_page(folder, monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    texts = rendered(at)
    assert any(markdown_literal(payload) in text for text in texts), texts
    for text in texts:
        assert payload not in text, text  # never the raw Markdown
        for match in re.finditer(r"(?<!\\)\]\((\S+?)\)", text):  # every link is a web link
            assert web_link(match.group(1)) == match.group(1)


HOSTILE_NAMES = [
    ("link and image", "[x](http://evil.example)![i](http://evil.example/i.png).csv"),
    ("HTML", "<img src=x onerror=alert(1)>.csv"),
    ("LaTeX and emoji", "$\\sum$ :smile:.csv"),
]


@pytest.mark.parametrize("filename", [n[1] for n in HOSTILE_NAMES], ids=[n[0] for n in HOSTILE_NAMES])
def test_uploaded_file_name_is_shown_literally(tmp_path: Path, monkeypatch, filename: str) -> None:
    import argon2

    from zones import auth

    monkeypatch.setattr(auth, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=8,
                                                               parallelism=1))
    monkeypatch.setenv("ZONES_USERS", f"lan={auth.hash_password('correct horse battery')}")
    monkeypatch.setenv("ZONES_DATA_DIR", str(make_data_dir(tmp_path / "data")))
    monkeypatch.chdir(ROOT)
    at = app_test(60).run()
    at.text_input(key="sign_in_name").input("lan")
    at.text_input(key="sign_in_password").input("correct horse battery")
    next(b for b in at.button if b.label == "Đăng nhập").click()
    at = at.run().switch_page("ui/views/edit_page.py").run()
    uploader = next(u for u in at.file_uploader if u.key == "import_upload")
    uploader.set_value((filename, b"\x00\x01\x02\x03" * 64, "text/csv")).run()  # unreadable
    assert not at.exception, [e.value for e in at.exception]
    shown = rendered(at) + [c.value for c in at.code]
    assert any(filename in text or markdown_literal(filename) in text for text in shown)
    for text in rendered(at):
        assert filename not in text, text


def test_table_toolbars_cannot_export() -> None:
    """st.dataframe / st.data_editor's own "Download as CSV" would export '=HYPERLINK(…)' cells
    as formulas; the app's Download buttons neutralise them. The grid cannot be neutralised
    (it would save the change), so the toolbar export is off for every table."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True
