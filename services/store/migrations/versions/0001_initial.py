"""Sources, pages, reports and report versions.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("config", postgresql.JSONB, nullable=False, server_default="{}"),
        *_timestamps(),
    )
    op.create_table(
        "pages",
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("key", sa.Text, nullable=False, unique=True),
        sa.Column("url", sa.Text),
        sa.Column("source", sa.String(200), index=True),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("http_status", sa.Integer),
        sa.Column("headers", postgresql.JSONB, nullable=False, server_default="{}"),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("raw_hash", sa.String(64)),
        sa.Column("raw", sa.LargeBinary),
        sa.Column("error", sa.Text),
        sa.Column("error_stage", sa.String(20)),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True)),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("page_id", sa.BigInteger, sa.ForeignKey("pages.id", ondelete="CASCADE"), nullable=False, unique=True),
        sa.Column("url", sa.Text),
        sa.Column("source", sa.String(200), index=True),
        sa.Column("title", sa.Text),
        sa.Column("doc_type", sa.String(20), nullable=False),
        sa.Column("published_at", sa.String(40)),
        sa.Column("meeting_name", sa.Text),
        sa.Column("meeting_date", sa.Date, index=True),
        sa.Column("province", sa.String(50), index=True),
        sa.Column("city", sa.String(50), index=True),
        sa.Column("county", sa.String(50)),
        sa.Column("admin_level", sa.String(10)),
        sa.Column("presider", sa.String(50)),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, index=True),
        sa.Column("record", postgresql.JSONB, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        *_timestamps(),
    )
    op.create_table(
        "report_versions",
        sa.Column("report_id", sa.BigInteger, sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("record", postgresql.JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("report_versions")
    op.drop_table("reports")
    op.drop_table("pages")
    op.drop_table("sources")
