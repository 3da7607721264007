"""The ``meetings`` command line."""

from services.cli.main import app

__all__ = ["app"]
