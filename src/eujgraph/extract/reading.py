"""Reading a memo to draft from: a UTF-8 text file, or a PDF through pypdf.

The memo may lie anywhere (it need not be inside a project yet), so it is read without
confinement but bounded like every input: a regular file only (a FIFO, a device or a
directory is refused without blocking), at most ``extract_memo_max_kb`` of text (a PDF: at
most ``extract_pdf_max_kb`` and ``extract_pdf_max_pages``, and its extracted text at most
``extract_memo_max_kb``). Whatever goes wrong inside pypdf — a truncated or garbage file, an
encrypted one, a decompression bomb, endless nesting — is one :class:`~eujgraph.errors.InputError`
naming the file.

A PDF's text is extracted page by page (pages joined by a blank line); the extracted
text *is* the memo text from then on: it is written beside the draft, and every
offset of the draft counts its characters. Line-end hyphenation is joined by
:class:`eujgraph.text.SourceText` as for any memo.
"""

from __future__ import annotations

import io
from pathlib import Path

from .._input import (
    UNSAFE_IN_SOURCE,
    decode_utf8,
    line_at,
    quoted,
    read_bounded,
    unsafe_character,
)
from ..errors import InputError, Problem
from ..settings import setting

PDF_MAGIC = b"%PDF"


def read_memo(path: Path) -> tuple[str, bool]:
    """The memo's text and whether it came from a PDF; unreadable input names the file (and line)."""
    content = read_bounded(path, max(("extract_memo_max_kb", "extract_pdf_max_kb"), key=setting), "memo")
    if content.startswith(PDF_MAGIC):
        return pdf_text(path, content), True
    _within(content, "extract_memo_max_kb", "memo", path)
    text = decode_utf8(content, path, "memo")
    wrong = unsafe_character(text, UNSAFE_IN_SOURCE)
    if wrong:
        raise InputError([Problem(f"memo text: {wrong}", path, line_at(text, UNSAFE_IN_SOURCE.search(text).start()))])
    if not text.strip():
        raise InputError([Problem("the memo is empty", path)])
    return text, False


def pdf_text(path: Path, content: bytes | None = None) -> str:
    """The text of every page of a PDF, pages separated by a blank line.

    Characters a memo text must not hold (NUL and other controls) become spaces, so that the
    text written beside the draft loads like any memo text.
    """
    if content is None:
        content = read_bounded(path, "extract_pdf_max_kb", "PDF")
    _within(content, "extract_pdf_max_kb", "PDF", path)
    max_pages = setting("extract_pdf_max_pages")
    max_chars = setting("extract_memo_max_kb") * 1024
    pages: list[str] = []
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not _decrypted(reader):
            raise InputError([Problem("the PDF is encrypted; decrypt it first (e.g. `qpdf --decrypt`)", path)])
        count = len(reader.pages)
        if count > max_pages:
            raise InputError([Problem(f"the PDF has {count} pages, more than {max_pages} (setting "
                                      "EUJGRAPH_EXTRACT_PDF_MAX_PAGES)", path)])
        size = 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            size += len(pages[-1])
            if size > max_chars:
                raise InputError([Problem(f"the PDF's text is longer than {max_chars // 1024} kB (setting "
                                          "EUJGRAPH_EXTRACT_MEMO_MAX_KB)", path)])
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises assorted errors (and RecursionError, MemoryError) on bad input
        raise InputError([Problem(f"cannot read PDF: {_reason(error)}", path)]) from None
    text = "\n\n".join(page.strip("\n") for page in pages).strip()
    text = UNSAFE_IN_SOURCE.sub(" ", text)
    if not text:
        raise InputError([Problem("the PDF has no extractable text (a scan needs OCR first)", path)])
    return text + "\n"


def _within(content: bytes, limit_setting: str, what: str, path: Path) -> None:
    limit = setting(limit_setting) * 1024
    if len(content) > limit:
        raise InputError([Problem(f"{what} is larger than {limit // 1024} kB (setting "
                                  f"EUJGRAPH_{limit_setting.upper()})", path)])


def _decrypted(reader) -> bool:
    """Whether an encrypted PDF opens with the empty user password (many are only owner-protected)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - a missing cipher library, an unknown algorithm: still encrypted
        return False


def _reason(error: BaseException) -> str:
    kind = {"RecursionError": "nested too deeply", "MemoryError": "too large to decode",
            "LimitReachedError": "a stream decompresses beyond pypdf's limit"}.get(type(error).__name__)
    detail = quoted(str(error), 120)[1:-1] if str(error) else type(error).__name__
    return f"{kind} ({detail})" if kind else f"{detail} (damaged, truncated or not a PDF)"


def write_text(path: Path, text: str) -> None:
    """Write a PDF's extracted text, refusing to replace a different file already there."""
    if path.exists() or path.is_symlink():
        try:
            same = read_bounded(path, "extract_memo_max_kb", "text file").decode("utf-8") == text
        except (InputError, UnicodeDecodeError):
            same = False
        if not same:
            raise InputError([Problem("exists with other content; remove it or choose another --text-out", path)])
        return
    path.write_text(text, encoding="utf-8")
