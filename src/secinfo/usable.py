"""The one predicate ([the one predicate](docs/rules.md#one-predicate)): which methods count for a
user, and the counts.

Every other part of secinfo — requirements, step-up, the default, the campaign, reports —
asks :func:`registration_usable` (directly or through the functions below) and nothing else.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from . import _args
from .methods import MFA_BESIDE, Kind, Method, Purpose, PurposeName, by_rank
from .policy import Memo, TenantPolicy
from .registrations import (
    REGISTRATION_TYPES,
    ExternalAuthentication,
    MobilePhone,
    Passkey,
    Registration,
    RegistrationBase,
    TemporaryAccessPass,
    phone_number,
)
from .user import UserState

if TYPE_CHECKING:
    from .results import DefaultChoice

__all__ = [
    "counting_key",
    "mfa_count",
    "registration_usable",
    "sspr_count",
    "usable_methods",
    "usable_registrations",
]


def _active(policy: TenantPolicy, registration: Registration, now: datetime) -> bool:
    """Whether the registration itself may be used at *now* under the method's own settings:
    a TAP inside its window, not used, and one-time while the policy demands it
    ([R1](docs/rules.md#r1), [R20](docs/rules.md#r20)); a passkey whose AAGUID the key
    restrictions permit ([R19](docs/rules.md#r19)); an external method whose provider the
    policy lists ([R17](docs/rules.md#r17))."""
    if isinstance(registration, TemporaryAccessPass):
        setting = policy.settings_of(Method.TEMPORARY_ACCESS_PASS)
        permitted = registration.one_time or not setting.one_time_only
        return permitted and registration.active_at(now)
    if isinstance(registration, Passkey):
        restrictions = policy.settings_of(Method.PASSKEY).key_restrictions
        return restrictions is None or restrictions.permits(registration.aaguid)
    if isinstance(registration, ExternalAuthentication):
        return registration.provider in policy.settings_of(Method.EXTERNAL_AUTHENTICATION).providers
    return True


# The classes _active looks at: every other registration is active whenever it is held.
_CONDITIONAL = (TemporaryAccessPass, Passkey, ExternalAuthentication)
_CAPABLE: dict[Purpose, frozenset[Method]] = {
    Purpose.MFA: frozenset(m for m in Method if m.capable(Purpose.MFA)),
    Purpose.SSPR: frozenset(m for m in Method if m.capable(Purpose.SSPR)),
}
_NONE: frozenset[Method] = frozenset()
_BESIDE: frozenset[Method] = frozenset(MFA_BESIDE)
# Members bound once: reading a member off its enum class costs a lookup through the class on
# every access (Python 3.11), which the per-registration loop below would pay many times.
_TAP_KIND = Kind.TEMPORARY_ACCESS_PASS
_MOBILE_KIND = Kind.MOBILE_PHONE
# The kinds whose answer depends on more than the methods a registration provides: the
# conditional ones (_active) and those with a method that needs another beside it (R16).
_LOOKS_FURTHER: frozenset[Kind] = frozenset(
    {registration.kind for registration in _CONDITIONAL}
    | {kind for kind in Kind if not _BESIDE.isdisjoint(kind.methods)}
)
# Kept per targeting: the predicate's answers for a registration whose answer depends only on
# the methods it provides, keyed by those methods, or by its class when the class's methods are
# fixed by its kind (_FIXED: read without calling ``methods``).
_SHAPES: Memo[
    Targeting, dict[tuple[Method, ...] | type, tuple[frozenset[Method], frozenset[Method]]]
] = Memo("predicate answers by methods")
_FIXED: dict[type, type] = {
    cls: cls
    for kind, cls in REGISTRATION_TYPES.items()
    if kind not in _LOOKS_FURTHER and cls.methods is RegistrationBase.methods
}
# The classes whose answer depends on the methods they provide and nothing else of their own
# (an Authenticator app: with or without push); their methods name their kind, since no two
# kinds share a method.
_BY_METHODS: frozenset[type] = frozenset(
    cls for kind, cls in REGISTRATION_TYPES.items() if kind not in _LOOKS_FURTHER
) - frozenset(_FIXED)
assert sum(len(kind.methods) for kind in Kind) == len({m for kind in Kind for m in kind.methods})
# The classes the predicate looks further at (a passkey's key restrictions, Windows Hello
# beside the user's passkeys) whose answer is all that the decisions kept with the answers read
# of them: asked per user, and their answers are part of the shape. A TAP (its window enters the
# prompt) and an external method (its provider enters the slots) are not.
_ASKED: frozenset[type] = frozenset(REGISTRATION_TYPES[kind] for kind in _LOOKS_FURTHER) - {
    TemporaryAccessPass,
    ExternalAuthentication,
}


class Targeting(NamedTuple):
    """What the policy's targets decide for a member of one group set (internal; kept per
    policy and group set): the methods the predicate starts from for each purpose (enabled for
    it, targeting the member, able to serve it), and whether each setting with targets applies.
    Kept per policy and membership pattern (:meth:`TenantPolicy.pattern`) in a bounded memo."""

    mfa: frozenset[Method]
    sspr: frozenset[Method]
    mfa_enforced: bool
    sspr_enabled: bool
    combined: bool
    system_preferred: bool
    campaign: bool
    strength: frozenset[Method] | None


_TARGETING: Memo[frozenset[str], Targeting] = Memo("targeting")


def targeting(policy: TenantPolicy, groups: frozenset[str]) -> Targeting:
    """The :class:`Targeting` of *groups* under *policy* (kept per policy and membership
    pattern)."""
    # Keyed by the membership pattern (the groups the policy names), so that an entry is never
    # larger than the policy's own group lists, however many groups a user has.
    return _targeting(policy, policy.pattern(groups))


def _targeting(policy: TenantPolicy, groups: frozenset[str]) -> Targeting:
    """:func:`targeting` of a membership pattern (*groups* already reduced)."""
    entries = policy._compiled.memos.get(_TARGETING)
    if entries is not None:
        found: Targeting | None = entries.get(groups)
        if found is not None:
            return found

    def compute() -> Targeting:
        return Targeting(
            mfa=policy.enabled_methods(Purpose.MFA, groups) & _CAPABLE[Purpose.MFA],
            sspr=policy.enabled_methods(Purpose.SSPR, groups) & _CAPABLE[Purpose.SSPR],
            mfa_enforced=policy.mfa.applies_to(groups),
            sspr_enabled=policy.sspr.applies_to(groups),
            combined=policy.combined_registration.applies_to(groups),
            system_preferred=policy.system_preferred.applies_to(groups),
            campaign=policy.campaign.targets(groups),
            strength=policy.strength_for(groups),
        )

    return _TARGETING.get(policy, groups, compute)


def registration_usable(
    policy: TenantPolicy,
    user: UserState,
    registration: Registration,
    purpose: Purpose | PurposeName,
    *,
    now: datetime,
) -> frozenset[Method]:
    """The methods *registration* provides that are usable for *purpose* at *now*.

    A method is usable when the registration is active (a TAP inside its window and not used,
    and one-time while the policy demands it; a passkey its key restrictions permit; an
    external method whose provider is listed), the method can serve the purpose, is enabled
    for it, and targets the user (exclude wins). Windows Hello is usable for MFA only while a
    passkey of the user is ([R16](docs/rules.md#r16)).

    >>> from datetime import datetime, timedelta, UTC
    >>> from secinfo import MethodSetting, Purpose, TemporaryAccessPass, TenantPolicy, UserState
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> policy = TenantPolicy(methods=[MethodSetting(method="temporary_access_pass", mfa=True)])
    >>> tap = TemporaryAccessPass(id="t", registered_at=now, starts_at=now,
    ...                           expires_at=now + timedelta(hours=1), registered_by="admin")
    >>> user = UserState(user_id="u1", registrations=[tap])
    >>> sorted(registration_usable(policy, user, tap, Purpose.MFA, now=now))
    [<Method.TEMPORARY_ACCESS_PASS: 'temporary_access_pass'>]
    >>> registration_usable(policy, user, tap, Purpose.MFA, now=now + timedelta(hours=1))
    frozenset()
    """
    policy, user, now, _ = _args.check_call(policy, user, now=now)
    registration = _args.registration(registration)
    return _usable(policy, user, registration, _args.purpose(purpose), now)


def _usable(
    policy: TenantPolicy,
    user: UserState,
    registration: Registration,
    purpose: Purpose,
    now: datetime,
) -> frozenset[Method]:
    """:func:`registration_usable` for checked arguments."""
    found = targeting(policy, user.groups)
    mfa, sspr = found.mfa, found.sspr
    return _decide(
        policy, user, registration, purpose, now, mfa if purpose is Purpose.MFA else sspr
    )


def _decide(
    policy: TenantPolicy,
    user: UserState,
    registration: Registration,
    purpose: Purpose,
    now: datetime,
    offered: frozenset[Method],
) -> frozenset[Method]:
    """The one predicate for one purpose: *offered* are the methods enabled for *purpose* for
    the user's groups that can serve it (:func:`targeting`)."""
    if purpose is Purpose.MFA:
        return _decide_both(policy, user, registration, now, offered, _NONE)[0]
    return _decide_both(policy, user, registration, now, _NONE, offered)[1]


def _decide_both(
    policy: TenantPolicy,
    user: UserState,
    registration: Registration,
    now: datetime,
    mfa_offered: frozenset[Method],
    sspr_offered: frozenset[Method],
) -> tuple[frozenset[Method], frozenset[Method]]:
    """The one predicate, for MFA and SSPR at once: *mfa_offered* and *sspr_offered* are the
    methods enabled for each purpose for the user's groups that can serve it
    (:func:`targeting`)."""
    if isinstance(registration, _CONDITIONAL) and not _active(policy, registration, now):
        return _NONE, _NONE
    methods = registration.methods
    mfa = mfa_offered.intersection(methods)
    if mfa and not mfa.isdisjoint(_BESIDE):
        mfa = frozenset(m for m in mfa if _beside(policy, user, m, now, mfa_offered))
    return mfa, sspr_offered.intersection(methods)


def _beside(
    policy: TenantPolicy, user: UserState, method: Method, now: datetime, mfa: frozenset[Method]
) -> bool:
    """[R16](docs/rules.md#r16): a method the capability table marks ``mfa_beside`` (Windows
    Hello) is usable for MFA only while the user holds a registration whose ``mfa_beside``
    method (a passkey) is usable for MFA. The table guarantees that method needs no other, so
    this looks one step deep and never recurses further."""
    needed = MFA_BESIDE.get(method)
    if needed is None:
        return True
    return any(
        needed in registration.methods
        and needed in _decide(policy, user, registration, Purpose.MFA, now, mfa)
        for registration in user.registrations
    )


class Kept:
    """What the one predicate's answers fix for every user of one targeting whose registrations
    have one shape (internal; kept per policy in a bounded memo, see :class:`View`).

    A registration's shape is its class when the class fixes its answer (``_FIXED``), else the
    methods it provides (an Authenticator app), else its class and the predicate's answers for
    it, asked per user (a passkey, Windows Hello). Everything here is read off the predicate's
    answers for the first user of that shape: the answers per registration, the usable sets in
    set and rank order, the SSPR kinds, which registrations count for MFA (the non-phones count
    one each, ids being unique per user; the phones by number, which is the user's own), which
    give an SSPR method (the latest date is the user's own) and which is the first mobile phone
    giving an MFA method (its channel is the user's own). ``decided`` is a bounded table the
    evaluation keeps its decisions in (``secinfo.evaluation``); identity-hashed, so a key that
    holds a ``Kept`` is cheap to look up.
    """

    __slots__ = (
        "counted",
        "decided",
        "mfa",
        "mobile",
        "phones",
        "ranked_mfa",
        "ranked_sspr",
        "sspr",
        "sspr_at",
        "sspr_kinds",
        "usable_mfa",
        "usable_sspr",
    )

    def __init__(self, answers: View) -> None:
        registrations = answers.user.registrations
        self.mfa, self.sspr = answers.mfa, answers.sspr
        self.usable_mfa, self.usable_sspr = answers.usable_mfa, answers.usable_sspr
        self.ranked_mfa = by_rank(answers.usable_mfa)
        self.ranked_sspr = by_rank(answers.usable_sspr)
        self.sspr_kinds = answers.sspr_kinds
        counting = [
            i
            for i, (registration, mfa) in enumerate(zip(registrations, self.mfa, strict=True))
            if mfa and registration.kind is not _TAP_KIND
        ]
        self.phones = tuple(i for i in counting if phone_number(registrations[i]) is not None)
        self.counted = len(counting) - len(self.phones)
        self.sspr_at = tuple(i for i, sspr in enumerate(self.sspr) if sspr)
        self.mobile = next((i for i in counting if registrations[i].kind is _MOBILE_KIND), -1)
        self.decided: dict[Any, Any] = {}


_KEPT: Memo[tuple[Targeting, tuple[object, ...]], Kept] = Memo("predicate answers by shapes")
_SEEN: Memo[tuple[Targeting, tuple[object, ...]], bool] = Memo("shapes seen once")


class View:
    """The one predicate's answers for one user at one time, computed once and shared by every
    decision of one call (internal: the evaluators build it from checked arguments).

    ``mfa[i]`` and ``sspr[i]`` are :func:`registration_usable` of ``user.registrations[i]``. One
    pass over the registrations asks the predicate for both purposes and gathers what the
    decisions read besides: the usable sets, the MFA counting keys and the SSPR kinds (the
    counts), whether a TAP is held, and the first mobile phone that provides a
    usable MFA method (the completion rule's phone).

    A user who holds no TAP and no external method has what the decisions read of the answers
    fixed by the targeting and the shapes of the registrations (a registration's class, or the
    methods an Authenticator app provides, or, for a passkey and Windows Hello, the class and the
    predicate's answers, asked per user): that is kept per policy (:class:`Kept`, computed by the
    pass above for the second user of the shapes: the first one only marks them seen) and
    ``kept`` is set; only the counting keys of phones, the latest SSPR date and the mobile
    phone's channel are read from the user. Otherwise ``kept`` is ``None``.
    """

    __slots__ = (
        "default",
        "has_tap",
        "kept",
        "mfa",
        "mfa_count",
        "now",
        "pattern",
        "phone",
        "policy",
        "sspr",
        "sspr_kinds",
        "sspr_latest",
        "targeting",
        "usable_mfa",
        "usable_sspr",
        "user",
    )

    policy: TenantPolicy
    user: UserState
    now: datetime
    default: DefaultChoice | None
    """The default method, once :func:`secinfo.default.choose_default` has chosen it."""
    pattern: frozenset[str]
    targeting: Targeting
    kept: Kept | None
    """What the user's answers share with other users', or ``None`` (see above)."""
    mfa: tuple[frozenset[Method], ...]
    sspr: tuple[frozenset[Method], ...]
    usable_mfa: frozenset[Method]
    """Every method usable for MFA."""
    usable_sspr: frozenset[Method]
    """Every method usable for SSPR."""
    mfa_count: int
    """:func:`mfa_count`."""
    sspr_kinds: frozenset[Kind]
    """:func:`sspr_kinds`."""
    has_tap: bool
    """Whether the user holds a Temporary Access Pass (usable or not)."""
    sspr_latest: datetime | None
    """The latest ``registered_at`` of a registration usable for SSPR, or ``None``."""
    phone: tuple[Method, frozenset[Method]] | None
    """The first mobile phone providing a usable MFA method: the channel it was verified with
    and the methods it provides for MFA; ``None`` when there is none."""

    def __init__(self, policy: TenantPolicy, user: UserState, now: datetime) -> None:
        self.policy, self.user, self.now = policy, user, now
        self.default: DefaultChoice | None = None  # secinfo.default keeps its answer here
        # The user's groups are checked already: reduce them to the pattern directly.
        compiled = policy._compiled
        memos = compiled.memos
        self.pattern = pattern = user.groups & compiled.groups  # policy.named_groups
        # _targeting and _SHAPES.find, without their calls on a hit.
        targetings = memos.get(_TARGETING)
        found = None if targetings is None else targetings.get(pattern)
        if found is None:
            found = _targeting(policy, pattern)
        self.targeting = found
        registrations = user.registrations
        shapes: list[object] = []
        for registration in registrations:
            cls = type(registration)
            fixed = _FIXED.get(cls)
            if fixed is not None:
                shapes.append(fixed)
            elif cls in _BY_METHODS:
                shapes.append(registration.methods)
            elif cls in _ASKED:
                shapes.append(
                    (cls, *_decide_both(policy, user, registration, now, found.mfa, found.sspr))
                )
            else:
                break  # the predicate looks further: no kept answers
        else:
            key = (found, tuple(shapes))
            entries = memos.get(_KEPT)  # _KEPT.find, without its call
            kept = None if entries is None else entries.get(key)
            if kept is None:
                self._answer(found)
                # An entry is kept from the second user of its key on: a shape held by one
                # user alone (common in a first pass over a tenant) costs no entry.
                seen = memos.get(_SEEN)
                if seen is not None and key in seen:
                    self.kept = _KEPT.put(policy, key, Kept(self))
                else:
                    _SEEN.put(policy, key, True)
                    self.kept = None
                return
            self.kept = kept
            self.mfa, self.sspr = kept.mfa, kept.sspr
            self.usable_mfa, self.usable_sspr = kept.usable_mfa, kept.usable_sspr
            self.sspr_kinds = kept.sspr_kinds
            self.has_tap = False
            phones = kept.phones
            if len(phones) < 2:
                self.mfa_count = kept.counted + len(phones)
            else:
                self.mfa_count = kept.counted + len({_key(registrations[i]) for i in phones})
            latest: datetime | None = None
            for i in kept.sspr_at:
                at = registrations[i].registered_at
                if latest is None or at > latest:
                    latest = at
            self.sspr_latest = latest
            mobile = kept.mobile
            if mobile < 0:
                self.phone = None
            else:
                phone = registrations[mobile]
                assert isinstance(phone, MobilePhone)
                self.phone = (phone.verified_with, kept.mfa[mobile])
            return
        self.kept = None
        self._answer(found)

    def _answer(self, found: Targeting) -> None:
        """The pass over the registrations: ask the predicate for both purposes (through the
        answers kept per targeting and shape where the predicate looks no further) and gather
        the usable sets, the counts, the TAP, the latest SSPR date and the phone."""
        policy, user, now = self.policy, self.user, self.now
        mfa_ok, sspr_ok = found.mfa, found.sspr
        mfa_answers: list[frozenset[Method]] = []
        sspr_answers: list[frozenset[Method]] = []
        usable_mfa: set[Method] = set()
        usable_sspr: set[Method] = set()
        keys: set[str] = set()
        kinds: set[Kind] = set()
        phone: tuple[Method, frozenset[Method]] | None = None
        has_tap = False
        latest: datetime | None = None
        # The predicate's answers for registrations whose answer depends only on the methods
        # they provide (not a TAP, passkey or external method, which _active looks at, and not
        # Windows Hello, which looks at the user's passkeys), kept per targeting.
        kept = policy._compiled.memos.get(_SHAPES)
        shapes = None if kept is None else kept.get(found)
        if shapes is None:
            shapes = _SHAPES.put(policy, found, {})
        for registration in user.registrations:
            kind = registration.kind
            if kind in _LOOKS_FURTHER:
                mfa, sspr = _decide_both(policy, user, registration, now, mfa_ok, sspr_ok)
            else:
                shape = _FIXED.get(type(registration)) or registration.methods
                found_both = shapes.get(shape)
                if found_both is None:
                    found_both = shapes[shape] = _decide_both(
                        policy, user, registration, now, mfa_ok, sspr_ok
                    )
                mfa, sspr = found_both
            mfa_answers.append(mfa)
            sspr_answers.append(sspr)
            if kind is _TAP_KIND:
                has_tap = True
                usable_mfa.update(mfa)
            elif mfa:
                usable_mfa.update(mfa)
                keys.add(_key(registration))
                if phone is None and kind is _MOBILE_KIND:
                    assert isinstance(registration, MobilePhone)
                    phone = (registration.verified_with, mfa)
            if sspr:
                usable_sspr.update(sspr)
                kinds.add(kind)
                if latest is None or registration.registered_at > latest:
                    latest = registration.registered_at
        self.mfa = tuple(mfa_answers)
        self.sspr = tuple(sspr_answers)
        self.usable_mfa = frozenset(usable_mfa)
        self.usable_sspr = frozenset(usable_sspr)
        self.mfa_count = len(keys)
        self.sspr_kinds = frozenset(kinds)
        self.has_tap = has_tap
        self.sspr_latest = latest
        self.phone = phone

    def usable(self, purpose: Purpose) -> frozenset[Method]:
        """Every method usable for *purpose*."""
        return self.usable_mfa if purpose is Purpose.MFA else self.usable_sspr

    def registrations(self, purpose: Purpose) -> tuple[Registration, ...]:
        """The registrations that provide a usable method for *purpose*."""
        answers = self.mfa if purpose is Purpose.MFA else self.sspr
        return tuple(r for r, found in zip(self.user.registrations, answers, strict=True) if found)


def view(policy: object, user: object, *, now: object) -> View:
    """A :class:`View` from unchecked arguments (the public functions' entry)."""
    checked_policy, checked_user, checked_now, _ = _args.check_call(policy, user, now=now)
    return View(checked_policy, checked_user, checked_now)


def usable_methods(
    policy: TenantPolicy, user: UserState, purpose: Purpose | PurposeName, *, now: datetime
) -> frozenset[Method]:
    """Every method the user could use for *purpose* at *now*.

    It does not look at SSPR enablement: for ``sspr`` it answers "could this method be used for
    reset".

    >>> from datetime import datetime, UTC
    >>> from secinfo import (AuthenticatorApp, Method, MethodSetting, Purpose, TenantPolicy,
    ...                      UserState)
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> policy = TenantPolicy(methods=[MethodSetting(method=Method.PUSH, mfa=True)])
    >>> user = UserState(user_id="u1", registrations=[AuthenticatorApp(
    ...     id="r1", registered_at=now, device_name="Pixel", notifications=True)])
    >>> sorted(usable_methods(policy, user, Purpose.MFA, now=now))
    [<Method.PUSH: 'push'>]
    """
    return view(policy, user, now=now).usable(_args.purpose(purpose))


def usable_registrations(
    policy: TenantPolicy, user: UserState, purpose: Purpose | PurposeName, *, now: datetime
) -> tuple[Registration, ...]:
    """The registrations that provide at least one usable method for *purpose*.

    >>> from datetime import datetime, UTC
    >>> from secinfo import Email, MethodSetting, Purpose, TenantPolicy, UserState
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> user = UserState(user_id="u1", registrations=[
    ...     Email(id="e", registered_at=now, address="u1@example.com")])
    >>> [r.id for r in usable_registrations(
    ...     TenantPolicy(methods=[MethodSetting(method="email", sspr=True)]),
    ...     user, Purpose.SSPR, now=now)]
    ['e']
    """
    return view(policy, user, now=now).registrations(_args.purpose(purpose))


def counting_key(registration: Registration) -> str:
    """The independence key ([counting](docs/rules.md#counting)): the number for phones, the id
    otherwise.

    >>> from datetime import datetime, UTC
    >>> from secinfo import MobilePhone
    >>> counting_key(MobilePhone(id="m", registered_at=datetime(2026, 1, 1, tzinfo=UTC),
    ...                          number="+16502530000"))
    'phone:+16502530000'
    """
    return _key(_args.registration(registration))


def _key(registration: Registration) -> str:
    """:func:`counting_key` of a checked registration."""
    number = phone_number(registration)
    return "id:" + registration.id if number is None else "phone:" + number


def mfa_count(policy: TenantPolicy, user: UserState, *, now: datetime) -> int:
    """The number of independent registrations that provide a usable MFA method (no TAP).

    Phones count by number (a mobile and an alternate phone with one number count once), every
    other kind by registration.

    >>> from datetime import datetime, UTC
    >>> from secinfo import (AlternatePhone, MethodSetting, MobilePhone, TenantPolicy,
    ...                      UserState)
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> policy = TenantPolicy(methods=[MethodSetting(method="sms", mfa=True),
    ...                                MethodSetting(method="voice_alternate", mfa=True)])
    >>> user = UserState(user_id="u1", registrations=[
    ...     MobilePhone(id="m", registered_at=now, number="+16502530000"),
    ...     AlternatePhone(id="a", registered_at=now, number="+16502530000")])
    >>> mfa_count(policy, user, now=now)
    1
    """
    return view(policy, user, now=now).mfa_count


def sspr_count(policy: TenantPolicy, user: UserState, *, now: datetime) -> int:
    """The number of distinct kinds that provide a usable SSPR method (two Authenticator apps
    are one SSPR method).

    >>> from datetime import datetime, UTC
    >>> from secinfo import AuthenticatorApp, Email, MethodSetting, TenantPolicy, UserState
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> policy = TenantPolicy(methods=[MethodSetting(method="push", sspr=True),
    ...                                MethodSetting(method="email", sspr=True)])
    >>> apps = [AuthenticatorApp(id=i, registered_at=now, device_name=i, notifications=True)
    ...         for i in ("a1", "a2")]
    >>> user = UserState(user_id="u1", registrations=[
    ...     *apps, Email(id="e", registered_at=now, address="u1@example.com")])
    >>> sspr_count(policy, user, now=now)
    2
    """
    return len(view(policy, user, now=now).sspr_kinds)


def sspr_kinds(policy: TenantPolicy, user: UserState, *, now: datetime) -> frozenset[Kind]:
    """The kinds that provide a usable SSPR method (what the SSPR count counts)."""
    return view(policy, user, now=now).sspr_kinds


def ranked_usable(
    policy: TenantPolicy, user: UserState, purpose: Purpose | PurposeName, *, now: datetime
) -> tuple[Method, ...]:
    """:func:`usable_methods` in rank order."""
    return by_rank(usable_methods(policy, user, purpose, now=now))
