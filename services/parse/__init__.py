"""Pure parsing: bytes or text in, a ``MeetingReport`` out; no Redis, database or network.

The steps, each a module with its own tests: ``decode`` (charset), ``html`` (main content),
``chrome`` (page furniture at text level), ``normalize`` (pinyin glosses, script, punctuation),
``metadata`` (title, dates, source…), ``document`` (the steps together) and ``meeting`` (the record).
"""

from services.parse.errors import NoArticleError, ParseError
from services.parse.models import CleanDocument, MeetingFields, MeetingReport
from services.parse.pipeline import ensure_article, parse_document

__all__ = [
    "CleanDocument",
    "MeetingFields",
    "MeetingReport",
    "NoArticleError",
    "ParseError",
    "ensure_article",
    "parse_document",
]
