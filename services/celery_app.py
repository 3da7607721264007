"""The Celery app: the one place for queues, routes, time limits, acks, prefetch and retries.

Three queues so that fetch (I/O bound), parse (CPU bound) and store (database bound) scale on
their own: more worker processes on more machines, the same Redis and PostgreSQL.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import redis
from celery import Celery, Task
from kombu import Queue
from kombu.transport import redis as kombu_redis

from services.events import Failure, PageTooLargeError, job_of, page_label
from services.ingest.errors import PermanentFetchError, TransientFetchError
from services.settings import get_settings
from services.store.errors import DatabaseUnavailableError

# Queue and task names are constants: services send tasks by name, never by importing each other.
INGEST_QUEUE, PARSE_QUEUE, STORE_QUEUE = "ingest", "parse", "store"
POLL_SOURCE = "ingest.poll_source"
FETCH_PAGES = "ingest.fetch_pages"
PARSE_PAGES = "parse.parse_pages"
SAVE_PAGES = "store.save_pages"

# Errors that may pass by waiting; everything else fails the page at once and is recorded.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    TransientFetchError,
    DatabaseUnavailableError,
    ConnectionError,
    redis.ConnectionError,  # the rate limiter's or the seen set's Redis away for a moment
    redis.TimeoutError,
)

# The pipeline's steps write no Celery result: a job's outcome is written under the job's own id
# by the store step (services.jobs.publish_outcomes), one per page of the batch. Sent with
# ignore_result, so the sender does not subscribe to a result channel per message either
# (Celery's Redis backend does, for every task it sends otherwise).
PIPELINE_TASKS = frozenset({FETCH_PAGES, PARSE_PAGES, SAVE_PAGES})


CONFIG: dict[str, Any] = {
    # JSON only: a message is data, never code (no pickle).
    "task_serializer": "json",
    "result_serializer": "json",
    "accept_content": ["json"],
    # Ack after the work is done, and re-queue if the worker dies mid-task: no page is lost.
    # Every write is idempotent, so a redelivered message is harmless.
    "task_acks_late": True,
    "task_reject_on_worker_lost": True,
    # The default for a worker: one message at a time per process (a poll is long, and a long
    # task must not hold short ones it prefetched). Workers of the short pipeline steps (parse and
    # store take milliseconds) raise it on their command line (runtime.worker_command): with
    # acks_late a prefetched message is still unacked, so a worker that dies loses none.
    "worker_prefetch_multiplier": 1,
    # Redis redelivers unacked messages after this; longer than any task's hard limit.
    "broker_transport_options": {"visibility_timeout": 3600},
    "broker_connection_retry_on_startup": True,
    # The Redis transport with one client per channel (see RedisTransport below).
    "broker_transport": "services.celery_app:RedisTransport",
    "result_expires": 7 * 24 * 3600,
    # A result holds the outcome only, not the task's arguments: those are the page's bytes and
    # its record, written to Redis and read by nobody (Flower shows the argsrepr of events).
    "result_extended": False,
    "task_queues": [Queue(INGEST_QUEUE), Queue(PARSE_QUEUE), Queue(STORE_QUEUE)],
    "task_default_queue": INGEST_QUEUE,
    "task_routes": {
        "ingest.*": {"queue": INGEST_QUEUE},
        "parse.*": {"queue": PARSE_QUEUE},
        "store.*": {"queue": STORE_QUEUE},
    },
    # Soft limit raises inside the task (recorded as a failure); the hard limit kills it.
    "task_soft_time_limit": 60,
    "task_time_limit": 90,
    # Flower shows tasks only when workers send events (the service's workers start with -E, and
    # Flower itself switches events on in any worker it sees). No "task-sent" event: Flower lists a
    # task from its "task-received" on, and the sent event cost every sender one more PUBLISH per
    # step of every page.
    "worker_send_task_events": True,
    "task_send_sent_event": False,
    "beat_scheduler": "redbeat.RedBeatScheduler",
    "redbeat_key_prefix": "meetings:redbeat:",
    "redbeat_lock_timeout": 300,
    # Beat looks for due (and newly registered) entries at least this often; polls run every few
    # minutes, so a few seconds of lateness is nothing, and the demo's 20 s interval keeps time.
    "beat_max_loop_interval": 5,
    "task_annotations": {
        # A poll walks up to max_list_pages pages at its source's rate: longer than a page's limits.
        POLL_SOURCE: {"soft_time_limit": 600, "time_limit": 660},
        # A fetch message fetches its pages in turn and hands on what is left after two minutes
        # (services.ingest.tasks.FETCH_BATCH_SECONDS), plus one page's own cap of a minute.
        FETCH_PAGES: {"soft_time_limit": 240, "time_limit": 270},
        **{name: {"ignore_result": True} for name in PIPELINE_TASKS},
    },
    "worker_hijack_root_logger": False,
}


class PipelineCelery(Celery):  # type: ignore[misc]
    """The Celery app: ``send_task`` of a pipeline step asks for no result."""

    def send_task(self, name: str, *args: Any, **options: Any) -> Any:
        if name in PIPELINE_TASKS:
            options.setdefault("ignore_result", True)
        return super().send_task(name, *args, **options)


class _RedisChannel(kombu_redis.Channel):  # type: ignore[misc]
    """kombu's Redis channel, reusing one client for its publishes and acks.

    kombu builds a new ``redis.Redis`` for every publish, event and ack made outside its poll,
    and each costs about half a millisecond (the client's table of response callbacks): some
    fifteen per page through the pipeline. One client over the channel's own connection pool
    serves them all: a ``redis.Redis`` takes a connection from the pool per command (so threads
    may share it) and its pool starts afresh in a forked child.
    """

    _shared_client: Any = None

    @contextmanager
    def conn_or_acquire(self, client: Any = None) -> Iterator[Any]:
        if client:
            yield client
            return
        if self._shared_client is None:
            self._shared_client = self._create_client()
        yield self._shared_client


class RedisTransport(kombu_redis.Transport):  # type: ignore[misc]
    """The broker transport: kombu's Redis transport with ``_RedisChannel``."""

    Channel = _RedisChannel


def backoff_delay(retries: int) -> float:
    """Exponential back-off with full jitter, capped."""
    settings = get_settings()
    ceiling = min(settings.retry_backoff_max, settings.retry_backoff_base * 2**retries)
    return random.uniform(0, ceiling)


def page_retry_delay(exc: TransientFetchError, attempts: int) -> float | None:
    """Seconds before a page's next fetch after ``attempts`` transient failures (the server's
    Retry-After when it gave one); None once its tries are spent."""
    if attempts > get_settings().task_max_retries:
        return None
    return exc.retry_after or backoff_delay(attempts - 1)


def batch_jobs(args: Any, kwargs: Any) -> list[dict[str, Any]]:
    """The jobs a pipeline message carries: a list of jobs (fetch) or of pages with their job."""
    batch = args[0] if args else next(iter(kwargs.values()), None)
    if not isinstance(batch, list):
        return []
    return [job for job in map(job_of, batch) if job is not None and "id" in job]


class PipelineTask(Task):  # type: ignore[misc]
    """Base of every pipeline step: the one retry policy and the one failure recorder.

    A step handles its pages' own failures itself (a 404, a page that is no article) and passes
    them on to be recorded. What fails the whole message is retried here if it may pass (a
    database or broker that is away) with back-off and jitter; anything else, or spent retries,
    fails every page of the message with the reason, so none is lost silently.
    """

    abstract = True
    stage = "pipeline"
    max_retries = get_settings().task_max_retries

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except TRANSIENT_ERRORS as exc:
            delay = getattr(exc, "retry_after", None) or backoff_delay(self.request.retries)
            raise self.retry(exc=exc, countdown=delay) from exc

    def on_failure(
        self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        jobs = batch_jobs(args, kwargs)
        if jobs:
            failure = Failure(
                stage=self.stage,
                reason=failure_reason(exc),
                retryable=isinstance(exc, TRANSIENT_ERRORS),
            )
            self.fail_jobs(jobs, failure)

    def fail_jobs(self, jobs: list[dict[str, Any]], failure: Failure) -> None:
        """Send the failed pages to the store to be recorded (the store step overrides this)."""
        items = [{"job": job, "failure": failure.model_dump()} for job in jobs]
        self.app.send_task(SAVE_PAGES, args=[items], argsrepr=batch_repr(items))


def batch_repr(batch: list[Any]) -> str:
    """How Flower shows a batch message: its size and first page."""
    if not batch:
        return "[]"
    more = f" +{len(batch) - 1}" if len(batch) > 1 else ""
    return f"[{page_label(job_of(batch[0]))!r}{more}]"


def failure_reason(exc: BaseException) -> str:
    """The reason a user reads: the error's own words, never a traceback."""
    if isinstance(exc, PermanentFetchError | TransientFetchError):
        return exc.reason
    if isinstance(exc, PageTooLargeError):
        return str(exc)
    reason = getattr(exc, "reason", None)
    return str(reason or exc) or type(exc).__name__


def create_app() -> Celery:
    """The Celery app, with broker and backend from the settings when they are known."""
    celery = PipelineCelery(
        "meetings",
        task_cls=PipelineTask,
        include=["services.ingest.tasks", "services.parse.tasks", "services.store.tasks"],
    )
    celery.conf.update(CONFIG)
    redis_url = get_settings().redis_url
    if redis_url:
        configure_broker(celery, redis_url)
    return celery


def configure_broker(celery: Celery, redis_url: str) -> None:
    """Point the app at a Redis (the embedded one is only known once it has started)."""
    celery.conf.update(broker_url=redis_url, result_backend=redis_url, redbeat_redis_url=redis_url)


app = create_app()
