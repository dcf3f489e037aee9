"""Masking of phone numbers and e-mail addresses, escaping of caller-supplied text, and bounded,
secret-free descriptions of arbitrary values.

:func:`escape_label` is the one escaping helper: every caller-supplied string that reaches an
audit event, a reason or an error message goes through it (directly, or through
:func:`describe`).
"""

from __future__ import annotations

import re

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

from ._words import plural

E164 = re.compile(r"\+[1-9][0-9]{7,14}")
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


def _escape_char(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape_label(value: str) -> str:
    """Escape every character of caller-supplied text that could forge or hide part of an audit
    record: each character :meth:`str.isprintable` rejects — control characters (``\\n`` →
    ``\\x0a``), format characters (bidirectional controls U+202A–U+202E and U+2066–U+2069,
    the marks U+200E/U+200F/U+061C, zero-width characters U+200B–U+200D and U+2060, U+FEFF,
    tag characters), line and paragraph separators (U+2028/U+2029), every other separator but
    the ASCII space, surrogates, private-use and unassigned code points — as a Python-style
    escape (``\\u202e``).

    >>> escape_label("Key\\u202egnp.exe"), escape_label("a\\nb"), escape_label("Pixel 9")
    ('Key\\\\u202egnp.exe', 'a\\\\x0ab', 'Pixel 9')
    """
    if value.isprintable():
        return value
    return "".join(char if char.isprintable() else _escape_char(char) for char in value)


def mask_label(value: str) -> str:
    """A user-chosen label as events show it: escaped (:func:`escape_label`), with every run
    that looks like a phone number or an e-mail address masked (a device named after its
    number must not leak it).

    >>> mask_label("Work phone +1 425 555 0134\\u202e"), mask_label("Pixel 9")
    ('Work phone +X XXX XXX XX34\\\\u202e', 'Pixel 9')
    """
    return mask_email_like(mask_phone_like(escape_label(value)))


def is_safe_text(value: str) -> bool:
    """Whether *value* needs no escaping (:func:`escape_label` would return it unchanged)."""
    return value.isprintable()


_EMAIL_LIKE = re.compile(r"[^\s@'\"<>()\[\],;:]+@[^\s@'\"<>()\[\],;:]+")


def mask_email(address: str) -> str:
    """Mask an e-mail address: ``alice@example.com`` → ``a***@example.com`` (the first character
    of the local part and the domain are kept, both escaped).

    >>> mask_email("alice@example.com")
    'a***@example.com'
    """
    local, _, domain = address.partition("@")
    return f"{escape_label(local[:1])}***@{escape_label(domain)}"


def mask_email_like(text: str) -> str:
    """Mask every run that looks like an e-mail address (``local@domain``) inside free text."""
    if "@" not in text:
        return text
    return _EMAIL_LIKE.sub(lambda match: mask_email(match.group()), text)


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
        text = mask_email_like(mask_phone_like(escape_label(value)))
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
        return f"an object with {plural(len(value), 'key')}"
    if isinstance(value, list):
        return f"a list of {plural(len(value), 'item')}"
    if isinstance(value, tuple):  # a Python caller's sequence, named as it was given
        return f"a tuple of {plural(len(value), 'item')}"
    if isinstance(value, set | frozenset):
        return f"a set of {plural(len(value), 'item')}"
    return f"a value of type {type(value).__name__}"
