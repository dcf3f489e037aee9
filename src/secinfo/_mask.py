"""Masking of phone numbers and bounded, secret-free descriptions of arbitrary values."""

from __future__ import annotations

import re

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

E164 = re.compile(r"\+[1-9][0-9]{7,14}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MAX_TEXT = 60


def country_code_length(e164: str) -> int:
    """Length of the country calling code of an E.164 string (1 to 3 digits)."""
    digits = e164[1:]
    for size in (1, 2, 3):
        if int(digits[:size]) in COUNTRY_CODE_TO_REGION_CODE:
            return size
    return 1


def mask_phone(value: str) -> str:
    """Mask a phone number: ``+14255550134`` → ``+1 XXXXXXXX34``.

    Anything that is not E.164 is masked whole but for its last two characters, so a
    malformed number never leaks into a message either.
    """
    if E164.fullmatch(value):
        size = country_code_length(value)
        national = value[1 + size :]
        return f"+{value[1 : 1 + size]} {'X' * (len(national) - 2)}{national[-2:]}"
    text = escape_label(value[:32])
    if len(text) <= 2:
        return "X" * len(text)
    return "X" * (len(text) - 2) + text[-2:]


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PHONE_LIKE = re.compile(r"\+[0-9][0-9 ().\-]{5,}[0-9]")


def mask_phone_like(text: str) -> str:
    """Mask every run that looks like an international phone number (``+`` then 8 or more
    digits, with the usual separators) inside free text: all digits but the last two become
    ``X``."""

    def hide(match: re.Match[str]) -> str:
        run = match.group()
        if E164.fullmatch(run):
            return mask_phone(run)
        digits = sum(c.isdigit() for c in run)
        if digits < 8 or _DATE.match(run.strip()):
            return run
        seen = 0
        out = []
        for char in run:
            if char.isdigit():
                seen += 1
                out.append(char if seen > digits - 2 else "X")
            else:
                out.append(char)
        return "".join(out)

    return _PHONE_LIKE.sub(hide, text)


def escape_label(value: str) -> str:
    """Escape control characters in a user-supplied label (``\\n`` → ``\\x0a``)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def describe(value: object, *, phone: bool = False) -> str:
    """A short, bounded description of *value* for an error message.

    Never recurses into containers (so a deeply nested value cannot blow the stack) and
    truncates long strings; with ``phone=True`` strings and numbers are masked.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if phone:
            return repr(mask_phone(value))
        text = mask_phone_like(escape_label(value))
        if len(text) > _MAX_TEXT:
            text = text[:_MAX_TEXT] + "…"
        return repr(text)
    if isinstance(value, int):
        if phone:  # a number given as an integer is still a phone number: mask it
            return "XXXX" if value.bit_length() >= 128 else mask_phone(str(value))
        text = str(value) if value.bit_length() < 128 else "a very large integer"
        return text
    if isinstance(value, float):
        return mask_phone(repr(value)) if phone else repr(value)
    if isinstance(value, dict):
        return f"an object with {len(value)} key(s)"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} item(s)"
    return f"a value of type {type(value).__name__}"


def mask_email(address: str) -> str:
    """``alice@example.com`` → ``a***@example.com`` (escaped).

    >>> mask_email("alice@example.com")
    'a***@example.com'
    """
    local, _, domain = address.partition("@")
    return f"{escape_label(local[:1])}***@{escape_label(domain)}"
