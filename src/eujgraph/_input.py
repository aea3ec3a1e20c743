"""Reading input that may be hostile: files confined to the project, sizes bounded, text checked.

Every file a build reads from a project goes through :func:`read_input`, and every path
written inside a curated file goes through :func:`confine`; a file read from anywhere (the memo
`eujgraph extract` drafts from) goes through :func:`read_bounded`. Values quoted back in an error
message go through :func:`quoted`, so no message grows with its input.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .errors import InputError, Problem
from .settings import setting

QUOTED_CHARS = 80
PROBLEMS_LISTED = 100
# C0 controls except tab and newline, DEL, C1 controls, lone surrogates, noncharacters, and the
# invisible characters that reorder or hide text (bidi embeddings, overrides and isolates, zero-width).
UNSAFE_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff"
                              "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# Memo texts keep their layout: carriage returns, form feeds and a leading byte-order mark are allowed.
UNSAFE_IN_SOURCE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                              "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def quoted(value: object, limit: int = QUOTED_CHARS) -> str:
    """``repr(value)`` cut to about ``limit`` characters, for an error message.

    >>> quoted("x" * 100, limit=5)
    "'xxxxx…'"
    """
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple, set)):
        return "a list"
    if isinstance(value, (str, bytes)) and len(value) > limit:
        text = repr(value[:limit])
        return f"{text[:-1]}…{text[-1]}"
    return repr(value)


def at_most(problems: list[Problem]) -> list[Problem]:
    """The first :data:`PROBLEMS_LISTED` problems, and a last line counting the others."""
    if len(problems) <= PROBLEMS_LISTED:
        return problems
    return problems[:PROBLEMS_LISTED] + [Problem(f"… and {len(problems) - PROBLEMS_LISTED} more")]


def unsafe_character(text: str, pattern: re.Pattern = UNSAFE_CHARACTER) -> str | None:
    """A description of the first character of ``text`` that must not reach the graph, or None."""
    found = pattern.search(text)
    if found is None:
        return None
    offset = found.start()
    return f"character U+{ord(found.group()):04X} at position {offset + 1} is not allowed"


def line_at(text: str, offset: int) -> int:
    """The 1-based line of character ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1


def confine(raw: str, base: Path, root: Path) -> Path:
    """The file that ``raw`` (relative to ``base``) names, refused unless it is a regular file of ``root``.

    Raises ``ValueError`` saying why: an absolute path, ``..`` out of the project, a symbolic
    link leading out of it, or something other than a regular file.
    """
    if os.path.isabs(raw) or raw.startswith("~"):
        raise ValueError("must be a path relative to this file, not an absolute one")
    root = root.resolve()
    lexical = Path(os.path.normpath(base.resolve() / raw))
    if not lexical.is_relative_to(root):
        raise ValueError("leads out of the project")
    resolved = lexical.resolve()
    if not resolved.is_relative_to(root):
        raise ValueError("is a symbolic link leading out of the project")
    try:
        mode = resolved.stat().st_mode
    except OSError:
        raise ValueError("does not exist") from None
    if not stat.S_ISREG(mode):
        raise ValueError("is not a regular file")
    return resolved


def read_input(path: Path, root: Path, what: str = "file") -> bytes:
    """The bytes of ``path``, a regular file inside ``root`` of at most ``input_file_max_kb``."""
    try:
        resolved = confine(os.path.relpath(path, root), root, root)
    except ValueError as error:
        raise InputError([Problem(f"{what} {error}", path)]) from None
    return read_bounded(resolved, "input_file_max_kb", what, shown=path)


def read_bounded(path: Path, limit_setting: str, what: str = "file", *, shown: Path | None = None) -> bytes:
    """The bytes of ``path``, which must be a regular file of at most setting ``limit_setting`` kB.

    Anything else — a directory, a FIFO, a device such as ``/dev/zero`` — is refused without
    blocking: the file is opened non-blocking and checked with ``fstat`` before a byte is read.
    Errors name ``shown`` (default: ``path``).
    """
    shown = path if shown is None else shown
    limit = setting(limit_setting) * 1024
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError:
        raise InputError([Problem(f"{what} is not a regular file (a directory)", shown)]) from None
    except OSError as error:
        raise InputError([Problem(f"cannot read {what}: {error.strerror or error}", shown)]) from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise InputError([Problem(f"{what} is not a regular file ({_kind(mode)})", shown)])
    with open(descriptor, "rb", closefd=True) as handle:
        try:
            content = handle.read(limit + 1)
        except OSError as error:
            raise InputError([Problem(f"cannot read {what}: {error.strerror or error}", shown)]) from None
    if len(content) > limit:
        variable = f"EUJGRAPH_{limit_setting.upper()}"
        raise InputError([Problem(f"{what} is larger than {limit // 1024} kB (setting {variable})", shown)])
    return content


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a file"


def decode_utf8(content: bytes, path: Path, what: str = "file") -> str:
    """``content`` as UTF-8; a bad byte is reported with its line."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        raise InputError([Problem(f"{what} is not UTF-8 (byte 0x{content[error.start]:02x})",
                                  path, line)]) from None
