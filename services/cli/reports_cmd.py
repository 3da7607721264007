"""``meetings reports``: what is stored."""

from __future__ import annotations

import json
import sys

import typer
from rich.console import Console
from rich.table import Table

from services.cli.common import running_service
from services.settings import get_settings


def reports(
    q: str | None = typer.Option(None, "--q", help="Text to find in title or body."),
    province: str | None = typer.Option(None),
    city: str | None = typer.Option(None),
    source: str | None = typer.Option(None),
    limit: int = typer.Option(50, min=1),
    as_json: bool = typer.Option(False, "--json", help="Print the full records as JSON Lines."),
    count: bool = typer.Option(False, "--count", help="Print only how many reports match."),
) -> None:
    """List stored reports, newest first."""
    from services.store.db import make_engine, make_sessionmaker
    from services.store.repository import ReportFilter, count_reports, list_reports

    flt = ReportFilter(q=q, province=province, city=city, source=source)
    with running_service(get_settings(), need_worker=False) as runtime:
        engine = make_engine(runtime.database_url)
        with make_sessionmaker(engine)() as session:
            if count:
                print(count_reports(session, flt))
                return
            rows = list_reports(session, flt, limit=limit)
        engine.dispose()
    if as_json:
        for row in rows:
            payload = {"id": row.id, **row.record, "url": row.url, "version": row.version}
            sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return
    table = Table("id", "date", "region", "meeting", "presider", "title")
    for row in rows:
        region = "".join(x for x in (row.province, row.city, row.county) if x)
        table.add_row(
            str(row.id),
            str(row.meeting_date or ""),
            region,
            row.meeting_name or "",
            row.presider or "",
            row.title or "",
        )
    Console().print(table)
