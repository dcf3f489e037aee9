"""Authentication methods, purposes, actions, actors and registration kinds, and the capability
table: one row per method (:data:`METHOD_TABLE`) and one per kind (:data:`KIND_TABLE`) holding
every fact secinfo knows about them. Every other set or mapping of methods or kinds is derived from
the table; a member without a row is an import-time error.

Every enum is a :class:`enum.StrEnum` whose members are UPPER_CASE and whose values are the
lower-case wire strings, so ``Method.SMS == Method("sms") == "sms"``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Literal, TypeAlias, TypeVar

import attrs

from ._mask import describe
from .errors import InvalidArgument, InvalidArgumentType

__all__ = [
    "ADMIN_ONLY_KINDS",
    "DEFAULT_CANDIDATES",
    "INTERRUPT_KINDS",
    "KIND_TABLE",
    "LIMITED_KINDS",
    "METHOD_TABLE",
    "MFA_BESIDE",
    "MFA_METHODS",
    "PASSWORDLESS_KINDS",
    "PHONE_KINDS",
    "REREGISTER_KINDS",
    "SSPR_METHODS",
    "STORABLE_DEFAULT_METHODS",
    "TELEPHONY_METHODS",
    "Action",
    "ActionName",
    "Actor",
    "ActorName",
    "Kind",
    "KindFacts",
    "Method",
    "MethodFacts",
    "MethodName",
    "Purpose",
    "PurposeName",
    "by_rank",
]

E = TypeVar("E", bound=enum.Enum)
_Row = TypeVar("_Row")


class Purpose(enum.StrEnum):
    """What a method is used for: a second factor (``mfa``) or password reset (``sspr``)."""

    MFA = "mfa"
    SSPR = "sspr"


# Members bound once (Python 3.11 reads a member off its enum class through a lookup each time).
_MFA, _SSPR = Purpose.MFA, Purpose.SSPR

PurposeName: TypeAlias = Literal["mfa", "sspr"]
"""The wire strings of :class:`Purpose`, for type checkers: every public function that takes
a :class:`Purpose` also takes its string (``'mfa'``); a test keeps the two equal."""


class Action(enum.StrEnum):
    """An action on the manage ("Security info") page."""

    VIEW = "view"
    ADD = "add"
    UPDATE = "update"
    DELETE = "delete"
    SET_DEFAULT = "set_default"
    REVIEW = "review"


ActionName: TypeAlias = Literal["view", "add", "update", "delete", "set_default", "review"]
"""The wire strings of :class:`Action` (``step_up(..., 'add', ...)``)."""


class Actor(enum.StrEnum):
    """Who performs a change: the user, an administrator, or secinfo itself (``system``)."""

    USER = "user"
    ADMIN = "admin"
    SYSTEM = "system"


ActorName: TypeAlias = Literal["user", "admin", "system"]
"""The wire strings of :class:`Actor` (``actor='admin'``)."""


class Method(enum.StrEnum):
    """A way a user proves who they are. Its facts (rank, purposes, …) are its row in
    :data:`METHOD_TABLE`.

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
    EXTERNAL_AUTHENTICATION = "external_authentication"
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
    def facts(self) -> MethodFacts:
        """The method's row of :data:`METHOD_TABLE`."""
        return _METHOD_ROWS[self]

    @property
    def rank(self) -> int:
        """Position in the strength order, 1 = most secure (its row's place in the table)."""
        return _RANK[self]

    def capable(self, purpose: Purpose | PurposeName) -> bool:
        """Whether the method can ever serve *purpose* (its row's ``mfa``/``sspr``); *purpose*
        may be a :class:`Purpose` or its wire string."""
        if purpose == _MFA:
            return self in MFA_METHODS
        if purpose == _SSPR:
            return self in SSPR_METHODS
        error = InvalidArgument if isinstance(purpose, str) else InvalidArgumentType
        raise error("purpose", f"{describe(purpose)} is not a Purpose (mfa or sspr)")

    @property
    def kind(self) -> Kind:
        """The registration kind that provides this method."""
        return _PROVIDER[self]


MethodName: TypeAlias = Literal[
    "temporary_access_pass",
    "passkey",
    "windows_hello",
    "external_authentication",
    "push",
    "authenticator_code",
    "software_oath",
    "hardware_oath",
    "sms",
    "voice_mobile",
    "voice_alternate",
    "voice_office",
    "certificate",
    "email",
    "security_questions",
]
"""The wire strings of :class:`Method` (``set_default(..., 'sms', ...)``)."""


class Kind(enum.StrEnum):
    """A kind of registration (the ``kind`` key of a user document). Its facts are its row in
    :data:`KIND_TABLE`; its fields are those of its registration class
    (:data:`secinfo.registrations.REGISTRATION_TYPES`)."""

    TEMPORARY_ACCESS_PASS = "temporary_access_pass"
    PASSKEY = "passkey"
    WINDOWS_HELLO = "windows_hello"
    EXTERNAL_AUTHENTICATION = "external_authentication"
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
    def facts(self) -> KindFacts:
        """The kind's row of :data:`KIND_TABLE`."""
        return _KIND_ROWS[self]

    @property
    def methods(self) -> tuple[Method, ...]:
        """Every method a registration of this kind can provide, in rank order."""
        return _KIND_METHODS[self]

    @property
    def rank(self) -> int:
        """The rank of the kind's best method (orders kinds like methods)."""
        return _KIND_METHODS[self][0].rank


# --------------------------------------------------------------------------------------------
# The capability table: every fact about a method or a kind, stated once
# --------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class MethodFacts:
    """One row of :data:`METHOD_TABLE`.

    ``kind`` provides the method; ``mfa``/``sspr``: whether it can ever serve that purpose;
    ``telephony``: a text or voice method (NIST SP 800-63B "restricted"); ``storable_default``:
    whether a user may store it as ``preferred`` (Graph's
    ``userPreferredMethodForSecondaryAuthentication``); ``sign_in_label``: Entra's wording for it
    as a default method (telephony labels are followed by the masked number), ``None`` when
    Entra shows the method's name; ``mfa_beside``: the method is usable for MFA only while the
    user also holds this other method usable for MFA (Windows Hello beside a passkey,
    [R16](docs/rules.md#r16)); ``default_candidate``: system-preferred MFA and the completion
    rule may pick it as the default ([R11](docs/rules.md#r11); Windows Hello never,
    [R16](docs/rules.md#r16)).
    """

    method: Method
    kind: Kind
    mfa: bool
    sspr: bool
    telephony: bool = False
    storable_default: bool = False
    sign_in_label: str | None = None
    mfa_beside: Method | None = None
    default_candidate: bool = True


@attrs.frozen(kw_only=True)
class KindFacts:
    """One row of :data:`KIND_TABLE`.

    ``label``: the display name Entra's audit reasons use; ``admin_only``: only an administrator
    may add or update it (users may delete it, [R2](docs/rules.md#r2)); ``phone``: its
    independence key is its phone number (its class derives from
    :class:`secinfo.registrations.PhoneRegistration`); ``interrupt``: a user may register it in
    an interrupt ([R4](docs/rules.md#r4); the office phone
    is added per policy and user, [R12](docs/rules.md#r12)); ``default_limit``: the default of its
    :class:`secinfo.policy.Limits` entry, ``None`` when it has none (a user holds at most one);
    ``passwordless``: a passwordless credential, added or updated only with MFA evidence
    ([R18](docs/rules.md#r18)); ``reregister``: deleted by
    :func:`secinfo.require_reregistration` ([R22](docs/rules.md#r22)).
    ``limited``: whether an ``add`` is refused beyond the limit (a new Temporary Access Pass
    replaces the old one, [R1](docs/rules.md#r1); a user holds one external authentication
    method per provider instead, [R17](docs/rules.md#r17)). ``noun``: how a sentence names
    one ("adding a passkey"), when that is not the label (a product name keeps its capitals).
    """

    kind: Kind
    label: str
    admin_only: bool = False
    phone: bool = False
    interrupt: bool = False
    default_limit: int | None = None
    passwordless: bool = False
    reregister: bool = False
    limited: bool = True
    noun: str = ""

    @property
    def in_sentence(self) -> str:
        """How a sentence names one of this kind: ``noun``, or the label."""
        return self.noun or self.label


_CODE = "A code from my authenticator app or token"

METHOD_TABLE: tuple[MethodFacts, ...] = (
    # In rank order: a row's place is the method's rank (1 = most secure).
    MethodFacts(
        method=Method.TEMPORARY_ACCESS_PASS, kind=Kind.TEMPORARY_ACCESS_PASS, mfa=True, sspr=False
    ),
    MethodFacts(method=Method.PASSKEY, kind=Kind.PASSKEY, mfa=True, sspr=False),
    MethodFacts(
        method=Method.WINDOWS_HELLO,
        kind=Kind.WINDOWS_HELLO,
        mfa=True,
        sspr=False,
        mfa_beside=Method.PASSKEY,
        default_candidate=False,
    ),
    MethodFacts(
        method=Method.EXTERNAL_AUTHENTICATION,
        kind=Kind.EXTERNAL_AUTHENTICATION,
        mfa=True,
        sspr=False,
    ),
    MethodFacts(
        method=Method.PUSH,
        kind=Kind.AUTHENTICATOR_APP,
        mfa=True,
        sspr=True,
        storable_default=True,
        sign_in_label="Authenticator app notification",
    ),
    MethodFacts(
        method=Method.AUTHENTICATOR_CODE,
        kind=Kind.AUTHENTICATOR_APP,
        mfa=True,
        sspr=True,
        storable_default=True,
        sign_in_label=_CODE,
    ),
    MethodFacts(
        method=Method.SOFTWARE_OATH,
        kind=Kind.SOFTWARE_OATH,
        mfa=True,
        sspr=True,
        storable_default=True,
        sign_in_label=_CODE,
    ),
    MethodFacts(
        method=Method.HARDWARE_OATH,
        kind=Kind.HARDWARE_OATH,
        mfa=True,
        sspr=True,
        storable_default=True,
        sign_in_label=_CODE,
    ),
    MethodFacts(
        method=Method.SMS,
        kind=Kind.MOBILE_PHONE,
        mfa=True,
        sspr=True,
        telephony=True,
        storable_default=True,
        sign_in_label="Text a code to",
    ),
    MethodFacts(
        method=Method.VOICE_MOBILE,
        kind=Kind.MOBILE_PHONE,
        mfa=True,
        sspr=True,
        telephony=True,
        storable_default=True,
        sign_in_label="Call",
    ),
    MethodFacts(
        method=Method.VOICE_ALTERNATE,
        kind=Kind.ALTERNATE_PHONE,
        mfa=True,
        sspr=False,
        telephony=True,
        storable_default=True,
        sign_in_label="Call",
    ),
    MethodFacts(
        method=Method.VOICE_OFFICE,
        kind=Kind.OFFICE_PHONE,
        mfa=True,
        sspr=True,
        telephony=True,
        storable_default=True,
        sign_in_label="Call",
    ),
    MethodFacts(method=Method.CERTIFICATE, kind=Kind.CERTIFICATE, mfa=True, sspr=False),
    MethodFacts(method=Method.EMAIL, kind=Kind.EMAIL, mfa=False, sspr=True),
    MethodFacts(
        method=Method.SECURITY_QUESTIONS, kind=Kind.SECURITY_QUESTIONS, mfa=False, sspr=True
    ),
)
"""One row per :class:`Method`, in rank order. Every set and mapping about methods below (and
elsewhere in secinfo) is derived from it."""

KIND_TABLE: tuple[KindFacts, ...] = (
    KindFacts(
        kind=Kind.TEMPORARY_ACCESS_PASS,
        label="Temporary Access Pass",
        admin_only=True,
        limited=False,
    ),
    KindFacts(
        kind=Kind.PASSKEY,
        label="Passkey",
        noun="passkey",
        interrupt=True,
        default_limit=10,
        passwordless=True,
    ),
    KindFacts(
        kind=Kind.WINDOWS_HELLO,
        label="Windows Hello for Business",
        default_limit=10,
        passwordless=True,
    ),
    KindFacts(
        kind=Kind.EXTERNAL_AUTHENTICATION,
        label="External authentication method",
        interrupt=True,
        limited=False,
    ),
    KindFacts(
        kind=Kind.AUTHENTICATOR_APP,
        label="Authenticator app",
        interrupt=True,
        default_limit=5,
        reregister=True,
    ),
    KindFacts(
        kind=Kind.SOFTWARE_OATH,
        label="Authenticator app (third-party)",
        interrupt=True,
        default_limit=5,
        reregister=True,
    ),
    KindFacts(
        kind=Kind.HARDWARE_OATH,
        label="Hardware token",
        admin_only=True,
        default_limit=5,
        reregister=True,
    ),
    KindFacts(kind=Kind.MOBILE_PHONE, label="Phone", phone=True, interrupt=True, reregister=True),
    KindFacts(kind=Kind.ALTERNATE_PHONE, label="Alternate phone", phone=True, reregister=True),
    KindFacts(kind=Kind.OFFICE_PHONE, label="Office phone", phone=True),
    KindFacts(kind=Kind.CERTIFICATE, label="Certificate", admin_only=True),
    KindFacts(kind=Kind.EMAIL, label="Email", interrupt=True),
    KindFacts(kind=Kind.SECURITY_QUESTIONS, label="Security questions", interrupt=True),
)
"""One row per :class:`Kind`. Every set and mapping about kinds is derived from it."""


def _rows(table: Iterable[_Row], key: Callable[[_Row], E], members: Iterable[E]) -> dict[E, _Row]:
    """The table as a mapping; an import-time error names a member with no row or two."""
    rows: dict[E, _Row] = {}
    for row in table:
        if key(row) in rows:
            raise RuntimeError(f"the capability table has two rows for {key(row)!r}")
        rows[key(row)] = row
    missing = [member for member in members if member not in rows]
    if missing:
        raise RuntimeError(f"the capability table has no row for {missing!r}")
    return rows


_METHOD_ROWS: dict[Method, MethodFacts] = _rows(METHOD_TABLE, lambda r: r.method, Method)
_KIND_ROWS: dict[Kind, KindFacts] = _rows(KIND_TABLE, lambda r: r.kind, Kind)
_RANK = {row.method: index + 1 for index, row in enumerate(METHOD_TABLE)}
_VALUES = frozenset(method.value for method in Method)
_PROVIDER = {row.method: row.kind for row in METHOD_TABLE}
_KIND_METHODS: dict[Kind, tuple[Method, ...]] = {
    kind: tuple(row.method for row in METHOD_TABLE if row.kind is kind) for kind in Kind
}
for _kind, _provided in _KIND_METHODS.items():
    if not _provided:
        raise RuntimeError(f"no method of the capability table is provided by {_kind!r}")
for _row in METHOD_TABLE:
    _beside = _row.mfa_beside
    if _beside is not None and (
        not (_row.mfa and _beside.facts.mfa)
        or _beside.facts.mfa_beside is not None
        or not _beside.facts.default_candidate
        or _beside.kind is _row.kind
    ):
        # The one predicate looks one step deep: the method beside must stand on its own; and
        # it may be the default, so a user with a usable MFA method always has a default.
        raise RuntimeError(
            f"{_row.method!r}: mfa_beside must name an MFA method that needs none and may be "
            "the default"
        )

MFA_METHODS: frozenset[Method] = frozenset(row.method for row in METHOD_TABLE if row.mfa)
"""Methods that can serve as a second factor."""

SSPR_METHODS: frozenset[Method] = frozenset(row.method for row in METHOD_TABLE if row.sspr)
"""Methods that can serve for self-service password reset."""

TELEPHONY_METHODS: frozenset[Method] = frozenset(
    row.method for row in METHOD_TABLE if row.telephony
)
"""Text and voice methods (NIST SP 800-63B "restricted" authenticators)."""

STORABLE_DEFAULT_METHODS: frozenset[Method] = frozenset(
    row.method for row in METHOD_TABLE if row.storable_default
)
"""Methods a user may store as ``preferred`` (Graph's
``userPreferredMethodForSecondaryAuthentication``)."""

ADMIN_ONLY_KINDS: frozenset[Kind] = frozenset(row.kind for row in KIND_TABLE if row.admin_only)
"""Kinds only an administrator may add or update ([R2](docs/rules.md#r2)); users may delete them."""

PHONE_KINDS: frozenset[Kind] = frozenset(row.kind for row in KIND_TABLE if row.phone)
"""Kinds whose independence key is the phone number ([counting](docs/rules.md#counting))."""

INTERRUPT_KINDS: frozenset[Kind] = frozenset(row.kind for row in KIND_TABLE if row.interrupt)
"""Kinds a user may always register in an interrupt ([R4](docs/rules.md#r4)); the office phone is
added per policy and user ([R12](docs/rules.md#r12))."""

PASSWORDLESS_KINDS: frozenset[Kind] = frozenset(row.kind for row in KIND_TABLE if row.passwordless)
"""Passwordless credentials: added or updated only with MFA evidence ([R18](docs/rules.md#r18))."""

REREGISTER_KINDS: frozenset[Kind] = frozenset(row.kind for row in KIND_TABLE if row.reregister)
"""Kinds that "Require re-register MFA" deletes ([R22](docs/rules.md#r22))."""
MFA_BESIDE: dict[Method, Method] = {
    row.method: row.mfa_beside for row in METHOD_TABLE if row.mfa_beside is not None
}
"""Methods usable for MFA only beside another usable MFA method ([R16](docs/rules.md#r16))."""

DEFAULT_CANDIDATES: frozenset[Method] = frozenset(
    row.method for row in METHOD_TABLE if row.default_candidate
)
"""Methods system-preferred MFA and the completion rule may pick as the default
([R11](docs/rules.md#r11), [R16](docs/rules.md#r16))."""

LIMITED_KINDS: dict[Kind, int] = {
    row.kind: row.default_limit for row in KIND_TABLE if row.default_limit is not None
}
"""The kinds with a :class:`secinfo.policy.Limits` entry, and its default."""


def by_rank(methods: Iterable[Method]) -> tuple[Method, ...]:
    """Return *methods* without duplicates, most secure first.

    >>> by_rank([Method.SMS, Method.PUSH, Method.SMS])
    (<Method.PUSH: 'push'>, <Method.SMS: 'sms'>)
    """
    if isinstance(methods, frozenset):
        found = _RANKED.get(methods)
        if found is None:
            found = _ranked(methods)
            if len(_RANKED) < _RANKED_SIZE:
                _RANKED[methods] = found
        return found
    return _ranked(methods)


def _ranked(methods: object) -> tuple[Method, ...]:
    """*methods* checked (members or wire strings) and put in rank order."""
    if isinstance(methods, str) or not isinstance(methods, Iterable):
        raise InvalidArgumentType("methods", "expected a collection of methods")
    found: set[Method] = set()
    for method in methods:
        if not isinstance(method, Method):
            if not isinstance(method, str) or method not in _VALUES:
                error = InvalidArgument if isinstance(method, str) else InvalidArgumentType
                raise error("methods", f"{describe(method)} is not a Method")
            method = Method(method)
        found.add(method)
    return tuple(sorted(found, key=_RANK.__getitem__))


_RANKED: dict[frozenset[Method], tuple[Method, ...]] = {}
_RANKED_SIZE = 4096
"""Sets of methods already put in rank order (a pure function of the set; bounded)."""
