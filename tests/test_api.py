"""The HTTP API served by uvicorn against the test servers and worker."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from services.embedded import free_port
from services.runtime import service_commands
from services.settings import Settings
from tests.conftest import REPO, SEEDS, Servers, service_env, wait_until


def _start_api(
    servers: Servers, data_dir: Path, **extra: str
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = service_commands(Settings(api_port=port))["api"]
    env = service_env(servers, data_dir, MEETINGS_API_PORT=str(port), **extra)
    process = subprocess.Popen(
        command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return httpx.get(base + "/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    wait_until(up, 60, "the API did not come up")
    return process, base


@pytest.fixture(scope="module")
def api(
    servers: Servers, worker: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    process, base = _start_api(servers, tmp_path_factory.mktemp("api"))
    yield base
    process.terminate()
    process.wait(20)


@pytest.fixture(scope="module")
def guarded_api(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, base = _start_api(
        servers,
        tmp_path_factory.mktemp("guarded"),
        MEETINGS_ALLOW_PRIVATE_URLS="false",
        MEETINGS_API_KEY="k-123",
    )
    yield base
    process.terminate()
    process.wait(20)


def _finish(api: str, task_id: str) -> dict[str, object]:
    url = f"{api}/tasks/{task_id}"
    wait_until(lambda: httpx.get(url).json()["state"] != "pending", 60, "the task never ended")
    return httpx.get(url).json()


def test_posted_text_becomes_a_report(api: str, clean_db: object) -> None:
    text = (SEEDS / "004_98845b8d6be73ceb.txt").read_text(encoding="utf-8")
    task = httpx.post(
        f"{api}/ingest", json={"text": text, "url": "http://example.gov.cn/a.html"}
    ).json()
    outcome = _finish(api, task["task_id"])
    report = httpx.get(f"{api}/reports/{outcome['report_id']}").json()
    assert (outcome["state"], report["url"]) == ("stored", "http://example.gov.cn/a.html")
    assert "孙海东" in report["body"]


def test_posted_html_is_parsed(api: str, clean_db: object) -> None:
    html = "<html><body><div><p>5月8日，某县召开环保督察整改工作会议。县委书记李四主持会议。</p></div></body></html>"
    outcome = _finish(api, httpx.post(f"{api}/ingest", json={"html": html}).json()["task_id"])
    body = httpx.get(f"{api}/reports/{outcome['report_id']}").json()["body"]
    assert "李四主持会议" in body


def test_a_failed_task_says_why(api: str, clean_db: object) -> None:
    outcome = _finish(api, httpx.post(f"{api}/ingest", json={"text": "   "}).json()["task_id"])
    assert outcome["state"] == "failed"
    assert "empty document" in str(outcome["reason"])


def test_reports_filter_by_text(api: str, clean_db: object) -> None:
    for text in (
        "甲市召开生态环境保护大会。市长王五讲话。",
        "乙县召开污染防治攻坚战会议。县长赵六讲话。",
    ):
        _finish(api, httpx.post(f"{api}/ingest", json={"text": text}).json()["task_id"])
    found = httpx.get(f"{api}/reports", params={"q": "王五"}).json()
    assert found["total"] == 1
    assert httpx.get(f"{api}/reports").json()["total"] == 2


def test_ingest_needs_something_to_ingest(api: str) -> None:
    assert httpx.post(f"{api}/ingest", json={}).status_code == 422


def test_an_unknown_task_is_404(api: str) -> None:
    assert httpx.get(f"{api}/tasks/no-such-task").status_code == 404


def test_an_unknown_report_is_404(api: str) -> None:
    assert httpx.get(f"{api}/reports/999999").status_code == 404


def test_urls_inside_the_network_are_refused(guarded_api: str) -> None:
    response = httpx.post(
        f"{guarded_api}/ingest",
        json={"url": "http://127.0.0.1/x.html"},
        headers={"X-API-Key": "k-123"},
    )
    assert response.status_code == 422
    assert "not a public address" in response.text


def test_writes_need_the_api_key_when_one_is_set(guarded_api: str) -> None:
    assert httpx.post(f"{guarded_api}/ingest", json={"text": "会议"}).status_code == 401
