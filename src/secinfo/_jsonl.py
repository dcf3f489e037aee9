"""JSON Lines in and out for the command line and :mod:`secinfo.batch`: decoding a line with a
clear message for every way it can be bad, and encoding a result document.

The fast path is one call (``orjson`` when the ``fast`` extra is installed, else :mod:`json`);
only a line that fails pays for the careful path, which names what is wrong. Both encoders give
the same bytes: compact separators, UTF-8, insertion order.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["BadLine", "decode", "encode", "fast_codec"]


class BadLine(Exception):
    """A line that is not a JSON document; ``str()`` is the message for the user."""


_INT_LIMIT = sys.get_int_max_str_digits()


def _careful(raw: bytes) -> Any:
    """Decode with :mod:`json`, turning every failure into :class:`BadLine`."""
    if b"\x00" in raw:
        raise BadLine("binary data (a NUL byte), not a JSON line")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadLine(
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at column {error.start + 1})"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BadLine(f"not JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise BadLine("not JSON: nested too deeply") from None
    except ValueError:  # int('…') beyond sys.get_int_max_str_digits()
        raise BadLine(f"not JSON: a number longer than {_INT_LIMIT} digits") from None


def _stdlib_decode(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError included
        return _careful(raw)


def _stdlib_encode(document: Any) -> bytes:
    # A lone surrogate (from a "\ud800" escape in the input) cannot be UTF-8: UnicodeEncodeError.
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _codec() -> tuple[Callable[[bytes], Any], Callable[[Any], bytes], bool]:
    try:
        import orjson
    except ImportError:
        return _stdlib_decode, _stdlib_encode, False

    def fast_decode(raw: bytes) -> Any:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            return _stdlib_decode(raw)  # lenient where the standard library is, and its messages

    def fast_encode(document: Any) -> bytes:
        try:
            return orjson.dumps(document)
        except TypeError:  # orjson refuses lone surrogates: let the standard library say so
            return _stdlib_encode(document)

    return fast_decode, fast_encode, True


_decode, _encode, _fast = _codec()


def fast_codec() -> bool:
    """Whether the optional ``orjson`` codec is in use."""
    return _fast


def decode(raw: bytes, *, careful: bool = False) -> Any:
    """One line (without or with its newline) → the JSON value; :class:`BadLine` when it is not
    UTF-8 JSON. *careful* uses the standard library only (the reference behaviour)."""
    return _stdlib_decode(raw) if careful else _decode(raw)


def encode(document: Any) -> bytes:
    """A result document → one compact UTF-8 line (without the newline); :class:`BadLine` when a
    string in it cannot be UTF-8 (a lone surrogate)."""
    try:
        return _encode(document)
    except UnicodeEncodeError:
        raise BadLine("a lone surrogate escape (\\ud800–\\udfff) is not valid Unicode") from None
