"""``meetings up --demo`` from nothing: embedded servers, workers, beat, API, Flower and simulated
government sites polled on their schedule; Ctrl-C stops it all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from services.embedded import free_port
from tests.conftest import REPO, SEEDS, wait_until

USER, PASSWORD = "watcher", "s3cret-for-tests"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    data_dir = tmp_path_factory.mktemp("up")
    api, flower = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")} | {
        "MEETINGS_DATA_DIR": str(data_dir),
        "MEETINGS_API_PORT": str(api),
        "MEETINGS_FLOWER_PORT": str(flower),
        "MEETINGS_FLOWER_USER": USER,
        "MEETINGS_FLOWER_PASSWORD": PASSWORD,
        "MEETINGS_DEMO_POLL_INTERVAL": "5",
        "MEETINGS_DEMO_PUBLISH_EVERY": "4",
    }
    log = (data_dir / "up.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "services.cli", "up", "--demo"],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=log,
    )
    urls = {"api": f"http://127.0.0.1:{api}", "flower": f"http://127.0.0.1:{flower}"}
    try:
        wait_until(lambda: _answers(urls["api"] + "/healthz"), 120, "the API did not come up")
        wait_until(lambda: _answers(urls["flower"] + "/healthcheck"), 60, "Flower did not come up")
        yield urls | {"data_dir": str(data_dir), "pid": str(process.pid)}
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(60)
        log.close()


def _answers(url: str, **kwargs: object) -> bool:
    try:
        return httpx.get(url, timeout=2, **kwargs).status_code == 200  # type: ignore[arg-type]
    except httpx.HTTPError:
        return False


def test_healthz_reports_redis_and_postgres(service: dict[str, str]) -> None:
    assert httpx.get(service["api"] + "/healthz").json() == {"redis": "ok", "postgres": "ok"}


def test_flower_requires_basic_auth(service: dict[str, str]) -> None:
    assert httpx.get(service["flower"] + "/", timeout=10).status_code == 401


def test_flower_lists_the_workers(service: dict[str, str]) -> None:
    def workers() -> dict[str, object]:
        response = httpx.get(
            service["flower"] + "/api/workers?refresh=1", auth=(USER, PASSWORD), timeout=20
        )
        return response.json() if response.status_code == 200 else {}

    wait_until(lambda: len(workers()) >= 3, 60, "Flower did not list the three workers")
    assert {name.split("@")[0] for name in workers()} >= {"ingest", "parse", "store"}


def test_posted_text_is_stored_and_listed(service: dict[str, str]) -> None:
    text = (SEEDS / "002_f5ac36b6864af140.txt").read_text(encoding="utf-8")
    accepted = httpx.post(service["api"] + "/ingest", json={"text": text})
    assert accepted.status_code == 202
    task_url = service["api"] + "/tasks/" + accepted.json()["task_id"]
    wait_until(lambda: httpx.get(task_url).json()["state"] != "pending", 60, "task never ended")
    report_id = httpx.get(task_url).json()["report_id"]
    listed = httpx.get(service["api"] + "/reports").json()
    assert report_id in [item["id"] for item in listed["items"]]


def test_every_simulated_site_is_a_scheduled_source(service: dict[str, str]) -> None:
    names = {source["name"] for source in httpx.get(service["api"] + "/sources").json()}
    assert len(names) == 4


def test_polled_articles_arrive_without_anyone_asking(service: dict[str, str]) -> None:
    def sources_with_reports() -> set[str]:
        items = httpx.get(service["api"] + "/reports", params={"limit": 500}).json()["items"]
        return {item["source"] for item in items if item.get("source")}

    wait_until(lambda: len(sources_with_reports()) == 4, 180, "not every site's reports arrived")


def test_an_article_published_while_running_is_stored(service: dict[str, str]) -> None:
    def published() -> int:
        found = httpx.get(service["api"] + "/reports", params={"q": "今天上午"}).json()
        return int(found["total"])

    wait_until(lambda: published() >= 1, 120, "no article published during the run was stored")


def test_ctrl_c_stops_every_process(service: dict[str, str]) -> None:
    """Runs last in this module: it stops the service the other tests used."""
    state = json.loads((Path(service["data_dir"]) / "servers.json").read_text())
    assert state["owner_pid"] == int(service["pid"])
    os.kill(int(service["pid"]), signal.SIGINT)
    wait_until(lambda: not _alive(int(service["pid"])), 60, "meetings up did not exit")
    assert not _answers(service["api"] + "/healthz")
    assert not _answers(service["flower"] + "/healthcheck")
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(state["redis_url"]).ping()
    assert not (Path(service["data_dir"]) / "servers.json").exists()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return subprocess.run(
        ["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True
    ).stdout.strip() not in ("", "Z")
