"""Registrations: what a user has set up. Each kind provides one or more methods.

Every registration is a frozen attrs class with ``id``, ``registered_at`` and ``registered_by``,
plus the fields of its kind; ``methods`` lists the methods it provides, in rank order. Whether a
provided method *counts* is decided by :func:`secinfo.usable_methods` alone.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, ClassVar

import attrs

from . import _validate as v
from ._mask import describe, mask_email, mask_phone
from .errors import InvalidArgument
from .methods import Actor, Kind, Method

__all__ = [
    "PHONE_KINDS",
    "REGISTRATION_TYPES",
    "AlternatePhone",
    "AuthenticatorApp",
    "Certificate",
    "Email",
    "HardwareOath",
    "MobilePhone",
    "OfficePhone",
    "Passkey",
    "Registration",
    "SecurityQuestions",
    "SoftwareOath",
    "TemporaryAccessPass",
    "WindowsHello",
    "phone_number",
]


def _to_actor(value: object) -> Any:
    return v.enum_value(Actor, value)


def _to_method(value: object) -> Any:
    return v.enum_value(Method, value)


_EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+")
_EXTENSION = re.compile(r"[0-9]{1,10}")
_label = v.text(max_length=256)


def _masked(number: object) -> str:
    return repr(mask_phone(number)) if isinstance(number, str) else repr(number)


def _masked_email(address: object) -> str:
    return repr(mask_email(address)) if isinstance(address, str) else repr(address)


def _email(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or len(value) > 254 or not _EMAIL.fullmatch(value):
        raise InvalidArgument(attribute.name, f"{describe(value)} is not an email address")


def _extension(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not _EXTENSION.fullmatch(value)):
        raise InvalidArgument(attribute.name, f"{describe(value)} is not 1–10 ASCII digits")


def _verified_with(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in (Method.SMS, Method.VOICE_MOBILE):
        raise InvalidArgument(attribute.name, f"{describe(value)} is not 'sms' or 'voice_mobile'")


@attrs.frozen(kw_only=True)
class _Base:
    """Fields every registration has."""

    kind: ClassVar[Kind]
    secret: ClassVar[tuple[str, ...]] = ()
    """The fields that *are* the credential (a number, an address, a token, a certificate, a
    pass): an ``update`` that changes one replaces the credential, so the transition records it
    with a new ``registered_at``; any other update (a label, a setting) keeps the old one."""

    id: str = attrs.field(validator=v.text(max_length=128))
    registered_at: datetime = attrs.field(converter=v.to_utc, validator=v.aware)
    registered_by: Actor = attrs.field(
        default=Actor.USER, converter=_to_actor, validator=v.member(Actor)
    )

    @property
    def methods(self) -> tuple[Method, ...]:
        """The methods this registration provides, in rank order."""
        return self.kind.methods


@attrs.frozen(kw_only=True)
class AuthenticatorApp(_Base):
    """Microsoft Authenticator: ``push`` when notifications are on, and ``authenticator_code``.

    >>> from datetime import datetime, UTC
    >>> app = AuthenticatorApp(id="r1", registered_at=datetime(2026, 1, 5, tzinfo=UTC),
    ...                        device_name="Pixel 9", notifications=False)
    >>> app.methods == (Method.AUTHENTICATOR_CODE,)
    True
    """

    kind: ClassVar[Kind] = Kind.AUTHENTICATOR_APP
    device_name: str = attrs.field(validator=_label)
    notifications: bool = attrs.field(validator=v.flag)

    @property
    def methods(self) -> tuple[Method, ...]:
        """``push`` (with notifications) and ``authenticator_code``."""
        if self.notifications:
            return (Method.PUSH, Method.AUTHENTICATOR_CODE)
        return (Method.AUTHENTICATOR_CODE,)


@attrs.frozen(kw_only=True)
class SoftwareOath(_Base):
    """A third-party TOTP app; provides ``software_oath``."""

    kind: ClassVar[Kind] = Kind.SOFTWARE_OATH
    name: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class HardwareOath(_Base):
    """A hardware OATH token (admin-only kind); provides ``hardware_oath``."""

    kind: ClassVar[Kind] = Kind.HARDWARE_OATH
    secret: ClassVar[tuple[str, ...]] = ("serial",)
    serial: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class MobilePhone(_Base):
    """The primary mobile phone; provides ``sms`` and ``voice_mobile``.

    ``verified_with`` is the channel the number was confirmed with; the completion rule of the
    default method follows it (DESIGN.md §6).
    """

    kind: ClassVar[Kind] = Kind.MOBILE_PHONE
    secret: ClassVar[tuple[str, ...]] = ("number",)
    number: str = attrs.field(validator=v.e164, repr=_masked)
    verified_with: Method = attrs.field(
        default=Method.SMS, converter=_to_method, validator=_verified_with
    )


@attrs.frozen(kw_only=True)
class AlternatePhone(_Base):
    """An alternate mobile phone (voice only, MFA only); provides ``voice_alternate``."""

    kind: ClassVar[Kind] = Kind.ALTERNATE_PHONE
    secret: ClassVar[tuple[str, ...]] = ("number",)
    number: str = attrs.field(validator=v.e164, repr=_masked)


@attrs.frozen(kw_only=True)
class OfficePhone(_Base):
    """An office phone (voice only), optionally with an extension; provides ``voice_office``."""

    kind: ClassVar[Kind] = Kind.OFFICE_PHONE
    secret: ClassVar[tuple[str, ...]] = ("number", "extension")
    number: str = attrs.field(validator=v.e164, repr=_masked)
    extension: str | None = attrs.field(default=None, validator=_extension)


@attrs.frozen(kw_only=True)
class Email(_Base):
    """An email address for password reset only; provides ``email``. ``repr()`` masks the
    address (``a***@example.com``), as events and error messages do.

    >>> from datetime import datetime, UTC
    >>> email = Email(id="e1", registered_at=datetime(2026, 1, 1, tzinfo=UTC),
    ...               address="alice@example.com")
    >>> repr(email).endswith("address='a***@example.com')"), "alice" in repr(email)
    (True, False)
    """

    kind: ClassVar[Kind] = Kind.EMAIL
    secret: ClassVar[tuple[str, ...]] = ("address",)
    address: str = attrs.field(validator=_email, repr=_masked_email)


@attrs.frozen(kw_only=True)
class SecurityQuestions(_Base):
    """Answered security questions (SSPR only); provides ``security_questions``."""

    kind: ClassVar[Kind] = Kind.SECURITY_QUESTIONS
    secret: ClassVar[tuple[str, ...]] = ("answered",)
    answered: int = attrs.field(validator=v.int_range(1, 20))


@attrs.frozen(kw_only=True)
class Passkey(_Base):
    """A passkey (FIDO2); provides ``passkey``."""

    kind: ClassVar[Kind] = Kind.PASSKEY
    name: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class WindowsHello(_Base):
    """Windows Hello for Business; provides ``windows_hello``."""

    kind: ClassVar[Kind] = Kind.WINDOWS_HELLO
    device_name: str = attrs.field(validator=_label)


@attrs.frozen(kw_only=True)
class Certificate(_Base):
    """A certificate for certificate-based authentication (admin-only kind)."""

    kind: ClassVar[Kind] = Kind.CERTIFICATE
    secret: ClassVar[tuple[str, ...]] = ("subject",)
    subject: str = attrs.field(validator=_label)


def _tap_window(inst: TemporaryAccessPass, _attribute: object, value: datetime) -> None:
    v.require_aware("expires_at", value)
    if not inst.starts_at < value:
        raise InvalidArgument("expires_at", "must be after starts_at")


@attrs.frozen(kw_only=True)
class TemporaryAccessPass(_Base):
    """An admin-issued Temporary Access Pass, active while ``starts_at ≤ now < expires_at``
    and not ``used`` (DESIGN.md R1). It never counts toward ``methods_required``.
    """

    kind: ClassVar[Kind] = Kind.TEMPORARY_ACCESS_PASS
    secret: ClassVar[tuple[str, ...]] = ("starts_at", "expires_at", "one_time")
    starts_at: datetime = attrs.field(converter=v.to_utc, validator=v.aware)
    expires_at: datetime = attrs.field(converter=v.to_utc, validator=_tap_window)
    one_time: bool = attrs.field(default=False, validator=v.flag)
    used: bool = attrs.field(default=False, validator=v.flag)

    def active_at(self, now: datetime) -> bool:
        """Whether the pass is usable at *now* (half-open window, not used)."""
        now = v.require_aware("now", now)
        return not self.used and self.starts_at <= now < self.expires_at


Registration = (
    AuthenticatorApp
    | SoftwareOath
    | HardwareOath
    | MobilePhone
    | AlternatePhone
    | OfficePhone
    | Email
    | SecurityQuestions
    | Passkey
    | WindowsHello
    | Certificate
    | TemporaryAccessPass
)
"""Any registration."""

REGISTRATION_TYPES: dict[Kind, type[Registration]] = {
    Kind.AUTHENTICATOR_APP: AuthenticatorApp,
    Kind.SOFTWARE_OATH: SoftwareOath,
    Kind.HARDWARE_OATH: HardwareOath,
    Kind.MOBILE_PHONE: MobilePhone,
    Kind.ALTERNATE_PHONE: AlternatePhone,
    Kind.OFFICE_PHONE: OfficePhone,
    Kind.EMAIL: Email,
    Kind.SECURITY_QUESTIONS: SecurityQuestions,
    Kind.PASSKEY: Passkey,
    Kind.WINDOWS_HELLO: WindowsHello,
    Kind.CERTIFICATE: Certificate,
    Kind.TEMPORARY_ACCESS_PASS: TemporaryAccessPass,
}
"""The registration class of each kind."""

PHONE_KINDS: frozenset[Kind] = frozenset(
    {Kind.MOBILE_PHONE, Kind.ALTERNATE_PHONE, Kind.OFFICE_PHONE}
)
"""Kinds whose independence key is the phone number (DESIGN.md §3)."""


def phone_number(registration: Registration) -> str | None:
    """The E.164 number of a phone registration, ``None`` for every other kind.

    >>> from datetime import datetime, UTC
    >>> phone_number(AlternatePhone(id="a", registered_at=datetime(2026, 1, 1, tzinfo=UTC),
    ...                             number="+16502530000"))
    '+16502530000'
    """
    if isinstance(registration, MobilePhone | AlternatePhone | OfficePhone):
        return registration.number
    return None
