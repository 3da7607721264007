"""The record contract: what `meetings parse` prints and what the API returns.

Field names follow the project's record specification; unknown values are ``None`` (or ``[]`` for
lists), never guessed. These models are pure data: no I/O, no settings.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DocType = Literal["news_report", "speech", "notice", "other"]
Script = Literal["simplified", "traditional", "mixed"]


class Person(BaseModel):
    """A named person with the title the text gives them (``None`` when it gives none)."""

    model_config = ConfigDict(frozen=True)

    name: str
    title: str | None = None


class MeetingDate(BaseModel):
    """A calendar date whose parts may each be unknown."""

    year: int | None = None
    month: int | None = None
    day: int | None = None


class Region(BaseModel):
    """The government that held the meeting, resolved against a gazetteer."""

    province: str | None = None
    city: str | None = None
    county: str | None = None


class Meeting(BaseModel):
    """What, when, where and how the meeting was held."""

    name: str | None = None
    date: MeetingDate | None = None
    year_inferred_from: str | None = None
    time_of_day: str | None = None
    venue: str | None = None
    format: str | None = None
    branch_venues: list[str] = Field(default_factory=list)


class CleanDocument(BaseModel):
    """A page reduced to its article: simplified body text plus the metadata found around it."""

    url: str | None = None
    original_script: Script = "simplified"
    pinyin_glosses_removed: int = 0
    title: str | None = None
    original_title: str | None = None
    published_at: str | None = None
    source_name: str | None = None
    author: str | None = None
    views: int | None = None
    keywords: list[str] = Field(default_factory=list)
    summary: str | None = None
    truncated: bool = False
    hidden_chars: int | None = None
    body: str = ""
    quality_flags: list[str] = Field(default_factory=list)
    content_hash: str = ""


class MeetingFields(BaseModel):
    """The structured reading of a clean body: who, when, where and what was decided."""

    doc_type: DocType = "other"
    meeting: Meeting = Field(default_factory=Meeting)
    region: Region | None = None
    admin_level: str | None = None
    presider: Person | None = None
    speakers: list[Person] = Field(default_factory=list)
    attendees: list[Person] = Field(default_factory=list)
    units: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    slogans: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    quality_flags: list[str] = Field(default_factory=list)


class MeetingReport(CleanDocument, MeetingFields):
    """The full record of one page: the clean document and its meeting fields, flattened."""

    @classmethod
    def combine(cls, doc: CleanDocument, fields: MeetingFields) -> MeetingReport:
        """Flatten a clean document and its meeting fields into one record."""
        flags = list(dict.fromkeys([*doc.quality_flags, *fields.quality_flags]))
        data = {**fields.model_dump(), **doc.model_dump(), "quality_flags": flags}
        return cls.model_validate(data)
