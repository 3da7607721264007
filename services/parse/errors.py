"""Errors of the parse service.

    ParseError
     └── NoArticleError   the input holds no article to record (empty, binary, no Chinese text)

Parsing itself never raises on any input: it returns a record whose ``quality_flags`` say what
was wrong. ``ensure_article`` turns an unusable record into a ``NoArticleError`` for the
pipeline, which records it as a failure instead of storing an empty report.
"""

from __future__ import annotations


class ParseError(Exception):
    """Base of every error the parse service raises."""


class NoArticleError(ParseError):
    """The input holds no article text; ``reason`` says why in words a user understands."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
