"""The poll schedule in RedBeat follows the sources registry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from celery import Celery

from services.celery_app import CONFIG, POLL_SOURCE, configure_broker
from services.ingest.schedule import scheduled, sync_schedule
from services.ingest.sources import Region, Source
from tests.conftest import Servers


def source(name: str, interval: float = 900.0) -> Source:
    return Source(
        name=name,
        region=Region(province="湖北省", city="荆州市"),
        level="city",
        start_urls=[f"http://{name}.example/xwzx/"],
        poll_interval=interval,
    )


@pytest.fixture
def beat_app(servers: Servers, redis_client: object) -> Iterator[Celery]:
    """An app whose RedBeat keys live in the flushed scratch database."""
    app = Celery("schedule-test")
    app.conf.update(CONFIG)
    configure_broker(app, servers.scratch_redis_url)
    yield app


def test_every_source_gets_an_entry_polling_it_at_its_interval(beat_app: Celery) -> None:
    changes = sync_schedule(beat_app, [source("jingzhou", 600), source("binhu")])
    assert sorted(changes.added) == ["binhu", "jingzhou"]
    entry = scheduled(beat_app)["jingzhou"]
    assert entry.task == POLL_SOURCE
    assert entry.schedule.run_every.total_seconds() == 600
    assert entry.args[0]["name"] == "jingzhou"


def test_ticks_expire_within_one_interval(beat_app: Celery) -> None:
    sync_schedule(beat_app, [source("jingzhou", 300)])
    assert scheduled(beat_app)["jingzhou"].options["expires"] <= 300


def test_editing_the_registry_changes_and_removes_entries(beat_app: Celery) -> None:
    sync_schedule(beat_app, [source("jingzhou"), source("binhu")])
    changes = sync_schedule(beat_app, [source("jingzhou", 120)])
    assert (changes.updated, changes.removed) == (["jingzhou"], ["binhu"])
    assert list(scheduled(beat_app)) == ["jingzhou"]
    assert scheduled(beat_app)["jingzhou"].schedule.run_every.total_seconds() == 120


def test_an_unchanged_registry_leaves_the_schedule_alone(beat_app: Celery) -> None:
    sync_schedule(beat_app, [source("jingzhou")])
    assert sync_schedule(beat_app, [source("jingzhou")]).unchanged == ["jingzhou"]
