"""Small helpers for the sentences of reasons and problems."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """*count* and *word*, with an ``s`` unless *count* is one.

    >>> plural(1, "method"), plural(2, "method"), plural(0, "kind")
    ('1 method', '2 methods', '0 kinds')
    """
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
