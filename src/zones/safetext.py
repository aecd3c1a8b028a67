"""Text from data and files, made safe to show: never Markdown or HTML, links only to web pages.

Everything a page shows from the data or from an uploaded file (names, notes, file names,
problem texts that quote a value) passes through `markdown_literal` before st.markdown,
st.error, st.warning or st.caption; a source URL becomes a link only through `web_link`.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

_MARKDOWN_MARKS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&^=])")
"""Every ASCII mark Markdown, GFM, math or HTML gives a meaning to (CommonMark lets any ASCII
punctuation be escaped; ',;:?'"/%@' start nothing on their own)."""
_SHORTCODE_COLON = re.compile(r":(?=[\w/-])")
_WHITESPACE = re.compile(r"\s+")
_WORD_JOINER = "\u2060"
_WEB_SCHEMES = ("http", "https")
_URL_SAFE = "/%:@!$&*+,;=-._~"
"""Kept as they are in a link; everything else (spaces, quotes, brackets, parentheses, angle
brackets) is percent-encoded, so a link can never close early in Markdown or HTML."""


def markdown_literal(text: object) -> str:
    """`text` as Markdown that shows exactly these characters.

    The marks that could start emphasis, a link, an image, an HTML tag or entity, a heading,
    a list, a table, math ($…$) or a Streamlit colour directive are backslash-escaped.
    Streamlit also turns ':name:' into an emoji or icon after parsing, so an invisible word
    joiner follows a colon that touches a word. Line breaks become spaces.
    """
    flat = _WHITESPACE.sub(" ", "" if text is None else str(text)).strip()
    escaped = _MARKDOWN_MARKS.sub(r"\\\1", flat)
    return _SHORTCODE_COLON.sub(":" + _WORD_JOINER, escaped)


def web_link(url: object) -> str | None:
    """`url` as a link target if it is an http(s) address of a host, else None.

    The result is percent-encoded where Markdown or HTML could read structure into it.
    """
    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text or any(ord(c) < 0x21 or c == "\x7f" for c in text):
        return None
    try:
        parts = urlsplit(text)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return None
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.hostname or not port_ok:
        return None
    if "@" in parts.netloc:  # user:password@host hides where the link goes
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(),
                       quote(parts.path, safe=_URL_SAFE), quote(parts.query, safe=_URL_SAFE + "?"),
                       quote(parts.fragment, safe=_URL_SAFE + "?")))


def markdown_link(label: object, url: object) -> str:
    """`label` shown literally, as a link to `url` when that is a web address (else plain)."""
    text = markdown_literal(label)
    target = web_link(url)
    return f"[{text}]({target})" if text and target else text
