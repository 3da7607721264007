"""The whole parse: a page's bytes (or text) to its meeting record."""

from __future__ import annotations

from services.parse.document import clean_document
from services.parse.errors import NoArticleError
from services.parse.meeting import extract_meeting
from services.parse.models import MeetingReport

# Flags that mean "there is no article here"; their text is the reason a user sees.
UNUSABLE_FLAGS = {
    "empty_input": "empty document: the input holds no bytes or only whitespace",
    "binary_input": "binary content: the input is not text in any supported encoding",
    "no_chinese_text": "no Chinese article text found in the document",
}


def parse_document(
    data: bytes | str, *, url: str | None = None, content_type: str | None = None
) -> MeetingReport:
    """Parse one page or text into its record. Never raises: problems become quality flags."""
    doc = clean_document(data, url=url, content_type=content_type)
    return MeetingReport.combine(doc, extract_meeting(doc))


def ensure_article(report: MeetingReport) -> MeetingReport:
    """Return ``report`` if it holds an article, else raise ``NoArticleError`` with the reason."""
    for flag in report.quality_flags:
        if flag in UNUSABLE_FLAGS:
            raise NoArticleError(UNUSABLE_FLAGS[flag])
    return report
