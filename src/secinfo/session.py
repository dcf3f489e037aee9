"""The current sign-in session: how and when the user signed in, and their last MFA."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from . import _fields as f
from . import _validate as v
from ._mask import describe
from .errors import InvalidArgument, InvalidArgumentType
from .methods import MFA_METHODS, Method

__all__ = ["MAX_CREDENTIALS", "SIGN_IN_CREDENTIALS", "Session"]

MAX_CREDENTIALS = 32
"""Most entries of a session's ``signed_in_with`` (in a document)."""


def _to_optional_method(value: object) -> Any:
    return None if value is None else v.enum_value(Method, value)


SIGN_IN_CREDENTIALS: frozenset[str] = frozenset(
    {"password"} | {m.value for m in Method if m in MFA_METHODS}
)
"""What ``signed_in_with`` may contain: ``password`` and the MFA-capable methods."""


def _credentials(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise InvalidArgumentType(
            attribute.name, f"expected a list of strings, got {describe(value)}"
        )
    for item in value:
        if not isinstance(item, str) or item not in SIGN_IN_CREDENTIALS:
            raise InvalidArgument(attribute.name, f"{describe(item)} is not a sign-in credential")


def _mfa_method(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Method):
        raise v.invalid(attribute.name, value, f"{describe(value)} is not a method")


@attrs.frozen(kw_only=True)
class Session:
    """A sign-in session.

    ``signed_in_with`` lists the credentials of the sign-in (``password``,
    ``temporary_access_pass``, …); ``mfa_at``/``mfa_method`` record the last MFA;
    ``registered_in_session`` tells whether methods were registered in this session (it grants
    nothing: [R9](docs/rules.md#r9)).

    >>> from datetime import datetime, UTC
    >>> Session(signed_in_at=datetime(2026, 11, 25, 12, tzinfo=UTC)).signed_in_with
    ('password',)
    """

    signed_in_at: datetime = attrs.field(converter=v.to_utc, validator=f.time())
    signed_in_with: tuple[str, ...] = attrs.field(
        default=("password",),
        converter=v.to_tuple,
        validator=f.words(_credentials, allowed=SIGN_IN_CREDENTIALS, max_items=MAX_CREDENTIALS),
    )
    mfa_at: datetime | None = attrs.field(
        default=None, converter=v.to_utc, validator=f.time(optional=True)
    )
    mfa_method: Method | None = attrs.field(
        default=None,
        converter=_to_optional_method,
        validator=f.choice(Method, optional=True, check=_mfa_method),
    )
    registered_in_session: bool = attrs.field(default=False, validator=f.flag())
