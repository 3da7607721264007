"""Parse throughput: bytes to record through ``services.parse.parse_document``, on one core.

Usage: python bench/parse_speed.py [SEEDS_DIR] [--seconds 10] [--write]
SEEDS_DIR defaults to the repository's seeds/. The pages are read into memory first, so the
figure is parse work only (decode, extraction, normalization, metadata, meeting record). The
process is pinned to one CPU where the platform allows it and timed on its own CPU time, so
reports/s is per core even on a shared machine. Printed: cold
start (imports and the first parse, which builds the gazetteer and converters), throughput of the
whole parse and of each of its two steps, and memory: peak RSS of the process and the peak
Python allocation of one parse. ``--write`` puts the results in bench/RESULTS.md under
"## Parse throughput", leaving the other sections as they are.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECTION = "## Parse throughput"


def pin_one_core() -> str:
    """Pin this process to one CPU so that the figure is per core; say which."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (platform has no affinity call)"


def rate(
    work: Callable[[bytes], object], pages: list[bytes], seconds: float, rounds: int = 5
) -> tuple[float, int]:
    """Reports per CPU-second of ``work`` over ``pages``: the best of ``rounds`` rounds that share
    ``seconds``. CPU time of this process, not wall time, because the machine is shared: other
    jobs take turns on the core and would otherwise be counted as parse time."""
    best, total = 0.0, 0
    for _ in range(rounds):
        done, start = 0, time.process_time()
        while time.process_time() - start < seconds / rounds:
            for page in pages:
                work(page)
            done += len(pages)
        best = max(best, done / (time.process_time() - start))
        total += done
    return best, total


def peak_alloc(work: Callable[[bytes], object], pages: list[bytes]) -> int:
    """Largest Python allocation peak of one parse, in bytes (tracemalloc, measured apart)."""
    peaks = []
    for page in pages:
        gc.collect()
        tracemalloc.start()
        work(page)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return max(peaks)


def rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 2**20


def measure(seeds: Path, seconds: float) -> list[str]:
    """Run the benchmark and return its report as Markdown lines."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    pinned = pin_one_core()
    pages = [p.read_bytes() for p in sorted(seeds.glob("*")) if p.is_file()]
    size = sum(map(len, pages))
    t0 = time.perf_counter()
    from services.parse import parse_document
    from services.parse.document import clean_document
    from services.parse.meeting import extract_meeting

    imported = time.perf_counter() - t0
    parse_document(pages[0])
    cold = time.perf_counter() - t0
    for page in pages:  # warm every page's code path once
        parse_document(page)
    docs = {id(p): clean_document(p) for p in pages}
    whole, count = rate(parse_document, pages, seconds)
    clean, _ = rate(clean_document, pages, seconds / 2)
    meeting, _ = rate(lambda p: extract_meeting(docs[id(p)]), pages, seconds / 2)
    alloc = peak_alloc(parse_document, pages)
    return [
        SECTION,
        "",
        f"`python bench/parse_speed.py` on {len(pages)} seed pages ({size / 1024:.1f} KiB), "
        f"{platform.python_implementation()} {platform.python_version()}, {pinned}, "
        f"{os.cpu_count()} CPUs on the machine (load average {load:.1f} at the start: other jobs "
        f"share them), {count} parses timed on process CPU time, best of 5 rounds.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| whole parse (bytes → record) | **{whole:.0f} reports/s/core** "
        f"({1000 / whole:.2f} ms each, {whole * size / len(pages) / 2**20:.2f} MiB/s) |",
        f"| clean_document step | {clean:.0f} reports/s ({1000 / clean:.2f} ms) |",
        f"| extract_meeting step | {meeting:.0f} reports/s ({1000 / meeting:.2f} ms) |",
        f"| cold start: imports / imports + first parse | {imported:.2f} s / {cold:.2f} s |",
        f"| peak RSS of the process | {rss_mib():.0f} MiB |",
        f"| peak Python allocation of one parse | {alloc / 1024:.0f} KiB |",
        "",
        "The meeting step's gazetteer is cpca's adcode table (3,500 divisions) read straight from "
        "the installed package: about 0.1 s and 3 MiB on first use. Importing cpca itself would "
        "bring pandas (2.6–3.1 s and about 70 MiB of RSS measured here, and `pkg_resources`, gone "
        "from setuptools ≥ 81); jionlp's wheel alone is 16.5 MB.",
        "",
    ]


def write_section(lines: list[str], results: Path) -> None:
    """Replace (or add) this benchmark's section of RESULTS.md, keeping the others."""
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    head, found, tail = text.partition(SECTION)
    rest = ""
    if found:
        after = tail.find("\n## ")
        rest = tail[after + 1 :] if after >= 0 else ""
    body = "\n".join(lines)
    results.write_text(head.rstrip("\n") + "\n\n" + body + ("\n" + rest if rest else ""), "utf-8")


def main() -> None:
    """Parse the arguments, run, print, and optionally record the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="?", type=Path, default=ROOT / "seeds")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--write", action="store_true", help="record in bench/RESULTS.md")
    args = parser.parse_args()
    lines = measure(args.seeds, args.seconds)
    print("\n".join(lines))
    if args.write:
        write_section(lines, ROOT / "bench" / "RESULTS.md")


if __name__ == "__main__":
    main()
