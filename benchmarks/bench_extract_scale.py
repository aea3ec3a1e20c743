"""Is `eujgraph extract` linear in the length of the memo? Time it on synthetic memos of 100 kB to 1 MB.

Each synthetic memo is made of the paragraphs of this repository's own memo texts
(graph/sources/*.txt), shuffled with a fixed seed and varied (paragraph numbers, dates and
ordinals change from copy to copy) until it reaches the size. Prints, per language and size, the
in-process extract time (reference data loaded once beforehand, as `eujgraph extract` does per
memo), the time per 100 kB, and the size of the draft. With ``--profile``, the largest size is
run under cProfile and the 25 functions with the most time of their own are printed.

Run from the repository root: python benchmarks/bench_extract_scale.py [--sizes 100,200,500,1000] [--profile]
(target: 1 MB under 10 s, time per 100 kB flat).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import re
import tempfile
import time
from pathlib import Path

from eujgraph.extract.draft import extract

ROOT = Path(__file__).resolve().parents[1]
SOURCES = {"fi": ["eu-japan-summit-2025-07-23.fi.txt"],
           "en": ["eu-japan-summit-2023-07-13.joint-statement.en.excerpt.txt",
                  "japan-finland-2025-06-11.joint-statement.en.excerpt.txt"]}


def paragraphs(lang: str) -> tuple[str, list[str]]:
    """The first paragraph (title or header) of the language's first source, and every later paragraph."""
    head, body = None, []
    for name in SOURCES[lang]:
        parts = [p for p in re.split(r"\n\s*\n", (ROOT / "graph/sources" / name).read_text(encoding="utf-8"))
                 if p.strip()]
        if head is None:
            head = parts[0]
        body += parts[1:]
    return head, body


def synthetic_memo(lang: str, size_kb: int, seed: int = 2026) -> str:
    """A memo of about ``size_kb`` kB: the sources' paragraphs shuffled and varied copy by copy."""
    head, body = paragraphs(lang)
    rng = random.Random(seed)
    out, size, copy = [head], len(head.encode()), 0
    while size < size_kb * 1024:
        copy += 1
        for paragraph in rng.sample(body, len(body)):
            varied = re.sub(r"\b(\d{1,2})\.(\d{1,2})\.(20\d\d)\b",
                            lambda m, n=copy: f"{(int(m[1]) + n) % 28 + 1}.{m[2]}.{2000 + n % 26}", paragraph)
            varied = re.sub(r"^(\d+)\.", lambda m, n=copy: f"{int(m[1]) + n * 10}.", varied)
            out.append(varied)
            size += len(varied.encode()) + 2
            if size >= size_kb * 1024:
                break
    return "\n\n".join(out) + "\n"


def run(lang: str, size_kb: int, folder: Path, profile: bool = False) -> tuple[float, int, int]:
    memo = folder / f"synthetic-{size_kb}kb.{lang}.txt"
    memo.write_text(synthetic_memo(lang, size_kb), encoding="utf-8")
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    draft = extract(memo, lang=lang, reference_dir=ROOT / "graph/reference")
    text = draft.to_yaml(folder / "draft.yaml")
    if profiler:
        profiler.disable()
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(25)
        print(stream.getvalue())
    return time.perf_counter() - started, memo.stat().st_size, len(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,200,500,1000", help="sizes in kB, comma-separated")
    parser.add_argument("--langs", default="fi,en")
    parser.add_argument("--profile", action="store_true", help="profile the largest size")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        extract(ROOT / "graph/sources" / SOURCES["fi"][0], reference_dir=ROOT / "graph/reference")  # warm up
        print(f"{'lang':<4} {'memo kB':>8} {'extract s':>10} {'s per 100 kB':>13} {'draft kB':>9}")
        for lang in args.langs.split(","):
            for size in sizes:
                seconds, memo_bytes, draft_chars = run(lang, size, folder)
                print(f"{lang:<4} {memo_bytes / 1024:>8.0f} {seconds:>10.2f} {seconds / (memo_bytes / 102400):>13.3f} "
                      f"{draft_chars / 1024:>9.0f}", flush=True)
            if args.profile:
                run(lang, max(sizes), folder, profile=True)


if __name__ == "__main__":
    main()
