"""Reading a memo to draft from: a UTF-8 text file, or a PDF through pypdf.

A PDF's text is extracted page by page (pages joined by a blank line); the extracted
text *is* the memo text from then on: it is written beside the draft, and every
offset of the draft counts its characters. Line-end hyphenation is joined by
:class:`eujgraph.text.SourceText` as for any memo.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Problem


def read_memo(path: Path) -> tuple[str, bool]:
    """The memo's text and whether it came from a PDF; unreadable input names the file."""
    try:
        head = path.read_bytes()[:5]
    except OSError as error:
        raise InputError([Problem(f"cannot read memo: {error.strerror or error}", path)]) from error
    if head.startswith(b"%PDF"):
        return pdf_text(path), True
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        raise InputError([Problem(f"not UTF-8 text (byte {error.start}) and not a PDF", path)]) from error
    if not text.strip():
        raise InputError([Problem("the memo is empty", path)])
    return text, False


def pdf_text(path: Path) -> str:
    """The text of every page of a PDF, pages separated by a blank line."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise InputError([Problem(f"cannot read PDF: {error}", path)]) from error
    text = "\n\n".join(page.strip("\n") for page in pages).strip()
    if not text:
        raise InputError([Problem("the PDF has no extractable text (a scan needs OCR first)", path)])
    return text + "\n"


def write_text(path: Path, text: str) -> None:
    """Write a PDF's extracted text, refusing to replace a different file already there."""
    if path.exists():
        try:
            same = path.read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            same = False
        if not same:
            raise InputError([Problem("exists with other content; remove it or choose another --text-out", path)])
        return
    path.write_text(text, encoding="utf-8")
