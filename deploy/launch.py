"""`streamlit`, with TCP_NODELAY on its listening socket: `python deploy/launch.py run serve.py ...`

Streamlit 1.67 binds its listening socket itself, with protocol number 0, and asyncio sets
TCP_NODELAY only on sockets whose protocol is IPPROTO_TCP, so every connection keeps Nagle's
algorithm. Streamlit writes a response's headers and body separately; on a reused (keep-alive)
connection the body then waits for the client's delayed ACK: ~40 ms per request (measured in
docs/benchmarks.md). On Linux, accepted sockets inherit TCP_NODELAY from the listening socket,
so setting it there once fixes every connection. Arguments are those of the `streamlit` command.
"""

from __future__ import annotations

import socket

from streamlit.web.server.starlette import starlette_server

_streamlit_bind_socket = starlette_server._bind_socket


def bind_socket_without_nagle(address: str, port: int, backlog: int) -> socket.socket:
    sock = _streamlit_bind_socket(address, port, backlog)
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def install() -> None:
    starlette_server._bind_socket = bind_socket_without_nagle


if __name__ == "__main__":
    install()
    from streamlit.web.cli import main

    main(prog_name="streamlit")
