"""``python -m services.cli`` is ``meetings``."""

from services.cli.main import app

app()
