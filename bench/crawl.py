"""Crawl benchmark: a simulated 2,000-article column, list page to stored report.

    .venv/bin/python bench/crawl.py [--articles 2000] [--runs-no-change 20] [--events] [--rounds N]

1. our pipeline: embedded Redis and PostgreSQL, the three workers ``meetings up`` runs (ingest
   threads, parse and store processes; without task events, as ``meetings crawl`` starts them
   when no ``meetings up`` runs; ``--events`` sends them, as when Flower watches),
   ``meetings crawl URL --once`` timed; each worker process's peak RSS sampled from /proc
   (psutil) every 0.2 s, and the CPU of each process; a second crawl must store none;
2. the poll cost when nothing changed: one source polled again and again, time and requests each;
3. the peer: a plain Scrapy spider over the same simulator (fetching and extracting only).

Both crawls are timed twice: the whole process (start-up and exit included), and from the first
request the simulated site served to the last result (report stored; item extracted), which is
the crawl's own rate, start-ups aside.

Prints a Markdown block for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from services.ingest.fetch import make_client  # noqa: E402
from services.ingest.poll import PollOptions, poll  # noqa: E402
from services.ingest.robots import RobotsCache  # noqa: E402
from services.ingest.sources import load_sources  # noqa: E402
from services.runtime import servers, worker_commands  # noqa: E402
from services.settings import Settings  # noqa: E402
from services.simulator import start_simulator  # noqa: E402
from services.simulator.site import DEFAULT_SITES  # noqa: E402

SITE = "jingzhou"  # TRS: index.html, index_1.html…, the commonest CMS
WORKERS = ("worker-ingest", "worker-parse", "worker-store")


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and its children (alive ones) so far."""
    try:
        parent = psutil.Process(pid)
        family = [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for process in family:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


class PeakRss:
    """Peak resident memory of every process under some roots, sampled in a thread; and the
    CPU seconds each root's family spent meanwhile."""

    def __init__(self, roots: dict[str, int], every: float = 0.2) -> None:
        self.roots, self.every = roots, every
        self.peaks: dict[str, int] = {}
        self.cpu: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRss:
        self.cpu = {name: -cpu_seconds(pid) for name, pid in self.roots.items()}
        self._children = resource.getrusage(resource.RUSAGE_CHILDREN)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        for name, pid in self.roots.items():
            self.cpu[name] += cpu_seconds(pid)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu["crawl command"] = (after.ru_utime + after.ru_stime) - (
            self._children.ru_utime + self._children.ru_stime
        )

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            for name, pid in self.roots.items():
                try:
                    parent = psutil.Process(pid)
                    family = [parent, *parent.children(recursive=True)]
                except psutil.NoSuchProcess:
                    continue
                for index, process in enumerate(family):
                    label = name if index == 0 else f"{name}/child{index}"
                    try:
                        rss = process.memory_info().rss
                    except psutil.NoSuchProcess:
                        continue
                    self.peaks[label] = max(self.peaks.get(label, 0), rss)


@contextmanager
def workers(data_dir: Path, *, events: bool = False) -> Iterator[dict[str, str]]:
    """Embedded servers and the service's three workers; yields the environment to reach them."""
    settings = Settings(data_dir=data_dir, redis_url=None, database_url=None)
    with servers(settings) as runtime:
        env = runtime.child_env() | {"MEETINGS_DATA_DIR": str(data_dir)}
        logs = (data_dir / "workers.log").open("ab")
        commands = worker_commands(settings, events=events)
        procs = {
            name: subprocess.Popen(commands[name], env=env, cwd=REPO, stdout=logs, stderr=logs)
            for name in WORKERS
        }
        try:
            _wait_for_workers(env)
            yield env | {f"PID_{n}": str(p.pid) for n, p in procs.items()}
        finally:
            for proc in procs.values():
                proc.terminate()
            for proc in procs.values():
                proc.wait(60)
            logs.close()


def _wait_for_workers(env: dict[str, str]) -> None:
    probe = (
        "from services.celery_app import app, configure_broker; import os;"
        "configure_broker(app, os.environ['REDIS_URL']);"
        "print(len(app.control.ping(timeout=1) or []))"
    )
    for _ in range(60):
        out = subprocess.run(
            [sys.executable, "-c", probe], env=env, cwd=REPO, capture_output=True, text=True
        )
        if out.stdout.strip() == str(len(WORKERS)):
            return
        time.sleep(1)
    raise RuntimeError("the workers did not answer")


def server_pids(env: dict[str, str]) -> dict[str, int]:
    """The embedded Redis and PostgreSQL (the processes listening on their ports)."""
    from urllib.parse import urlsplit

    ports = {
        "redis": urlsplit(env["REDIS_URL"]).port,
        "postgres": urlsplit(env["DATABASE_URL"]).port,
    }
    found: dict[str, int] = {}
    for connection in psutil.net_connections("tcp"):
        for name, port in ports.items():
            if connection.status == "LISTEN" and connection.laddr.port == port and connection.pid:
                found.setdefault(name, connection.pid)
    return found


def crawl(url: str, env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "services.cli",
            "crawl",
            url,
            "--once",
            "--rate",
            "1000",
            "--name",
            SITE,
        ],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    summary = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "?"
    return elapsed, summary


def stored_times(env: dict[str, str]) -> tuple[int, float, float]:
    """Reports stored, and when the first and the last were (epoch seconds)."""
    from sqlalchemy import func, select

    from services.store.db import make_engine, make_sessionmaker
    from services.store.tables import ReportRow

    engine = make_engine(env["DATABASE_URL"])
    with make_sessionmaker(engine)() as session:
        count, first, last = session.execute(
            select(func.count(), func.min(ReportRow.created_at), func.max(ReportRow.created_at))
        ).one()
    engine.dispose()
    if not count:
        return 0, 0.0, 0.0
    return int(count), first.timestamp(), last.timestamp()


def no_change_poll(sim_toml: str, env: dict[str, str], runs: int) -> tuple[float, float, float]:
    """Median seconds and requests of a poll of every simulated source when nothing changed."""
    import redis

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sources.toml"
        path.write_text(sim_toml, encoding="utf-8")
        sources = load_sources(path)
    options = PollOptions(max_bytes=5_000_000, user_agent="meeting-ingest-bench", revisit_batch=0)
    client = make_client(user_agent="meeting-ingest-bench", timeout=20)
    redis_client = redis.Redis.from_url(env["REDIS_URL"])
    robots = RobotsCache()
    sent: list[str] = []
    seconds: list[float] = []
    for _ in range(runs):
        for source in sources:
            started = time.perf_counter()
            poll(client, redis_client, source, sent.append, options=options, robots=robots)  # type: ignore[arg-type]
            seconds.append(time.perf_counter() - started)
    seconds.sort()
    return seconds[len(seconds) // 2], seconds[int(len(seconds) * 0.95)], float(len(sent))


SPIDER = """
import re, time, scrapy
ARTICLE = re.compile(r"/t20\\d{6}_\\d+\\.html$")
class Column(scrapy.Spider):
    name = "column"
    custom_settings = {"ROBOTSTXT_OBEY": True, "LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False,
                       "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 16}
    def __init__(self, start, **kw):
        super().__init__(**kw)
        self.start_urls = [start]
        self.count = 0
    def parse(self, response):
        links = [h for h in response.css("a::attr(href)").getall() if ARTICLE.search(h)]
        for href in links:
            yield response.follow(href, self.article)
        if links:
            m = re.search(r"index_(\\d+)\\.html$", response.url)
            n = int(m.group(1)) + 1 if m else 1
            yield response.follow(f"index_{n}.html", self.parse)
    def article(self, response):
        self.count += 1
        yield {"url": response.url, "t": time.time(),
               "title": response.css("meta[name=ArticleTitle]::attr(content)").get(),
               "body": " ".join(response.css(".TRS_Editor ::text").getall()).strip()[:200]}
"""


def scrapy_crawl(url: str, folder: Path) -> tuple[float, int, int, float]:
    """Seconds the spider's process ran, items, peak RSS, and when the last item came (epoch)."""
    spider = folder / "spider.py"
    spider.write_text(SPIDER)
    out = folder / "items.jsonl"
    started = time.perf_counter()
    process = psutil.Popen(
        [
            sys.executable,
            "-m",
            "scrapy",
            "runspider",
            str(spider),
            "-a",
            f"start={url}",
            "-o",
            f"{out}:jsonlines",
        ],
        cwd=folder,
    )
    peak = 0
    while process.poll() is None:
        try:
            peak = max(peak, process.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    times = [json.loads(line)["t"] for line in out.open()] if out.exists() else []
    return elapsed, len(times), peak, max(times, default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs-no-change", type=int, default=20)
    parser.add_argument("--events", action="store_true", help="workers send task events (-E)")
    parser.add_argument(
        "--rounds", type=int, default=1, help="repeat both crawls; a summary of every round ends"
    )
    args = parser.parse_args()
    rounds = [one_round(args) for _ in range(args.rounds)]
    if len(rounds) > 1:
        summarize(rounds)


def summarize(rounds: list[tuple[Timing, Timing]]) -> None:
    """Every round's rates side by side, and the median of our rate over Scrapy's."""
    print(
        "\n| round | ours, first request → last report /s | Scrapy /s | ratio "
        "| ours, whole process /s | Scrapy /s | ratio |\n|---|---|---|---|---|---|---|"
    )
    window_ratios, whole_ratios = [], []
    for index, (ours, peer) in enumerate(rounds, 1):
        window = (ours.results / ours.window, peer.results / peer.window)
        whole = (ours.results / ours.command, peer.results / peer.command)
        window_ratios.append(window[0] / window[1])
        whole_ratios.append(whole[0] / whole[1])
        print(
            f"| {index} | {window[0]:.1f} | {window[1]:.1f} | {window_ratios[-1]:.2f} "
            f"| {whole[0]:.1f} | {whole[1]:.1f} | {whole_ratios[-1]:.2f} |"
        )
    print(
        f"| median | | | **{statistics.median(window_ratios):.2f}** | | "
        f"| **{statistics.median(whole_ratios):.2f}** |"
    )


def one_round(args: argparse.Namespace) -> tuple[Timing, Timing]:
    """Our crawl, a second crawl, the no-change polls, then Scrapy's crawl; prints the report."""
    n = args.articles
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        with (
            start_simulator(column_size=n, per_page=20, sites=DEFAULT_SITES[:1]) as sim,
            workers(data / "var", events=args.events) as env,
        ):
            url = sim.column_url(SITE) + "index.html"
            roots = {name: int(env[f"PID_{name}"]) for name in WORKERS}
            roots |= {name: pid for name, pid in server_pids(env).items()}
            sim.reset_counters()
            with PeakRss(roots) as rss:
                command, first_summary = crawl(url, env)
            stored, first_stored, last_stored = stored_times(env)
            ours = Timing(command, last_stored - (sim.first_request_at(SITE) or 0.0), stored)
            lead = first_stored - (sim.first_request_at(SITE) or 0.0)
            again, again_summary = crawl(url, env)
            median, p95, sent = no_change_poll(sim.sources_toml(), env, 1)  # validators
            sim.reset_counters()
            median, p95, sent = no_change_poll(sim.sources_toml(), env, args.runs_no_change)
            requests = sum(sim.requests(SITE).values()) / args.runs_no_change
        with start_simulator(column_size=n, per_page=20, sites=DEFAULT_SITES[:1]) as sim:
            peer_command, items, peer_rss, last_item = scrapy_crawl(
                sim.column_url(SITE) + "index.html", data
            )
            peer = Timing(peer_command, last_item - (sim.first_request_at(SITE) or 0.0), items)
    print(
        f"ours: {stored} reports; the first stored {lead:.1f} s after the first request, the last"
        f" {ours.window:.1f} s after it (task events {'on' if args.events else 'off'})"
    )
    report(
        n,
        ours,
        first_summary,
        again,
        again_summary,
        peer,
        rss.peaks,
        rss.cpu,
        median,
        p95,
        requests,
        sent,
        peer_rss,
    )
    return ours, peer


@dataclass(frozen=True)
class Timing:
    """A crawl's seconds: its whole process, and from its first request to its last result."""

    command: float
    window: float
    results: int


def report(
    n: int,
    ours: Timing,
    first_summary: str,
    again: float,
    again_summary: str,
    peer: Timing,
    peaks: dict[str, int],
    cpu: dict[str, float],
    median: float,
    p95: float,
    requests: float,
    sent: float,
    peer_rss: int,
) -> None:
    mb = 1024 * 1024
    print(f"cores: {os.cpu_count()}, articles: {n}\n")
    print(
        "| crawl | results | first request → last result: s | per s "
        "| whole process: s | per s |\n|---|---|---|---|---|---|"
    )
    for label, timing in (
        ("meeting-ingest `crawl --once` (fetch, parse, store)", ours),
        ("Scrapy spider (fetch, extract only)", peer),
    ):
        print(
            f"| {label} | {timing.results} | {timing.window:.1f} "
            f"| **{timing.results / timing.window:.1f}** | {timing.command:.1f} "
            f"| {timing.results / timing.command:.1f} |"
        )
    print(f"\nfirst crawl: {first_summary}\nsecond crawl ({again:.1f} s): {again_summary}")
    print("\n| process | peak RSS MB |\n|---|---|")
    for name, value in sorted(peaks.items()):
        if name.startswith("worker"):
            print(f"| {name} | {value / mb:.0f} |")
    print(f"| scrapy | {peer_rss / mb:.0f} |")
    print("\n| first crawl: CPU of | seconds | ms an article |\n|---|---|---|")
    for name, seconds in cpu.items():
        print(f"| {name} | {seconds:.1f} | {1000 * seconds / n:.1f} |")
    total = sum(cpu.values())
    print(f"| all of these | {total:.1f} | {1000 * total / n:.1f} |")
    print(
        f"\nno-change poll: median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"{requests:.2f} requests per poll of the site, {sent:.0f} URLs sent"
    )


if __name__ == "__main__":
    main()
