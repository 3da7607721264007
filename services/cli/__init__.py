"""The ``meetings`` command line (``services.cli.main:app``).

Command modules import the heavy parts (Celery, SQLAlchemy, Alembic) inside the commands that
need them, so ``meetings parse`` starts in well under a second.
"""
