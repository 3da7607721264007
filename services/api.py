"""The HTTP API: thin routes over the same job and repository functions the CLI uses."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

import redis
from fastapi import Depends, FastAPI, Header, HTTPException, Query
from pydantic import BaseModel, model_validator
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from services.celery_app import POLL_SOURCE
from services.celery_app import app as celery_app
from services.ingest.errors import SourcesFileError
from services.ingest.poll import read_stats
from services.ingest.sources import Source, load_sources
from services.jobs import job_status, submit_content, submit_url
from services.settings import Settings, get_settings
from services.store.db import make_engine, make_sessionmaker
from services.store.errors import ReportNotFoundError
from services.store.repository import ReportFilter, count_reports, get_report, list_reports
from services.store.tables import ReportRow


class IngestRequest(BaseModel):
    """One page to ingest: a URL to fetch, or text / HTML in hand (with its URL if known)."""

    url: str | None = None
    text: str | None = None
    html: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> IngestRequest:
        if (self.text is not None) + (self.html is not None) > 1:
            raise ValueError("give either text or html, not both")
        if self.text is None and self.html is None and not self.url:
            raise ValueError("give a url, a text or an html")
        return self


class TaskAccepted(BaseModel):
    task_id: str


class TaskStatus(BaseModel):
    task_id: str
    state: str
    reason: str | None = None
    report_id: int | None = None


class ReportSummary(BaseModel):
    id: int
    url: str | None
    source: str | None
    title: str | None
    doc_type: str
    published_at: str | None
    meeting_name: str | None
    meeting_date: date | None
    province: str | None
    city: str | None
    county: str | None
    presider: str | None
    version: int
    updated_at: datetime


class ReportPage(BaseModel):
    total: int
    items: list[ReportSummary]


class SourceSummary(BaseModel):
    name: str
    region: dict[str, str | None]
    level: str
    start_urls: list[str]
    poll_interval: float
    last_poll: float | None = None
    last_poll_stats: dict[str, int] = {}
    last_error: str | None = None


def _source_summary(source: Source, stats: dict[str, str]) -> SourceSummary:
    last = stats.pop("last_poll", None)
    error = stats.pop("last_error", None) or None
    return SourceSummary(
        name=source.name,
        region=source.region.model_dump(),
        level=source.level,
        start_urls=source.start_urls,
        poll_interval=source.poll_interval,
        last_poll=float(last) if last else None,
        last_poll_stats={k: int(v) for k, v in stats.items() if v.isdigit()},
        last_error=error,
    )


def _summary(row: ReportRow) -> ReportSummary:
    return ReportSummary.model_validate(row, from_attributes=True)


class State:
    """What the routes share, made once at start-up."""

    sessions: sessionmaker[Session]
    redis: redis.Redis


state = State()


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    settings = get_settings()
    if not settings.database_url or not settings.redis_url:
        raise RuntimeError("the API needs REDIS_URL and DATABASE_URL (meetings up sets them)")
    engine = make_engine(settings.database_url)
    state.sessions = make_sessionmaker(engine)
    state.redis = redis.Redis.from_url(settings.redis_url, socket_timeout=2)
    yield
    engine.dispose()
    state.redis.close()


app = FastAPI(title="meeting-ingest", version="0.1.0", lifespan=lifespan)


def session() -> Any:
    with state.sessions() as db:
        yield db


def require_key(
    settings: Annotated[Settings, Depends(get_settings)],
    x_api_key: Annotated[str | None, Header()] = None,
) -> None:
    """Writes need the API key when one is configured."""
    if settings.api_key and x_api_key != settings.api_key.get_secret_value():
        raise HTTPException(401, "missing or wrong X-API-Key")


def guard_url(url: str, settings: Settings) -> None:
    """Refuse URLs that point inside this network (SSRF), unless the operator allows it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HTTPException(422, f"not an http(s) URL: {url}")
    if settings.allow_private_urls:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, None)
    except OSError as exc:
        raise HTTPException(422, f"cannot resolve {parts.hostname}") from exc
    for info in infos:
        if not ipaddress.ip_address(info[4][0]).is_global:
            raise HTTPException(422, f"{parts.hostname} is not a public address")


@app.post("/ingest", status_code=202, dependencies=[Depends(require_key)])
def ingest(
    request: IngestRequest, settings: Annotated[Settings, Depends(get_settings)]
) -> TaskAccepted:
    """Start ingesting one page; poll GET /tasks/{task_id} for the outcome."""
    if request.url:
        guard_url(request.url, settings)
    content = request.text if request.text is not None else request.html
    if content is None:
        job = submit_url(celery_app, request.url or "")
    else:
        kind = "text/plain" if request.text is not None else "text/html"
        job = submit_content(
            celery_app,
            content.encode("utf-8"),
            max_bytes=settings.max_page_bytes,
            url=request.url,
            content_type=f"{kind}; charset=utf-8",
        )
    return TaskAccepted(task_id=job.id)


@app.get("/tasks/{task_id}")
def task(task_id: str) -> TaskStatus:
    """How a job stands: pending, or its outcome with the reason of a failure."""
    status = job_status(celery_app, task_id)
    if status.state == "unknown":
        raise HTTPException(404, f"no task {task_id}")
    return TaskStatus(
        task_id=task_id, state=status.state, reason=status.reason, report_id=status.report_id
    )


@app.get("/reports")
def reports(
    db: Annotated[Session, Depends(session)],
    q: str | None = None,
    province: str | None = None,
    city: str | None = None,
    source: str | None = None,
    doc_type: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ReportPage:
    """Stored reports, newest first, filtered by text, region, source, type and meeting date."""
    flt = ReportFilter(q, province, city, source, doc_type, since, until)
    rows = list_reports(db, flt, limit=limit, offset=offset)
    return ReportPage(total=count_reports(db, flt), items=[_summary(r) for r in rows])


@app.get("/reports/{report_id}")
def report(report_id: int, db: Annotated[Session, Depends(session)]) -> dict[str, Any]:
    """One report: the full record plus its id, version and timestamps."""
    try:
        row = get_report(db, report_id)
    except ReportNotFoundError as exc:
        raise HTTPException(404, str(exc)) from exc
    extra = {"version": row.version, "created_at": row.created_at, "updated_at": row.updated_at}
    return {"id": row.id, **row.record, "url": row.url, **extra}


@app.get("/healthz")
def healthz(db: Annotated[Session, Depends(session)]) -> dict[str, str]:
    """200 when Redis and PostgreSQL both answer, 503 naming the one that does not."""
    checks = {}
    try:
        state.redis.ping()
        checks["redis"] = "ok"
    except redis.RedisError as exc:
        checks["redis"] = f"error: {exc}"
    try:
        db.execute(text("SELECT 1"))
        checks["postgres"] = "ok"
    except Exception as exc:  # any driver error means unhealthy
        checks["postgres"] = f"error: {type(exc).__name__}"
    if any(v != "ok" for v in checks.values()):
        raise HTTPException(503, checks)
    return checks


def registry(settings: Annotated[Settings, Depends(get_settings)]) -> list[Source]:
    """The configured sources (none without a sources file)."""
    if settings.sources_file is None:
        return []
    try:
        return load_sources(settings.sources_file)
    except SourcesFileError as exc:
        raise HTTPException(500, str(exc)) from exc


@app.get("/sources")
def sources(found: Annotated[list[Source], Depends(registry)]) -> list[SourceSummary]:
    """The configured sources, with what their last poll did."""
    return [_source_summary(s, read_stats(state.redis, s.name)) for s in found]


@app.post("/sources/{name}/poll", status_code=202, dependencies=[Depends(require_key)])
def poll_source(name: str, found: Annotated[list[Source], Depends(registry)]) -> TaskAccepted:
    """Poll one source now; GET /tasks/{task_id} is pending until the poll's result is in."""
    source = next((s for s in found if s.name == name), None)
    if source is None:
        raise HTTPException(404, f"no source {name!r}")
    result = celery_app.send_task(
        POLL_SOURCE,
        args=[source.model_dump(mode="json")],
        kwargs={"force": True},
        argsrepr=repr(name),
    )
    return TaskAccepted(task_id=result.id)
