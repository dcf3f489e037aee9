"""Authentication methods, purposes, actions, actors and registration kinds.

Every enum is a :class:`enum.StrEnum` whose members are UPPER_CASE and whose values are the
lower-case wire strings, so ``Method.SMS == Method("sms") == "sms"``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from ._mask import describe
from .errors import InvalidArgument

__all__ = [
    "MFA_METHODS",
    "SSPR_METHODS",
    "TELEPHONY_METHODS",
    "Action",
    "Actor",
    "Kind",
    "Method",
    "Purpose",
    "by_rank",
]


class Purpose(enum.StrEnum):
    """What a method is used for: a second factor (``mfa``) or password reset (``sspr``)."""

    MFA = "mfa"
    SSPR = "sspr"


class Action(enum.StrEnum):
    """An action on the manage ("Security info") page."""

    VIEW = "view"
    ADD = "add"
    UPDATE = "update"
    DELETE = "delete"
    SET_DEFAULT = "set_default"
    REVIEW = "review"


class Actor(enum.StrEnum):
    """Who performs a change: the user, an administrator, or secinfo itself (``system``)."""

    USER = "user"
    ADMIN = "admin"
    SYSTEM = "system"


class Method(enum.StrEnum):
    """A way a user proves who they are, in rank order (most secure first).

    >>> Method.SMS == Method("sms") == "sms"
    True
    >>> Method.PASSKEY.rank < Method.SMS.rank
    True
    >>> Method.EMAIL.capable(Purpose.MFA)
    False
    """

    TEMPORARY_ACCESS_PASS = "temporary_access_pass"
    PASSKEY = "passkey"
    WINDOWS_HELLO = "windows_hello"
    PUSH = "push"
    AUTHENTICATOR_CODE = "authenticator_code"
    SOFTWARE_OATH = "software_oath"
    HARDWARE_OATH = "hardware_oath"
    SMS = "sms"
    VOICE_MOBILE = "voice_mobile"
    VOICE_ALTERNATE = "voice_alternate"
    VOICE_OFFICE = "voice_office"
    CERTIFICATE = "certificate"
    EMAIL = "email"
    SECURITY_QUESTIONS = "security_questions"

    @property
    def rank(self) -> int:
        """Position in the strength order, 1 = most secure."""
        return _RANK[self]

    def capable(self, purpose: Purpose) -> bool:
        """Whether the method can ever serve *purpose* (the capability table of DESIGN.md §2);
        *purpose* may be a :class:`Purpose` or its wire string."""
        if purpose == Purpose.MFA:
            return self in MFA_METHODS
        if purpose == Purpose.SSPR:
            return self in SSPR_METHODS
        raise InvalidArgument("purpose", f"{describe(purpose)} is not a Purpose (mfa or sspr)")

    @property
    def kind(self) -> Kind:
        """The registration kind that provides this method."""
        return _PROVIDER[self]


class Kind(enum.StrEnum):
    """A kind of registration (the ``kind`` key of a user document)."""

    TEMPORARY_ACCESS_PASS = "temporary_access_pass"
    PASSKEY = "passkey"
    WINDOWS_HELLO = "windows_hello"
    AUTHENTICATOR_APP = "authenticator_app"
    SOFTWARE_OATH = "software_oath"
    HARDWARE_OATH = "hardware_oath"
    MOBILE_PHONE = "mobile_phone"
    ALTERNATE_PHONE = "alternate_phone"
    OFFICE_PHONE = "office_phone"
    CERTIFICATE = "certificate"
    EMAIL = "email"
    SECURITY_QUESTIONS = "security_questions"

    @property
    def methods(self) -> tuple[Method, ...]:
        """Every method a registration of this kind can provide, in rank order."""
        return _KIND_METHODS[self]

    @property
    def rank(self) -> int:
        """The rank of the kind's best method (orders kinds like methods)."""
        return _KIND_METHODS[self][0].rank


_ORDER = tuple(Method)
_VALUES = frozenset(method.value for method in Method)
_RANK = {method: index + 1 for index, method in enumerate(_ORDER)}

MFA_METHODS: frozenset[Method] = frozenset(Method) - {Method.EMAIL, Method.SECURITY_QUESTIONS}
"""Methods that can serve as a second factor."""

TELEPHONY_METHODS: frozenset[Method] = frozenset(
    {Method.SMS, Method.VOICE_MOBILE, Method.VOICE_ALTERNATE, Method.VOICE_OFFICE}
)
"""Text and voice methods (NIST SP 800-63B "restricted" authenticators)."""

SSPR_METHODS: frozenset[Method] = frozenset(
    {
        Method.PUSH,
        Method.AUTHENTICATOR_CODE,
        Method.SOFTWARE_OATH,
        Method.HARDWARE_OATH,
        Method.SMS,
        Method.VOICE_MOBILE,
        Method.VOICE_OFFICE,
        Method.EMAIL,
        Method.SECURITY_QUESTIONS,
    }
)
"""Methods that can serve for self-service password reset."""

_PROVIDER = {
    Method.TEMPORARY_ACCESS_PASS: Kind.TEMPORARY_ACCESS_PASS,
    Method.PASSKEY: Kind.PASSKEY,
    Method.WINDOWS_HELLO: Kind.WINDOWS_HELLO,
    Method.PUSH: Kind.AUTHENTICATOR_APP,
    Method.AUTHENTICATOR_CODE: Kind.AUTHENTICATOR_APP,
    Method.SOFTWARE_OATH: Kind.SOFTWARE_OATH,
    Method.HARDWARE_OATH: Kind.HARDWARE_OATH,
    Method.SMS: Kind.MOBILE_PHONE,
    Method.VOICE_MOBILE: Kind.MOBILE_PHONE,
    Method.VOICE_ALTERNATE: Kind.ALTERNATE_PHONE,
    Method.VOICE_OFFICE: Kind.OFFICE_PHONE,
    Method.CERTIFICATE: Kind.CERTIFICATE,
    Method.EMAIL: Kind.EMAIL,
    Method.SECURITY_QUESTIONS: Kind.SECURITY_QUESTIONS,
}

_KIND_METHODS: dict[Kind, tuple[Method, ...]] = {
    kind: tuple(m for m in _ORDER if _PROVIDER[m] is kind) for kind in Kind
}


def by_rank(methods: Iterable[Method]) -> tuple[Method, ...]:
    """Return *methods* without duplicates, most secure first.

    >>> by_rank([Method.SMS, Method.PUSH, Method.SMS])
    (<Method.PUSH: 'push'>, <Method.SMS: 'sms'>)
    """
    if isinstance(methods, str) or not isinstance(methods, Iterable):
        raise InvalidArgument("methods", "expected a collection of methods")
    found: set[Method] = set()
    for method in methods:
        if not isinstance(method, Method):
            if not isinstance(method, str) or method not in _VALUES:
                raise InvalidArgument("methods", f"{describe(method)} is not a Method")
            method = Method(method)
        found.add(method)
    return tuple(sorted(found, key=_RANK.__getitem__))
