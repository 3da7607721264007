"""The Celery app: which steps write results, and the broker transport's client reuse."""

from __future__ import annotations

from typing import Any

import pytest
from celery import Celery

from services.celery_app import FETCH_PAGE, PARSE_PAGE, SAVE_REPORT, RedisTransport
from services.celery_app import app as celery_app


def test_only_the_store_steps_write_a_result() -> None:
    celery_app.loader.import_default_modules()
    assert celery_app.tasks[FETCH_PAGE].ignore_result
    assert celery_app.tasks[PARSE_PAGE].ignore_result
    assert not celery_app.tasks[SAVE_REPORT].ignore_result


@pytest.mark.parametrize("name", [FETCH_PAGE, PARSE_PAGE])
def test_result_less_steps_are_sent_asking_for_no_result(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    sent: dict[str, Any] = {}
    monkeypatch.setattr(Celery, "send_task", lambda self, n, *a, **options: sent.update(options))
    celery_app.send_task(name, args=[{}])
    assert sent["ignore_result"] is True


def test_the_store_step_is_sent_asking_for_its_result(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: dict[str, Any] = {}
    monkeypatch.setattr(Celery, "send_task", lambda self, n, *a, **options: sent.update(options))
    celery_app.send_task(SAVE_REPORT, args=[{}, {}, {}], task_id="job")
    assert "ignore_result" not in sent


def test_the_broker_channel_reuses_one_redis_client(servers: object) -> None:
    with celery_app.connection_for_write() as connection:
        assert isinstance(connection.transport, RedisTransport)
        channel = connection.default_channel
        with channel.conn_or_acquire() as first, channel.conn_or_acquire() as second:
            assert first is second
            assert first.ping()
