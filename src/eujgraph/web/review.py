"""`eujgraph review`: the local review page of a draft, served on 127.0.0.1 only.

A small Starlette application over a *review model* — an object with ``payload() -> dict`` (what
the page shows) and ``save(decisions: dict) -> (status, answer)`` (write the reviewed files);
:class:`eujgraph.extract.review.Review` is the one the CLI passes. The web layer knows nothing
of drafts or YAML: it renders the page, serves its script and style (no CDN) and guards the one
writing request.

    /            the page: the memo text with every evidence span, the drafted items, the proposals
    /save        POST, JSON: the reviewer's decisions; answers JSON (200 saved, 409 exists, 422 refused)
    /static/…    review.js, review.css

Every request must name the server in its ``Host`` header (``127.0.0.1:PORT`` or
``localhost:PORT``), which defeats DNS rebinding; a save must also come from the page itself
(``Origin``), carry the page's per-session token (``X-Review-Token``) and be JSON.

    >>> serve_review(model, port=0, open_browser=False)   # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import json
import secrets
import socket
import threading
import webbrowser
from collections.abc import Callable
from importlib.resources import files
from typing import Any, Protocol

from jinja2 import Environment, PackageLoader
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .favicon import favicon_ico

HOST = "127.0.0.1"
MAX_SAVE_BYTES = 8 * 1024 * 1024
TOKEN_HEADER = "x-review-token"
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": PAGE_CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Frame-Options": "DENY"}


class ReviewModel(Protocol):
    """What the page needs from a draft under review."""

    def payload(self) -> dict[str, Any]: ...

    def save(self, request: Any) -> tuple[int, dict[str, Any]]: ...


def allowed_hosts(port: int) -> frozenset[str]:
    """The ``Host`` header values this server answers: itself, by address or as localhost."""
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})


class HostGuard:
    """Refuses (421) every request whose ``Host`` header is not one of ``hosts``."""

    def __init__(self, app, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
            if host not in self.hosts:
                response = PlainTextResponse(f"this review server answers only {' or '.join(sorted(self.hosts))}\n",
                                             421, headers={"Cache-Control": "no-store"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_review_app(model: ReviewModel, *, port: int, token: str | None = None) -> HostGuard:
    """The ASGI application of the review page for ``model``, answering as 127.0.0.1:``port``."""
    token = token or secrets.token_urlsafe(32)
    hosts = allowed_hosts(port)
    origins = {f"http://{host}" for host in hosts}
    templates = Environment(loader=PackageLoader("eujgraph.web", "templates"), autoescape=True)
    lock = asyncio.Lock()

    async def page(request: Request) -> Response:
        data = model.payload()
        html = templates.get_template("review.html").render(payload=data, token=token, lang=data.get("language"))
        return HTMLResponse(html, headers=SECURITY_HEADERS)

    async def save(request: Request) -> Response:
        refused = _refusal(request, origins, token)
        if refused:
            return JSONResponse({"message": refused}, 403, headers=SECURITY_HEADERS)
        try:
            body = await _body(request)
            decisions = json.loads(body.decode("utf-8"))
        except _TooLarge:
            return JSONResponse({"message": f"the request is larger than {MAX_SAVE_BYTES} bytes"}, 413)
        except (UnicodeDecodeError, json.JSONDecodeError, ClientDisconnect):
            return JSONResponse({"message": "the request body is not JSON"}, 400, headers=SECURITY_HEADERS)
        async with lock:
            status, answer = await asyncio.to_thread(model.save, decisions)
        return JSONResponse(answer, status, headers=SECURITY_HEADERS)

    async def favicon(request: Request) -> Response:
        return Response(favicon_ico(), media_type="image/x-icon")

    static = files("eujgraph.web") / "static"
    app = Starlette(routes=[
        Route("/", page), Route("/save", save, methods=["POST"]), Route("/favicon.ico", favicon),
        Mount("/static", StaticFiles(directory=str(static)), name="static"),
    ])
    app.state.token = token
    return HostGuard(app, hosts)


def _refusal(request: Request, origins: set[str], token: str) -> str | None:
    origin = request.headers.get("origin")
    if origin is None or origin.lower() not in origins:
        return "refused: a save must come from the review page itself (Origin)"
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return "refused: a save must come from the review page itself (Sec-Fetch-Site)"
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return "refused: a save is sent as application/json"
    if not secrets.compare_digest(request.headers.get(TOKEN_HEADER, "").encode(), token.encode()):
        return "refused: the page's review token is missing or wrong; reload the page"
    return None


class _TooLarge(Exception):
    pass


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_SAVE_BYTES:
        raise _TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_SAVE_BYTES:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def bind(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1:``port`` (0: a free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as error:
        sock.close()
        from ..errors import EujgraphError

        raise EujgraphError(f"cannot listen on {HOST}:{port}: {error.strerror or error}") from None
    sock.listen(64)
    return sock


def serve_review(model: ReviewModel, *, port: int = 0, open_browser: bool = True,
                 announce: Callable[[str], None] = print) -> None:
    """Serve the review page on 127.0.0.1 until interrupted (Ctrl-C); ``announce`` gets its URL."""
    import uvicorn

    sock = bind(port)
    port = sock.getsockname()[1]
    url = f"http://{HOST}:{port}/"
    app = create_review_app(model, port=port)
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, lifespan="off")
    server = uvicorn.Server(config)
    announce(url)
    if open_browser:
        threading.Timer(0.3, webbrowser.open, [url]).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
