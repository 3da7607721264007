"""The poll schedule: one RedBeat entry per source of the registry, kept in Redis.

``sync_schedule`` makes the entries match the sources file: a new source gets an entry, a
changed one (interval, start URLs, keywords…) gets its entry rewritten, a source no longer in the
file loses its entry. ``meetings up`` calls it at start-up, so editing the file and restarting
changes the schedule; beat itself keeps no local state. Each entry's message carries the whole
source, so workers need no copy of the file, and ``expires`` after one interval, so a tick that
waited that long in the queue is dropped (the next one is already due). A duplicate tick is
harmless anyway: the poll claims its time slot first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from celery import Celery
from redbeat import RedBeatSchedulerEntry
from redbeat.schedulers import ensure_conf, get_redis

from services.celery_app import POLL_SOURCE
from services.ingest.sources import Source

ENTRY_PREFIX = "poll:"


@dataclass
class ScheduleChanges:
    """What ``sync_schedule`` did, by source name."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def entry_for(app: Celery, source: Source) -> RedBeatSchedulerEntry:
    """The schedule entry that polls ``source`` every ``poll_interval`` seconds."""
    return RedBeatSchedulerEntry(
        name=ENTRY_PREFIX + source.name,
        task=POLL_SOURCE,
        schedule=timedelta(seconds=source.poll_interval),
        args=[source.model_dump(mode="json")],
        kwargs={},
        options={"expires": source.poll_interval, "argsrepr": repr(source.name)},
        app=app,
    )


def scheduled(app: Celery) -> dict[str, RedBeatSchedulerEntry]:
    """The poll entries RedBeat holds now, by source name."""
    conf = ensure_conf(app)
    prefix = conf.key_prefix + ENTRY_PREFIX
    entries: dict[str, RedBeatSchedulerEntry] = {}
    for raw in get_redis(app).zrange(conf.schedule_key, 0, -1):
        key = raw.decode() if isinstance(raw, bytes) else str(raw)
        if key.startswith(prefix):
            try:
                entries[key.removeprefix(prefix)] = RedBeatSchedulerEntry.from_key(key, app=app)
            except KeyError:
                continue
    return entries


def sync_schedule(app: Celery, sources: list[Source]) -> ScheduleChanges:
    """Make RedBeat's poll entries match ``sources``; see the module's docstring."""
    changes = ScheduleChanges()
    existing = scheduled(app)
    for source in sources:
        wanted = entry_for(app, source)
        current = existing.pop(source.name, None)
        if current is None:
            changes.added.append(source.name)
        elif _definition(current) == _definition(wanted):
            changes.unchanged.append(source.name)
            continue
        else:
            changes.updated.append(source.name)
        wanted.save()
    for name, entry in existing.items():
        entry.delete()
        changes.removed.append(name)
    return changes


def _definition(entry: RedBeatSchedulerEntry) -> tuple[Any, ...]:
    interval = getattr(entry.schedule, "run_every", entry.schedule)
    return (entry.task, interval, list(entry.args or []), entry.options)
