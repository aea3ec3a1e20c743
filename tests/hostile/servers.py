"""Hostile HTTP servers on 127.0.0.1, each in a daemon thread: they trickle, stream without end, or never answer."""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator

NTRIPLE = b'<http://example.org/s> <http://www.w3.org/2000/01/rdf-schema#label> "' + b"x" * 200 + b'" .\n'
JSON_HEAD = b'{"head": {"vars": ["s"]}, "results": {"bindings": ['
JSON_ROW = b'{"s": {"type": "literal", "value": "' + b"x" * 200 + b'"}},'


def trickle(interval: float = 1.0) -> Iterator[bytes]:
    """A complete-looking head, then one byte of body per ``interval`` for ever."""
    yield b"HTTP/1.1 200 OK\r\nContent-Type: application/n-triples\r\nContent-Length: 999999\r\n\r\n"
    while True:
        yield b"#"
        time.sleep(interval)


def endless(first: bytes, row: bytes, content_type: str) -> Iterator[bytes]:
    """A chunked answer that never ends: ``first``, then ``row`` repeated, as fast as the client reads."""
    yield f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
    block = row * (65536 // len(row))
    chunk = b"%x\r\n%s\r\n" % (len(block), block)
    if first:
        yield b"%x\r\n%s\r\n" % (len(first), first)
    while True:
        yield chunk


def endless_ntriples() -> Iterator[bytes]:
    return endless(b"", NTRIPLE, "application/n-triples")


def endless_json() -> Iterator[bytes]:
    return endless(JSON_HEAD, JSON_ROW, "application/sparql-results+json")


def endless_header() -> Iterator[bytes]:
    """A status line, then one header line that never ends."""
    yield b"HTTP/1.1 200 OK\r\nX-Flood: "
    while True:
        yield b"a" * 65536


class HostileServer:
    """Serves ``answer()`` to every connection after reading the request head, which it keeps in
    :attr:`heads`; listens on ``host`` (any 127.x.x.x); :meth:`stop` ends it."""

    def __init__(self, answer: Callable[[], Iterator[bytes]], host: str = "127.0.0.1") -> None:
        heads: list[bytes] = []
        self.heads = heads

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                head = b""
                while b"\r\n\r\n" not in head:
                    data = self.request.recv(65536)
                    if not data:
                        return
                    head += data
                heads.append(head)
                try:
                    for piece in answer():
                        self.request.sendall(piece)
                except OSError:
                    return

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://{host}:{self.server.server_address[1]}/query"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class SilentServer:
    """Accepts connections (the kernel does) and never reads or answers."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/query"

    def stop(self) -> None:
        self.socket.close()
