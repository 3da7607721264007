"""Meeting records: who presided, who spoke, when, where and what was decided.

Each field has its own module of rules (people, dates, venue, region, units, documents, targets,
doctype); this module only runs them in order and assembles ``MeetingFields``. Every rule reads
only what the text states: a field the text does not support stays ``None`` or empty.
"""

from __future__ import annotations

import re

from services.parse.meeting.dates import meeting_when
from services.parse.meeting.doctype import doc_type
from services.parse.meeting.documents import documents, slogans
from services.parse.meeting.gazetteer import gazetteer
from services.parse.meeting.naming import meeting_name
from services.parse.meeting.people import cast, mentions
from services.parse.meeting.region import admin_level, resolve
from services.parse.meeting.targets import targets
from services.parse.meeting.units import units
from services.parse.meeting.venue import branch_venues, meeting_format, venue
from services.parse.models import CleanDocument, Meeting, MeetingFields, Region

_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000\u00a0]+(?=[\u4e00-\u9fff])")


def extract_meeting(doc: CleanDocument) -> MeetingFields:
    """Read the meeting fields from a clean document.

    A notice or other non-meeting text keeps its documents, slogans and targets but no meeting,
    people or region: those would describe a meeting that did not take place. A text that names
    no meeting being held but does name someone presiding or attending is read as a report.
    """
    # Typesetting pads two-character names to three ("王  刚") and spaces names off ("书记 吴锦
    # 主持"): spaces between Chinese characters carry no meaning for any rule here.
    body = _CJK_GAP.sub("", doc.body)
    doc = doc.model_copy(update={"body": body})
    kind = doc_type(body, doc.title)
    common = {"documents": documents(body), "slogans": slogans(body), "targets": targets(body)}
    if kind == "notice" or not body:
        return MeetingFields(doc_type=kind, **common)
    presider, speakers, attendees = cast(mentions(body, gazetteer().is_place))
    if kind == "other":
        if presider is None and not attendees:
            return MeetingFields(doc_type=kind, **common)
        kind = "news_report"  # someone presided over or attended a meeting: a report of it
    people = [p for p in (presider, *speakers, *attendees) if p is not None]
    found_units = [u for u in units(body) if not any(p.name in u for p in people)]
    branches = branch_venues(body)
    region, level = _region(doc, [p.title for p in people], exclude=[*found_units, *branches])
    return MeetingFields(
        doc_type=kind,
        meeting=_meeting(doc, speech=kind == "speech", branches=branches),
        region=region,
        admin_level=level,
        presider=presider,
        speakers=speakers,
        attendees=attendees,
        units=found_units,
        **common,
    )


def _region(
    doc: CleanDocument, titles: list[str | None], *, exclude: list[str]
) -> tuple[Region | None, str | None]:
    level = admin_level(doc.body, titles)
    # The headline often names the place in full ("无锡市滨湖区…大会召开") when the body does not.
    text = f"{doc.title or ''}\n{doc.body}"
    return resolve(text, level, gazetteer(), exclude=exclude)


def _meeting(doc: CleanDocument, *, speech: bool, branches: list[str]) -> Meeting:
    name = meeting_name(doc.body, doc.title, speech=speech, summary=doc.summary)
    when = meeting_when(
        doc.body, meeting_name=name, published_at=doc.published_at, summary=doc.summary
    )
    return Meeting(
        name=name,
        date=when.date,
        year_inferred_from=when.year_inferred_from,
        time_of_day=when.time_of_day,
        venue=venue(doc.body),
        format=meeting_format(doc.body, name),
        branch_venues=branches,
    )
