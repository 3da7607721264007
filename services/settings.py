"""The one settings object. Nothing else in the project reads the environment.

``REDIS_URL`` and ``DATABASE_URL`` keep their usual names; every other setting is prefixed
``MEETINGS_``. With neither URL set the project starts its own embedded servers under
``MEETINGS_DATA_DIR``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = {"changeme", "change-me", "secret", "password", "admin"}


class Settings(BaseSettings):
    """Configuration read from the environment (and an optional ``.env`` file)."""

    model_config = SettingsConfigDict(
        env_prefix="MEETINGS_", env_file=".env", extra="ignore", populate_by_name=True
    )

    redis_url: str | None = Field(
        default=None, validation_alias=AliasChoices("REDIS_URL", "MEETINGS_REDIS_URL")
    )
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "MEETINGS_DATABASE_URL")
    )
    environment: str = "development"
    data_dir: Path = Path("var")
    sources_file: Path | None = None

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_key: SecretStr | None = None
    # URLs posted to the API may not point at private or loopback addresses (SSRF) unless allowed.
    allow_private_urls: bool = False

    flower_host: str = "127.0.0.1"
    flower_port: int = 5555
    flower_user: str = "admin"
    flower_password: SecretStr = SecretStr("meetings")

    concurrency: int = 2
    # Transient failures (timeouts, 5xx, 429, database down) are retried this many times.
    task_max_retries: int = 5
    retry_backoff_base: float = 2.0
    retry_backoff_max: float = 600.0
    # Events carry the fetched page: cap what one message may hold (compressed).
    max_page_bytes: int = 5_000_000
    fetch_timeout: float = 20.0
    user_agent: str = "meeting-ingest/0.1 (+https://github.com/meeting-ingest)"
    # A page's whole body must arrive within this, however slowly the server trickles it.
    fetch_max_seconds: float = 60.0

    # Politeness. robots.txt is obeyed unless the operator turns it off, and kept this long.
    respect_robots: bool = True
    robots_ttl: float = 3600.0
    # Requests per second per host for URLs no source describes (a source sets its own).
    default_rate_limit: float = 1.0
    # A fetch thread sleeps this long at most for its host's next slot; beyond that the rest of
    # its batch is handed back for later, so the thread serves other hosts meanwhile (a thread
    # asleep for a host at 1 request/s would cap the whole worker at one page per thread a second).
    rate_limit_max_wait: float = 0.5

    # Pages per fetch message: a Celery hop costs more CPU than parsing a page, so a poll sends
    # a list page's new articles together (each still its own job, outcome and retry).
    fetch_batch_size: int = 20
    # Crawling. A URL enqueued by a poll is not enqueued again for this long (in flight).
    crawl_queued_ttl: float = 3600.0
    # Stored articles re-fetched per poll when older than the source's revisit_interval.
    crawl_revisit_batch: int = 20
    # ``meetings up --demo``: poll interval of the simulated sites, seconds between new articles.
    demo_poll_interval: float = 20.0
    demo_publish_every: float = 30.0

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        if self.environment != "development":
            secret = self.flower_password.get_secret_value()
            if secret in PLACEHOLDER_SECRETS or secret == "meetings":
                raise ValueError(
                    "MEETINGS_FLOWER_PASSWORD must be set to a real secret outside development"
                )
        return self

    @property
    def embedded(self) -> bool:
        """True when the project must start its own Redis and PostgreSQL."""
        return self.redis_url is None or self.database_url is None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
