"""The exceptions secinfo raises.

Every error derives from :class:`SecinfoError`, carries a stable machine-readable ``code`` and
also subclasses the builtin exception it refines (``ValueError`` for bad values, ``TypeError`` as
well for arguments of the wrong type), so callers can catch either. A policy *denial* is never an
exception: it is a result with reasons.
"""

from __future__ import annotations

import warnings

__all__ = [
    "InvalidArgument",
    "InvalidArgumentType",
    "InvalidDocument",
    "InvalidPhoneNumber",
    "InvalidSecret",
    "OtpConfigurationError",
    "SecinfoError",
    "TooManyGroupPatterns",
]


class SecinfoError(Exception):
    """Base class of every error raised by secinfo.

    ``code`` is a stable, machine-readable identifier of the error class.

    >>> issubclass(InvalidArgument, SecinfoError)
    True
    """

    code: str = "secinfo_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidArgument(SecinfoError, ValueError):
    """An argument passed to a constructor or function is out of its domain.

    ``path`` names the argument or attribute, dotted below it when the fault is inside
    (``"now"``, ``"registrations.1.id"``): the same name :class:`InvalidDocument` uses for the
    offending key. ``field`` is a deprecated alias of ``path``.

    >>> from datetime import datetime
    >>> from secinfo import Session
    >>> Session(signed_in_at=datetime(2026, 1, 1))
    Traceback (most recent call last):
    ...
    secinfo.errors.InvalidArgument: signed_in_at: naive datetime 2026-01-01 00:00:00 ...
    """

    code = "invalid_argument"

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path

    @property
    def field(self) -> str:
        """Deprecated alias of :attr:`path` (emits :class:`DeprecationWarning`)."""
        warnings.warn(
            "InvalidArgument.field is deprecated; use .path", DeprecationWarning, stacklevel=2
        )
        return self.path


class InvalidArgumentType(InvalidArgument, TypeError):
    """An argument of the wrong *type* (a string where a datetime belongs, a dict where a
    registration belongs). It is an :class:`InvalidArgument` — so ``except InvalidArgument``
    and ``except ValueError`` catch it as before — and also a :class:`TypeError`, as attrs and
    Hypothesis raise for wrong types.

    >>> from secinfo import Session
    >>> try:
    ...     Session(signed_in_at="2026-01-01T00:00:00Z")
    ... except TypeError as error:
    ...     print(type(error).__name__, error.path, isinstance(error, InvalidArgument))
    InvalidArgumentType signed_in_at True
    """

    code = "invalid_argument_type"


class InvalidDocument(SecinfoError, ValueError):
    """A JSON-ready document does not match its schema.

    ``path`` is the dotted path to the offending element (``"registrations.1.number"``; the
    empty string for the document itself) and the message quotes the offending value, with
    phone numbers masked. ``source`` names the file the document was read from, when a loader
    was given a path (``None`` otherwise); ``str(error)`` then starts with it. ``detail`` is
    the message alone (without source and path).

    >>> str(InvalidDocument("mfa.grace_days", "400 is out of range (0–365)", source="p.json"))
    'p.json: mfa.grace_days: 400 is out of range (0–365)'
    """

    code = "invalid_document"

    def __init__(self, path: str, message: str, *, source: str | None = None) -> None:
        where = path if path else "<document>"
        super().__init__(f"{source}: {where}: {message}" if source else f"{where}: {message}")
        self.path = path
        self.source = source
        self.detail = message


class InvalidPhoneNumber(SecinfoError, ValueError):
    """A phone number was refused; ``reason`` is a stable code such as ``premium_rate``."""

    code = "invalid_phone_number"

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class InvalidSecret(SecinfoError, ValueError):
    """A TOTP secret is not valid base32 of sufficient length."""

    code = "invalid_secret"


class OtpConfigurationError(SecinfoError, ValueError):
    """An OTP parameter (digits, algorithm, period, window) is outside its allow-list."""

    code = "otp_configuration"


class TooManyGroupPatterns(SecinfoError, ValueError):
    """A policy's groups form more classes than the policy checks enumerate (see
    :data:`secinfo.checks.MAX_GROUP_CLASSES`); :func:`secinfo.check_policy` reports it as the
    error ``too_many_group_patterns``."""

    code = "too_many_group_patterns"
