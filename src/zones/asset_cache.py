"""Serve the files every first visit asks for (about 115: Streamlit's frontend chunks, the map
component, our Leaflet bundle and base map) from memory, in front of Streamlit.

An ASGI middleware. Streamlit's own static route costs about 1.1 ms of server CPU per file
(Starlette's middleware stack and a worker-thread hop for each stat, open and read) and
compresses our JSON and scripts again on every request; from memory a file costs about 0.1 ms.
Only files found under the given folders when the server starts are served here, and only for
GET and HEAD without a Range header; every other request goes to Streamlit unchanged, so a path
this module does not know (or a file since removed) gets Streamlit's own answer.

Each file is read on its first request and kept with its gzip form and a content hash (ETag);
its size and modification time are checked on every request (one `stat`), so a changed file is
read again. `deploy/nginx.conf.in` applies the same caching rules when nginx serves these files.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import mimetypes
import os
from collections.abc import Awaitable, Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

IMMUTABLE = "public, immutable, max-age=31536000"
REVALIDATE = "no-cache"
GZIP_LEVEL = 6
GZIP_MIN_BYTES = 1000
_COMPRESSIBLE_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


@dataclass(frozen=True)
class AssetFolder:
    """Files under `root`, served at `url_prefix` + their path relative to `root`.

    `cache_control` applies to every file but HTML pages, which are always revalidated (a page
    names the other files, so an old page would ask for files that are gone).
    """

    url_prefix: str
    root: Path
    cache_control: str = REVALIDATE


@dataclass(frozen=True)
class _Source:
    path: Path
    cache_control: str


@dataclass(frozen=True)
class Asset:
    """One file as it will be sent: body, gzip body (if smaller), and the headers both share."""

    body: bytes
    gzipped: bytes | None
    content_type: str
    etag: str
    cache_control: str
    stamp: tuple[int, int]  # (size, mtime_ns) of the file the body was read from


def index_folders(folders: Iterable[AssetFolder]) -> dict[str, _Source]:
    """URL path -> file, for every regular file under each folder (symbolic links not followed).

    Built once: requests are matched against these exact paths, never joined to a folder, so no
    request path can name a file outside the folders.
    """
    index: dict[str, _Source] = {}
    for folder in folders:
        prefix = "/" + folder.url_prefix.strip("/") + "/"
        for directory, subdirectories, files in os.walk(folder.root, followlinks=False):
            subdirectories.sort()
            for name in sorted(files):
                path = Path(directory) / name
                if path.is_symlink() or not path.is_file():
                    continue
                relative = path.relative_to(folder.root).as_posix()
                cache = REVALIDATE if name.endswith(".html") else folder.cache_control
                index.setdefault(prefix + relative, _Source(path, cache))
    return index


def content_type_of(path: Path) -> str:
    """The type Starlette's FileResponse would send, so a cached file reads the same."""
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return guessed + "; charset=utf-8" if guessed.startswith("text/") else guessed


def is_compressible(content_type: str) -> bool:
    return content_type.startswith(_COMPRESSIBLE_TYPES)


def load_asset(source: _Source, stamp: tuple[int, int]) -> Asset:
    body = source.path.read_bytes()
    content_type = content_type_of(source.path)
    gzipped = None
    if is_compressible(content_type) and len(body) >= GZIP_MIN_BYTES:
        # mtime=0: the same bytes give the same gzip file, whenever they were compressed.
        packed = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        gzipped = packed if len(packed) < len(body) else None
    etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    return Asset(body, gzipped, content_type, etag, source.cache_control, stamp)


def header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def accepts_gzip(accept_encoding: str) -> bool:
    """True when the client takes gzip (`gzip` or `*`, with a quality above 0)."""
    for item in accept_encoding.split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip().lower() not in ("gzip", "*"):
            continue
        quality = params.strip().lower()
        if quality.startswith("q="):
            try:
                return float(quality[2:]) > 0
            except ValueError:
                return False
        return True
    return False


def etag_matches(if_none_match: str, etag: str) -> bool:
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


def response_for(asset: Asset, scope: Scope) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Status, headers and body for a GET or HEAD of `asset` (a 304 when the client has it)."""
    headers = [
        (b"cache-control", asset.cache_control.encode()),
        (b"etag", asset.etag.encode()),
        (b"x-content-type-options", b"nosniff"),
    ]
    if asset.gzipped is not None:
        headers.append((b"vary", b"Accept-Encoding"))
    if etag_matches(header(scope, b"if-none-match"), asset.etag):
        return 304, headers, b""
    body = asset.body
    if asset.gzipped is not None and accepts_gzip(header(scope, b"accept-encoding")):
        body = asset.gzipped
        headers.append((b"content-encoding", b"gzip"))
    headers += [
        (b"content-type", asset.content_type.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    return 200, headers, b"" if scope["method"] == "HEAD" else body


class AssetCache:
    """ASGI middleware: the folders' files from memory, everything else to `app`."""

    def __init__(self, app: ASGIApp, folders: Sequence[AssetFolder]) -> None:
        self.app = app
        self._sources = index_folders(folders)
        self._assets: dict[str, Asset] = {}

    def knows(self, path: str) -> bool:
        """True when URL `path` names a file found under the folders when the cache was built."""
        return path in self._sources

    def _stamp(self, path: str) -> tuple[int, int] | None:
        """(size, mtime_ns) of the file behind URL `path` now; None if it is gone."""
        try:
            status = self._sources[path].path.stat()
        except OSError:
            return None
        return status.st_size, status.st_mtime_ns

    def cached(self, path: str) -> Asset | None:
        """The file at URL `path` if it is in memory and unchanged on disk (one `stat`)."""
        cached = self._assets.get(path)
        return cached if cached is not None and cached.stamp == self._stamp(path) else None

    def asset(self, path: str) -> Asset | None:
        """The file at URL `path`, read (again, if it changed on disk) and compressed; None if
        unknown or gone."""
        if path not in self._sources:
            return None
        cached = self.cached(path)
        if cached is not None:
            return cached
        self._assets.pop(path, None)
        stamp = self._stamp(path)
        if stamp is None:
            return None
        try:
            cached = self._assets[path] = load_asset(self._sources[path], stamp)
        except OSError:
            return None
        return cached

    def _serves(self, scope: Scope) -> bool:
        return (
            scope["type"] == "http"
            and scope.get("method") in ("GET", "HEAD")
            and self.knows(scope.get("path", ""))
            and not header(scope, b"range")
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        asset = None
        if self._serves(scope):
            # A first read is done in a worker thread: compressing Streamlit's largest chunks
            # (3-5 MB) takes ~0.1 s, which would hold up every other client.
            path = scope["path"]
            asset = self.cached(path) or await asyncio.to_thread(self.asset, path)
        if asset is None:
            await self.app(scope, receive, send)
            return
        status, headers, body = response_for(asset, scope)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
