"""Registrations: what a user has set up. Each kind provides one or more methods.

Every registration is a frozen attrs class with ``id``, ``registered_at`` and ``registered_by``,
plus the fields of its kind; ``methods`` lists the methods it provides, in rank order. Whether a
provided method *counts* is decided by :func:`secinfo.usable_methods` alone.

A kind's facts are its row of :data:`secinfo.methods.KIND_TABLE`; its class (named by its
``kind`` class variable) holds its fields and its behaviour: what it provides
(:meth:`RegistrationBase.provided_with`), and how an audit event describes it
(:meth:`RegistrationBase.details`). :data:`REGISTRATION_TYPES` is collected from the classes, and
documents and test strategies read a kind's fields from its class.
"""

from __future__ import annotations

import re
import typing
from datetime import datetime
from typing import Any, ClassVar

import attrs

from . import _fields as f
from . import _validate as v
from ._mask import describe, escape_label, mask_email, mask_label, mask_phone
from .errors import InvalidArgument
from .methods import KIND_TABLE, PHONE_KINDS, Actor, Kind, Method

__all__ = [
    "PHONE_KINDS",
    "REGISTRATION_CLASSES",
    "REGISTRATION_TYPES",
    "AlternatePhone",
    "AuthenticatorApp",
    "Certificate",
    "Email",
    "ExternalAuthentication",
    "HardwareOath",
    "MobilePhone",
    "OfficePhone",
    "Passkey",
    "PhoneRegistration",
    "Registration",
    "RegistrationBase",
    "SecurityQuestions",
    "SoftwareOath",
    "TemporaryAccessPass",
    "WindowsHello",
    "phone_number",
]


_EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+")
_EXTENSION = re.compile(r"[0-9]{1,10}")


def _to_actor(value: object) -> Any:
    return v.enum_value(Actor, value)


def _to_method(value: object) -> Any:
    return v.enum_value(Method, value)


def _masked(number: object) -> str:
    return repr(mask_phone(number)) if isinstance(number, str) else repr(number)


def _masked_label(label: object) -> str:
    return repr(mask_label(label)) if isinstance(label, str) else repr(label)


def _masked_email(address: object) -> str:
    return repr(mask_email(address)) if isinstance(address, str) else repr(address)


def _email(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or len(value) > 254 or not _EMAIL.fullmatch(value):
        raise v.invalid(attribute.name, value, f"{describe(value)} is not an email address")


def _extension(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not _EXTENSION.fullmatch(value)):
        raise v.invalid(attribute.name, value, f"{describe(value)} is not 1–10 ASCII digits")


@attrs.frozen(kw_only=True)
class RegistrationBase:
    """Fields and behaviour every registration has. Each concrete class names its ``kind``."""

    kind: ClassVar[Kind]
    secret: ClassVar[tuple[str, ...]] = ()
    """The fields that *are* the credential (a number, an address, a token, a certificate, a
    pass): an ``update`` that changes one replaces the credential, so the transition records it
    with a new ``registered_at``; any other update (a label, a setting) keeps the old one."""

    id: str = attrs.field(validator=f.text(max_length=128))
    registered_at: datetime = attrs.field(converter=v.to_utc, validator=f.time())
    registered_by: Actor = attrs.field(
        default=Actor.USER, converter=_to_actor, validator=f.choice(Actor)
    )

    @property
    def methods(self) -> tuple[Method, ...]:
        """The methods this registration provides, in rank order."""
        return self.kind.methods

    @classmethod
    def provided_with(cls, method: Method) -> tuple[Method, ...]:
        """The methods that *every* registration of this kind providing *method* provides
        (an Authenticator app with push always has the code; a mobile phone always has SMS and
        voice). By default a method comes alone."""
        return (method,)

    @property
    def label(self) -> str | None:
        """The user-chosen name shown for the registration (a device name, a token serial), or
        ``None``. Never trusted: events escape it."""
        return None

    @property
    def name_in_events(self) -> str:
        """How an audit reason names the registration: its kind's label (the kind table's),
        unless the kind names itself otherwise. Events escape it."""
        return self.kind.facts.label

    def details(self) -> dict[str, str]:
        """The kind's own entries of an audit event's details: masked numbers and addresses,
        escaped labels. The common entries (kind, id, methods) are added by the event."""
        label = self.label
        return {} if label is None else {"label": mask_label(label)}


@attrs.frozen(kw_only=True)
class PhoneRegistration(RegistrationBase):
    """A phone: its number (E.164) is its independence key ([counting](docs/rules.md#counting))
    and must not repeat across the user's phones."""

    secret: ClassVar[tuple[str, ...]] = ("number",)
    number: str = attrs.field(validator=f.phone(), repr=_masked)

    def details(self) -> dict[str, str]:
        """The masked number."""
        return {"number": mask_phone(self.number)}


@attrs.frozen(kw_only=True)
class AuthenticatorApp(RegistrationBase):
    """Microsoft Authenticator: ``push`` when notifications are on, and ``authenticator_code``.

    >>> from datetime import datetime, UTC
    >>> app = AuthenticatorApp(id="r1", registered_at=datetime(2026, 1, 5, tzinfo=UTC),
    ...                        device_name="Pixel 9", notifications=False)
    >>> app.methods == (Method.AUTHENTICATOR_CODE,)
    True
    """

    kind: ClassVar[Kind] = Kind.AUTHENTICATOR_APP
    device_name: str = attrs.field(validator=f.label(), repr=_masked_label)
    notifications: bool = attrs.field(validator=f.flag())

    @property
    def methods(self) -> tuple[Method, ...]:
        """``push`` (with notifications) and ``authenticator_code``."""
        if self.notifications:
            return (Method.PUSH, Method.AUTHENTICATOR_CODE)
        return (Method.AUTHENTICATOR_CODE,)

    @classmethod
    def provided_with(cls, method: Method) -> tuple[Method, ...]:
        """An app with push also has the code; one with the code may lack push."""
        return (Method.PUSH, Method.AUTHENTICATOR_CODE) if method is Method.PUSH else (method,)

    @property
    def label(self) -> str:
        """The device name."""
        return self.device_name


@attrs.frozen(kw_only=True)
class SoftwareOath(RegistrationBase):
    """A third-party TOTP app; provides ``software_oath``."""

    kind: ClassVar[Kind] = Kind.SOFTWARE_OATH
    name: str = attrs.field(validator=f.label(), repr=_masked_label)

    @property
    def label(self) -> str:
        """The app's name."""
        return self.name


@attrs.frozen(kw_only=True)
class HardwareOath(RegistrationBase):
    """A hardware OATH token (admin-only kind); provides ``hardware_oath``."""

    kind: ClassVar[Kind] = Kind.HARDWARE_OATH
    secret: ClassVar[tuple[str, ...]] = ("serial",)
    serial: str = attrs.field(validator=f.label(), repr=_masked_label)

    @property
    def label(self) -> str:
        """The token's serial."""
        return self.serial


@attrs.frozen(kw_only=True)
class MobilePhone(PhoneRegistration):
    """The primary mobile phone; provides ``sms`` and ``voice_mobile``.

    ``verified_with`` is the channel the number was confirmed with; the completion rule of the
    default method follows it ([R11](docs/rules.md#r11)).
    """

    kind: ClassVar[Kind] = Kind.MOBILE_PHONE
    verified_with: Method = attrs.field(
        default=Method.SMS,
        converter=_to_method,
        validator=f.choice(Method, Method.SMS, Method.VOICE_MOBILE),
    )

    @classmethod
    def provided_with(cls, method: Method) -> tuple[Method, ...]:
        """Every mobile phone provides both ``sms`` and ``voice_mobile``."""
        return cls.kind.methods


@attrs.frozen(kw_only=True)
class AlternatePhone(PhoneRegistration):
    """An alternate mobile phone (voice only, MFA only); provides ``voice_alternate``."""

    kind: ClassVar[Kind] = Kind.ALTERNATE_PHONE


@attrs.frozen(kw_only=True)
class OfficePhone(PhoneRegistration):
    """An office phone (voice only), optionally with an extension; provides ``voice_office``."""

    kind: ClassVar[Kind] = Kind.OFFICE_PHONE
    secret: ClassVar[tuple[str, ...]] = ("number", "extension")
    extension: str | None = attrs.field(
        default=None, validator=f.digits(_extension, max_length=10, optional=True)
    )


@attrs.frozen(kw_only=True)
class Email(RegistrationBase):
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
    address: str = attrs.field(
        validator=f.email(_email, pattern=_EMAIL.pattern), repr=_masked_email
    )

    def details(self) -> dict[str, str]:
        """The masked address."""
        return {"address": mask_email(self.address)}


@attrs.frozen(kw_only=True)
class SecurityQuestions(RegistrationBase):
    """Answered security questions (SSPR only); provides ``security_questions``."""

    kind: ClassVar[Kind] = Kind.SECURITY_QUESTIONS
    secret: ClassVar[tuple[str, ...]] = ("answered",)
    answered: int = attrs.field(validator=f.integer(1, 20))


@attrs.frozen(kw_only=True)
class Passkey(RegistrationBase):
    """A passkey (FIDO2); provides ``passkey``.

    ``aaguid`` is the authenticator's model id (a GUID, stored in lower case), ``None`` when
    unknown; the policy's key restrictions decide by it whether the passkey is usable
    ([R19](docs/rules.md#r19)).

    >>> from datetime import datetime, UTC
    >>> Passkey(id="k1", registered_at=datetime(2026, 1, 5, tzinfo=UTC), name="YubiKey",
    ...         aaguid="CB69481E-8FF7-4039-93EC-0A2729A154A8").aaguid
    'cb69481e-8ff7-4039-93ec-0a2729a154a8'
    """

    kind: ClassVar[Kind] = Kind.PASSKEY
    secret: ClassVar[tuple[str, ...]] = ("aaguid",)
    name: str = attrs.field(validator=f.label(), repr=_masked_label)
    aaguid: str | None = attrs.field(
        default=None, converter=v.to_lower, validator=f.guid(optional=True)
    )

    @property
    def label(self) -> str:
        """The passkey's name."""
        return self.name


@attrs.frozen(kw_only=True)
class WindowsHello(RegistrationBase):
    """Windows Hello for Business; provides ``windows_hello``."""

    kind: ClassVar[Kind] = Kind.WINDOWS_HELLO
    device_name: str = attrs.field(validator=f.label(), repr=_masked_label)

    @property
    def label(self) -> str:
        """The device name."""
        return self.device_name


@attrs.frozen(kw_only=True)
class ExternalAuthentication(RegistrationBase):
    """An external authentication method (EAM, "External MFA"): a second factor run by an
    external provider; provides ``external_authentication`` ([R17](docs/rules.md#r17)).

    ``provider`` is the provider's id in the tenant's policy (usable only while listed);
    ``display_name`` is how Entra names it to the user, and how events name it (escaped).

    >>> from datetime import datetime, UTC
    >>> eam = ExternalAuthentication(id="x1", registered_at=datetime(2026, 1, 5, tzinfo=UTC),
    ...                              provider="0b1c2d3e-contoso-mfa", display_name="Contoso MFA")
    >>> eam.methods, eam.label
    ((<Method.EXTERNAL_AUTHENTICATION: 'external_authentication'>,), 'Contoso MFA')
    """

    kind: ClassVar[Kind] = Kind.EXTERNAL_AUTHENTICATION
    secret: ClassVar[tuple[str, ...]] = ("provider",)
    provider: str = attrs.field(validator=f.name())
    display_name: str = attrs.field(validator=f.label(), repr=_masked_label)

    @property
    def label(self) -> str:
        """The provider's display name."""
        return self.display_name

    @property
    def name_in_events(self) -> str:
        """The display name: events name an external method by it
        ([R17](docs/rules.md#r17))."""
        return self.display_name

    def details(self) -> dict[str, str]:
        """The escaped display name and provider id."""
        return {"label": mask_label(self.display_name), "provider": escape_label(self.provider)}


@attrs.frozen(kw_only=True)
class Certificate(RegistrationBase):
    """A certificate for certificate-based authentication (admin-only kind)."""

    kind: ClassVar[Kind] = Kind.CERTIFICATE
    secret: ClassVar[tuple[str, ...]] = ("subject",)
    subject: str = attrs.field(validator=f.label(), repr=_masked_label)

    @property
    def label(self) -> str:
        """The certificate's subject."""
        return self.subject


def _tap_window(inst: TemporaryAccessPass, _attribute: object, value: datetime) -> None:
    v.require_aware("expires_at", value)
    if not inst.starts_at < value:
        raise InvalidArgument("expires_at", "must be after starts_at")


@attrs.frozen(kw_only=True)
class TemporaryAccessPass(RegistrationBase):
    """An admin-issued Temporary Access Pass, active while ``starts_at ≤ now < expires_at``
    and not ``used`` ([R1](docs/rules.md#r1)). It never counts toward ``methods_required``.
    """

    kind: ClassVar[Kind] = Kind.TEMPORARY_ACCESS_PASS
    secret: ClassVar[tuple[str, ...]] = ("starts_at", "expires_at", "one_time")
    starts_at: datetime = attrs.field(converter=v.to_utc, validator=f.time())
    expires_at: datetime = attrs.field(converter=v.to_utc, validator=f.time(check=_tap_window))
    one_time: bool = attrs.field(default=False, validator=f.flag())
    used: bool = attrs.field(default=False, validator=f.flag())

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
    | ExternalAuthentication
    | Certificate
    | TemporaryAccessPass
)
"""Any registration (for type checkers; at run time every registration is a
:class:`RegistrationBase`)."""


def _registration_types() -> dict[Kind, type[Registration]]:
    """Every class of the :data:`Registration` union by kind, in the order of the kind table;
    an import-time error names a kind with no class (or two), or a phone kind whose class is
    not a :class:`PhoneRegistration` (or the reverse)."""
    by_kind: dict[Kind, type[Registration]] = {}
    for cls in typing.get_args(Registration):
        if cls.kind in by_kind:
            raise RuntimeError(f"two registration classes for {cls.kind!r}")
        by_kind[cls.kind] = cls
    for row in KIND_TABLE:
        if row.kind not in by_kind:
            raise RuntimeError(f"no registration class for {row.kind!r} in Registration")
        if row.phone != issubclass(by_kind[row.kind], PhoneRegistration):
            raise RuntimeError(f"{row.kind!r}: the kind table's phone and its class disagree")
    return {row.kind: by_kind[row.kind] for row in KIND_TABLE}


REGISTRATION_TYPES: dict[Kind, type[Registration]] = _registration_types()
"""The registration class of each kind, collected from the classes."""

REGISTRATION_CLASSES: tuple[type[Registration], ...] = tuple(REGISTRATION_TYPES.values())
"""Every registration class (for ``isinstance`` checks)."""


def phone_number(registration: Registration) -> str | None:
    """The E.164 number of a phone registration, ``None`` for every other kind.

    >>> from datetime import datetime, UTC
    >>> phone_number(AlternatePhone(id="a", registered_at=datetime(2026, 1, 1, tzinfo=UTC),
    ...                             number="+16502530000"))
    '+16502530000'
    """
    return registration.number if isinstance(registration, PhoneRegistration) else None
