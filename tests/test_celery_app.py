"""The Celery app: pipeline steps write no result, the retry policy, and the broker transport."""

from __future__ import annotations

from typing import Any

import pytest
from celery import Celery

from services.celery_app import (
    FETCH_PAGES,
    PARSE_PAGES,
    POLL_SOURCE,
    SAVE_PAGES,
    RedisTransport,
    batch_jobs,
    batch_repr,
    page_retry_delay,
)
from services.celery_app import app as celery_app
from services.ingest.errors import TransientFetchError
from services.settings import get_settings


def test_no_pipeline_step_writes_a_celery_result() -> None:
    celery_app.loader.import_default_modules()
    for name in (FETCH_PAGES, PARSE_PAGES, SAVE_PAGES):
        assert celery_app.tasks[name].ignore_result
    assert not celery_app.tasks[POLL_SOURCE].ignore_result  # a poll's summary is its result


@pytest.mark.parametrize("name", [FETCH_PAGES, PARSE_PAGES, SAVE_PAGES])
def test_pipeline_steps_are_sent_asking_for_no_result(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    sent: dict[str, Any] = {}
    monkeypatch.setattr(Celery, "send_task", lambda self, n, *a, **options: sent.update(options))
    celery_app.send_task(name, args=[[]])
    assert sent["ignore_result"] is True


def test_a_poll_is_sent_asking_for_its_result(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: dict[str, Any] = {}
    monkeypatch.setattr(Celery, "send_task", lambda self, n, *a, **options: sent.update(options))
    celery_app.send_task(POLL_SOURCE, args=[{}])
    assert "ignore_result" not in sent


def test_the_jobs_of_any_batch_message_are_found() -> None:
    jobs = [{"id": "a", "key": "k1"}, {"id": "b", "key": "k2"}]
    assert batch_jobs([jobs, None], {}) == jobs  # a fetch message: jobs
    assert batch_jobs([[{"job": j, "page": {}} for j in jobs]], {}) == jobs  # parse or store
    assert batch_jobs([], {"items": [{"job": jobs[0]}]}) == [jobs[0]]
    assert batch_jobs([{"not": "a batch"}], {}) == []


def test_flower_shows_a_batch_by_its_first_page_and_size() -> None:
    batch = [{"job": {"id": "a", "url": "http://x/1"}}, {"job": {"id": "b", "url": "http://x/2"}}]
    assert batch_repr(batch) == "['http://x/1' +1]"
    assert batch_repr([{"id": "a", "key": "file:///f"}]) == "['file:///f']"


def test_a_pages_retry_waits_its_retry_after_until_its_tries_are_spent() -> None:
    busy = TransientFetchError("http://x/", "HTTP 503", status=503, retry_after=7)
    tries = get_settings().task_max_retries
    assert page_retry_delay(busy, 1) == 7
    assert page_retry_delay(busy, tries) == 7
    assert page_retry_delay(busy, tries + 1) is None
    timeout = TransientFetchError("http://x/", "timed out")
    delay = page_retry_delay(timeout, 3)
    assert delay is not None and 0 <= delay <= get_settings().retry_backoff_base * 4


def test_the_broker_channel_reuses_one_redis_client(servers: object) -> None:
    with celery_app.connection_for_write() as connection:
        assert isinstance(connection.transport, RedisTransport)
        channel = connection.default_channel
        with channel.conn_or_acquire() as first, channel.conn_or_acquire() as second:
            assert first is second
            assert first.ping()
