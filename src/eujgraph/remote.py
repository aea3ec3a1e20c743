"""Bounded HTTP for everything eujgraph reads from a server (`link`, `query --endpoint`, `push`).

Every request has a total deadline, measured by the caller's clock from the moment the
request starts to the last byte of the answer (connecting, sending, waiting and reading
included), and an answer larger than the setting ``remote_max_response_mb`` is stopped
as soon as it grows past it. Either failure is one line naming the URL and the limit
(:class:`~eujgraph.errors.EngineError`, exit 3).

Example:
    >>> with Remote(timeout=5) as remote:                              # doctest: +SKIP
    ...     reply = remote.request("GET", "http://127.0.0.1:7878/store", params={"default": ""})
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from .errors import EngineError, QueryTimeout
from .settings import SETTINGS, setting

DEFAULT_TIMEOUT_S = 60.0
ERROR_BODY_BYTES = 65536
USER_VARIABLE, PASSWORD_VARIABLE = SETTINGS["store_user"].variable, SETTINGS["store_password"].variable
LOOPBACK = ("127.0.0.1", "::1", "localhost")


@dataclass(frozen=True)
class Reply:
    """A complete answer: status, headers and the body (at most the size limit)."""

    status: int
    headers: dict[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)

    def excerpt(self, length: int = 300) -> str:
        """The start of the body on one line, control characters removed (for error messages)."""
        return one_line(self.text)[:length]


class Remote:
    """An HTTP client whose every request has a total deadline and a maximum answer size.

    Args:
        timeout: seconds each request may take in all (default 60).
        what: what the server is, for messages ("endpoint", "graph store").
        max_bytes: largest answer body read (default: the setting ``remote_max_response_mb``).
    """

    def __init__(self, timeout: float | None = None, *, what: str = "server", max_bytes: int | None = None,
                 credentials: tuple[str, str] | None = None) -> None:
        self.timeout = timeout or DEFAULT_TIMEOUT_S
        self.what = what
        self.max_bytes = setting("remote_max_response_mb") * 1_000_000 if max_bytes is None else max_bytes
        self.client = httpx.Client(timeout=httpx.Timeout(self.timeout), follow_redirects=False, trust_env=False,
                                   auth=ChallengedAuth(*credentials) if credentials else None)

    def __enter__(self) -> "Remote":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def request(self, method: str, url: str, **options: Any) -> Reply:
        """Send one request (``params``, ``data``, ``content``, ``headers`` as in httpx) and read its answer.

        Raises:
            QueryTimeout: the answer was not complete within the deadline.
            EngineError: the server is unreachable, broke the connection, or sent too much.
        """
        deadline = time.monotonic() + self.timeout
        stop = threading.Event()
        outcome: dict[str, Any] = {}

        def fetch() -> None:
            try:
                outcome["reply"] = self._read(method, url, deadline, stop, options)
            except BaseException as error:  # handed to the caller's thread
                outcome["error"] = error

        # The caller waits at most until the deadline; a request still running then is
        # abandoned (a daemon thread) and stops by itself at its next chunk.
        worker = threading.Thread(target=fetch, name=f"eujgraph-remote {method} {url}", daemon=True)
        worker.start()
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            stop.set()
            raise self._late(url)
        if "error" in outcome:
            raise outcome["error"]
        return outcome["reply"]

    def _read(self, method: str, url: str, deadline: float, stop: threading.Event, options: dict) -> Reply:
        try:
            with self.client.stream(method, url, **options) as response:
                limit = self.max_bytes if response.status_code < 300 else ERROR_BODY_BYTES
                declared = response.headers.get("content-length", "")
                if response.status_code < 300 and declared.isdigit() and int(declared) > limit:
                    raise self._too_large(url)
                body = bytearray()
                for chunk in response.iter_bytes():
                    if stop.is_set() or time.monotonic() > deadline:
                        raise self._late(url)
                    body += chunk
                    if len(body) > limit:
                        if response.status_code >= 300:
                            del body[limit:]
                            break
                        raise self._too_large(url)
                return Reply(response.status_code, dict(response.headers), bytes(body))
        except httpx.TimeoutException:
            raise self._late(url) from None
        except httpx.ConnectError as error:
            raise EngineError(f"{self._named(url)} unreachable: {one_line(str(error))}") from None
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            raise EngineError(f"{self._named(url)} failed ({type(error).__name__}: {one_line(str(error))})") from None

    def _named(self, url: str) -> str:
        parts = urlsplit(url)
        if "@" in parts.netloc:
            url = urlunsplit(parts._replace(netloc="…@" + parts.netloc.rsplit("@", 1)[1]))
        return f"{self.what} {url}"

    def _late(self, url: str) -> QueryTimeout:
        return QueryTimeout(f"{self._named(url)} gave no complete answer within the {self.timeout:g} s deadline "
                            "(--timeout)")

    def _too_large(self, url: str) -> EngineError:
        variable = SETTINGS["remote_max_response_mb"].variable
        return EngineError(f"{self._named(url)} sent more than {self.max_bytes / 1_000_000:g} MB; "
                           f"stopped reading ({variable})")


def one_line(text: str) -> str:
    """``text`` with every run of whitespace or control characters made one space."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def store_credentials(url: str) -> tuple[str, str] | None:
    """(user, password) for the server of ``url``: from EUJGRAPH_STORE_USER and EUJGRAPH_STORE_PASSWORD,
    else from the ``~/.netrc`` entry of its host, else None. A malformed ``~/.netrc`` is an input error."""
    import netrc

    from .errors import InputError, Problem

    user, password = setting("store_user"), setting("store_password")
    if user and password:
        return user, password
    if user or password:
        missing = PASSWORD_VARIABLE if user else USER_VARIABLE
        raise InputError([Problem(f"{USER_VARIABLE} and {PASSWORD_VARIABLE} go together: {missing} is not set")])
    try:
        found = netrc.netrc().authenticators(urlsplit(url).hostname or "")
    except FileNotFoundError:
        return None
    except netrc.NetrcParseError as error:  # its message never quotes a password
        raise InputError([Problem(f"cannot read it: {error.msg}", error.filename, error.lineno)]) from None
    except OSError:
        return None
    return (found[0], found[2] or "") if found else None


class ChallengedAuth(httpx.Auth):
    """HTTP authentication as the server asks for it: Digest (Virtuoso) or Basic, from its first 401.

    The scheme found is kept for the client's later requests. Credentials are only ever sent to
    the server that challenged, as httpx's own schemes send them.
    """

    requires_request_body = True  # a challenged request is sent again, body included

    def __init__(self, user: str, password: str) -> None:
        self.schemes = {"digest": httpx.DigestAuth(user, password), "basic": httpx.BasicAuth(user, password)}
        self.scheme: str | None = None

    def auth_flow(self, request):
        if self.scheme:
            yield from self.schemes[self.scheme].auth_flow(request)
            return
        response = yield request
        challenge = response.headers.get("www-authenticate", "").strip().lower()
        if response.status_code != 401 or not challenge.startswith(("digest", "basic")):
            return
        scheme = "digest" if challenge.startswith("digest") else "basic"
        if scheme == "basic" and request.url.scheme != "https" and request.url.host not in LOOPBACK:
            raise EngineError(f"{request.url.host} asks for the password by HTTP Basic over plain http, where "
                              "anyone on the way could read it: use its https address")
        self.scheme = scheme
        flow = self.schemes[self.scheme].auth_flow(request)
        if self.scheme == "digest":
            next(flow)  # the unauthenticated request, already answered above
            retry = flow.send(response)
        else:
            retry = next(flow)
        response = yield retry
        try:
            flow.send(response)
        except StopIteration:
            pass
