"""`eujgraph extract` reads its memo bounded: regular files only (never blocking on a FIFO or a
device), sizes capped by settings, bad text named with its line, and every PDF failure one clear
error naming the file, never a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from eujgraph.cli import main
from eujgraph.errors import InputError
from eujgraph.extract.reading import read_memo

from .conftest import ROOT

QUICK_S = 5


def _pdf(lines: list[str], pages: int = 1) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for _ in range(pages):
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _refused(path: Path) -> str:
    with pytest.raises(InputError) as raised:
        read_memo(path)
    return str(raised.value)


def test_a_fifo_is_refused_at_once_without_a_writer(tmp_path):
    fifo = tmp_path / "memo.txt"
    os.mkfifo(fifo)
    outcome: dict[str, object] = {}

    def read() -> None:
        try:
            read_memo(fifo)
        except InputError as error:
            outcome["error"] = str(error)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            outcome["error"] = repr(error)

    started = time.perf_counter()
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(QUICK_S)
    if reader.is_alive():  # it blocked: give it a writer so that the thread ends, then fail
        descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(descriptor)
        reader.join(QUICK_S)
        pytest.fail("reading a FIFO blocked")
    assert time.perf_counter() - started < 1.0
    assert outcome["error"] == f"{fifo}: memo is not a regular file (a FIFO)"


def test_the_command_refuses_a_fifo_quickly_and_without_a_traceback(tmp_path):
    fifo = tmp_path / "memo.txt"
    os.mkfifo(fifo)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "eujgraph", "extract", str(fifo)], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert f"{fifo}: memo is not a regular file (a FIFO)" in result.stderr
    assert "Traceback" not in result.stderr
    assert time.perf_counter() - started < 30  # start-up included; blocking would hit the timeout


@pytest.mark.parametrize("target, kind", [("/dev/zero", "a device"), ("/dev/null", "a device")])
def test_a_device_is_refused(target, kind):
    started = time.perf_counter()
    assert _refused(Path(target)) == f"{target}: memo is not a regular file ({kind})"
    assert time.perf_counter() - started < 1.0


def test_a_directory_and_a_missing_file_are_refused(tmp_path):
    assert _refused(tmp_path) == f"{tmp_path}: memo is not a regular file (a directory)"
    missing = tmp_path / "missing.txt"
    assert _refused(missing) == f"{missing}: cannot read memo: No such file or directory"


def test_a_symbolic_link_to_a_fifo_is_refused(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "memo.txt"
    link.symlink_to(fifo)
    assert _refused(link) == f"{link}: memo is not a regular file (a FIFO)"


def test_a_memo_over_the_setting_is_refused(tmp_path, monkeypatch):
    memo = tmp_path / "memo.txt"
    memo.write_text("EU ja Japani sopivat yhteistyöstä.\n" * 100, encoding="utf-8")
    monkeypatch.setenv("EUJGRAPH_EXTRACT_MEMO_MAX_KB", "1")
    assert _refused(memo) == f"{memo}: memo is larger than 1 kB (setting EUJGRAPH_EXTRACT_MEMO_MAX_KB)"


def test_a_one_megabyte_memo_is_read_by_default(tmp_path):
    memo = tmp_path / "memo.txt"
    sentence = "EU ja Japani sopivat yhteistyön jatkamisesta ilmaston ja energian aloilla.\n"
    memo.write_text(sentence * (1024 * 1024 // len(sentence.encode()) + 1), encoding="utf-8")
    assert memo.stat().st_size > 1024 * 1024
    text, from_pdf = read_memo(memo)
    assert not from_pdf and text.startswith(sentence) and len(text.encode()) == memo.stat().st_size


def test_a_huge_file_is_not_read_whole(tmp_path, monkeypatch):
    memo = tmp_path / "memo.txt"
    with open(memo, "wb") as handle:  # sparse: 2 GB on paper, nothing on disk
        handle.truncate(2 * 1024 ** 3)
    started = time.perf_counter()
    message = _refused(memo)
    assert message.startswith(f"{memo}: memo is larger than") and "EUJGRAPH_EXTRACT_" in message
    assert time.perf_counter() - started < 2.0


def test_bad_text_is_named_with_its_line(tmp_path):
    memo = tmp_path / "memo.txt"
    memo.write_bytes("Otsikko\n\nEU ja Japani\nsopivat \xff".encode().replace(b"\xc3\xbf", b"\xff"))
    assert _refused(memo) == f"{memo}:4: memo is not UTF-8 (byte 0xff)"
    memo.write_text("Otsikko\n\nEU ja Japani\x1b[31m sopivat\n", encoding="utf-8")
    assert _refused(memo) == f"{memo}:3: memo text: character U+001B at position 22 is not allowed"


def test_a_truncated_pdf_is_one_clear_error(tmp_path):
    memo = tmp_path / "memo.pdf"
    memo.write_bytes(_pdf(["EU ja Japani sopivat yhteistyosta."])[:400])
    message = _refused(memo)
    assert message.startswith(f"{memo}: cannot read PDF: ") and "\n" not in message
    result = CliRunner().invoke(main, ["extract", str(memo)])
    assert result.exit_code == 2 and f"{memo}: cannot read PDF" in result.output
    assert "Traceback" not in result.output


def test_garbage_after_the_pdf_magic_is_one_clear_error(tmp_path):
    memo = tmp_path / "memo.pdf"
    memo.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 64)
    assert _refused(memo).startswith(f"{memo}: cannot read PDF: ")


def test_an_encrypted_pdf_is_refused_and_an_owner_only_one_is_read(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = _pdf(["EU ja Japani sopivat yhteistyosta."])
    for password, name in (("secret", "locked.pdf"), ("", "open.pdf")):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
        writer.encrypt(user_password=password, owner_password="owner")
        with open(tmp_path / name, "wb") as handle:
            writer.write(handle)
    locked = tmp_path / "locked.pdf"
    assert _refused(locked) == f"{locked}: the PDF is encrypted; decrypt it first (e.g. `qpdf --decrypt`)"
    assert read_memo(tmp_path / "open.pdf") == ("EU ja Japani sopivat yhteistyosta.\n", True)


def test_pdf_pages_and_extracted_text_are_capped(tmp_path, monkeypatch):
    memo = tmp_path / "memo.pdf"
    memo.write_bytes(_pdf(["EU ja Japani sopivat yhteistyosta ilmaston ja energian aloilla."] * 30, pages=3))
    monkeypatch.setenv("EUJGRAPH_EXTRACT_PDF_MAX_PAGES", "2")
    assert _refused(memo) == f"{memo}: the PDF has 3 pages, more than 2 (setting EUJGRAPH_EXTRACT_PDF_MAX_PAGES)"
    monkeypatch.setenv("EUJGRAPH_EXTRACT_PDF_MAX_PAGES", "10")
    monkeypatch.setenv("EUJGRAPH_EXTRACT_MEMO_MAX_KB", "1")
    assert _refused(memo) == f"{memo}: the PDF's text is longer than 1 kB (setting EUJGRAPH_EXTRACT_MEMO_MAX_KB)"
    monkeypatch.setenv("EUJGRAPH_EXTRACT_MEMO_MAX_KB", "5120")
    monkeypatch.setenv("EUJGRAPH_EXTRACT_PDF_MAX_KB", "1")
    assert _refused(memo) == f"{memo}: PDF is larger than 1 kB (setting EUJGRAPH_EXTRACT_PDF_MAX_KB)"


@pytest.mark.parametrize("failure, words", [
    (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
    (MemoryError(), "too large to decode"),
    (KeyError("/Root"), "damaged, truncated or not a PDF"),
    (AssertionError(), "damaged, truncated or not a PDF"),
])
def test_any_failure_inside_pypdf_is_one_input_error(tmp_path, monkeypatch, failure, words):
    import pypdf

    def broken(*args, **kwargs):
        raise failure

    monkeypatch.setattr(pypdf, "PdfReader", broken)
    memo = tmp_path / "memo.pdf"
    memo.write_bytes(_pdf(["EU ja Japani."]))
    message = _refused(memo)
    assert message.startswith(f"{memo}: cannot read PDF: ") and words in message


def test_a_decompression_bomb_is_one_input_error(tmp_path):
    import pypdf
    from pypdf.errors import LimitReachedError

    memo = tmp_path / "memo.pdf"
    memo.write_bytes(_pdf(["EU ja Japani."]))
    original = pypdf.PdfReader

    class Bomb(original):
        @property
        def pages(self):
            raise LimitReachedError("Limit reached while decompressing: 75000001 > 75000000")

    pypdf.PdfReader = Bomb
    try:
        message = _refused(memo)
    finally:
        pypdf.PdfReader = original
    assert message.startswith(f"{memo}: cannot read PDF: a stream decompresses beyond pypdf's limit")


def test_control_characters_a_pdf_yields_become_spaces(tmp_path, monkeypatch):
    memo = tmp_path / "memo.pdf"
    memo.write_bytes(_pdf(["EU ja Japani sopivat."]))
    import pypdf

    original = pypdf.PageObject.extract_text
    monkeypatch.setattr(pypdf.PageObject, "extract_text", lambda self, *a, **k: original(self) + "\x00\x1b")
    text, from_pdf = read_memo(memo)
    assert from_pdf and text == "EU ja Japani sopivat.  \n"
