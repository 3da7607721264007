"""Meeting records: who presided, who spoke, when, where and what was decided."""

from __future__ import annotations

from services.parse.models import CleanDocument, MeetingFields


def extract_meeting(doc: CleanDocument) -> MeetingFields:
    """Read the meeting fields from a clean document."""
    return MeetingFields()
