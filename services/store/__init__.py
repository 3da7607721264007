"""The part that knows PostgreSQL: tables, migrations, idempotent writes and the queries."""
