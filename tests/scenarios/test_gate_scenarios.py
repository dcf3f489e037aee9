"""Entra conformance: reference/entra-rules.md §3 (manage mode, step-up) and §4 (default method,
system-preferred MFA) as scenario tables. Each row cites the section it checks; where secinfo
deliberately differs from the seed the row says so."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from secinfo import (
    Action,
    Bootstrap,
    DefaultSource,
    GateOutcome,
    Method,
    Session,
    SsprSettings,
    SystemPreferred,
    TenantPolicy,
    UserState,
    default_method,
)
from secinfo.stepup import step_up

from .._gate import (
    ALL_METHODS,
    NOW,
    app,
    email,
    mfa_session,
    mobile,
    passkey,
    password_session,
    policy,
    settings,
    software,
    tap,
    tap_session,
    user,
)

EVERYTHING = policy(*ALL_METHODS)
SYSPREF = attrs.evolve(EVERYTHING, system_preferred=SystemPreferred(enabled=True))
TAP_BOOTSTRAP = attrs.evolve(EVERYTHING, bootstrap=Bootstrap.TEMPORARY_ACCESS_PASS)
NO_PHONE_CALL = TenantPolicy(
    methods=settings([Method.SMS, Method.PUSH, Method.EMAIL]),
    sspr=SsprSettings(enabled_for=frozenset({"all"}), methods_required=2),
)
NO_PHONE = TenantPolicy(
    methods=settings([Method.PUSH, Method.EMAIL]),
    sspr=SsprSettings(enabled_for=frozenset({"all"}), methods_required=2),
)

A = GateOutcome.ALLOW
S = GateOutcome.STEP_UP
D = GateOutcome.DENY


@attrs.frozen
class GateRow:
    section: str
    name: str
    policy: TenantPolicy
    user: UserState
    session: Session | None
    action: Action
    target: object
    outcome: GateOutcome
    methods: tuple[Method, ...] = ()
    code: str | None = None  # the last reason's code, when the row pins it


MIN = timedelta(minutes=1)
SEC = timedelta(seconds=1)

GATE_ROWS = [
    GateRow(
        "§3.1",
        "a user with an MFA method must perform MFA before viewing",
        EVERYTHING,
        user(app()),
        password_session(),
        Action.VIEW,
        None,
        S,
        (Method.PUSH, Method.AUTHENTICATOR_CODE),
        "mfa_not_fresh",
    ),
    GateRow(
        "§3.1",
        "the step-up lists the default first, then by rank",
        EVERYTHING,
        user(passkey(), app(), mobile(), preferred=Method.SMS),
        None,
        Action.VIEW,
        None,
        S,
        (Method.SMS, Method.PASSKEY, Method.PUSH, Method.AUTHENTICATOR_CODE, Method.VOICE_MOBILE),
    ),
    GateRow(
        "§3.1",
        "a session that already completed MFA needs no new MFA",
        EVERYTHING,
        user(app()),
        mfa_session(10 * MIN),
        Action.UPDATE,
        app(notifications=False),
        A,
        code="mfa_fresh",
    ),
    GateRow(
        "§3.1",
        "the 15-minute session: exactly 15 minutes old is fresh",
        EVERYTHING,
        user(app()),
        mfa_session(15 * MIN),
        Action.VIEW,
        None,
        A,
    ),
    GateRow(
        "§3.1",
        "the 15-minute session: one second more is not",
        EVERYTHING,
        user(app()),
        mfa_session(15 * MIN + SEC),
        Action.VIEW,
        None,
        S,
        (Method.PUSH, Method.AUTHENTICATOR_CODE),
    ),
    GateRow(
        "§3.1",
        "an MFA time in the future is never fresh",
        EVERYTHING,
        user(app()),
        mfa_session(-SEC),
        Action.VIEW,
        None,
        S,
        (Method.PUSH, Method.AUTHENTICATOR_CODE),
    ),
    GateRow(
        "§3.1",
        "adding a passkey: MFA exactly 5 minutes old is enough",
        EVERYTHING,
        user(app()),
        mfa_session(5 * MIN),
        Action.ADD,
        passkey(),
        A,
    ),
    GateRow(
        "§3.1",
        "adding a passkey: MFA 5 minutes and 1 second old is not",
        EVERYTHING,
        user(app()),
        mfa_session(5 * MIN + SEC),
        Action.ADD,
        passkey(),
        S,
        (Method.PUSH, Method.AUTHENTICATOR_CODE),
    ),
    GateRow(
        "§3.1",
        "adding anything else within the 15-minute session needs no new MFA",
        EVERYTHING,
        user(app()),
        mfa_session(10 * MIN),
        Action.ADD,
        software(),
        A,
    ),
    GateRow(
        "§3.1",
        "a user with no MFA method gets in without MFA (fresh password sign-in)",
        EVERYTHING,
        user(email()),
        password_session(),
        Action.VIEW,
        None,
        A,
        code="bootstrap_password",
    ),
    GateRow(
        "§3.1",
        "a user with no MFA method may add their first one",
        EVERYTHING,
        UserState(user_id="u1"),
        password_session(5 * MIN),
        Action.ADD,
        app(),
        A,
        code="bootstrap_password",
    ),
    GateRow(
        "§3.1",
        "no MFA method and a stale sign-in: sign in again",
        EVERYTHING,
        UserState(user_id="u1"),
        password_session(2 * timedelta(hours=1)),
        Action.VIEW,
        None,
        D,
        code="bootstrap_sign_in_stale",
    ),
    GateRow(
        "§3.2",
        "a TAP satisfies the MFA requirement",
        EVERYTHING,
        user(app(), tap()),
        tap_session(5 * MIN),
        Action.ADD,
        passkey(),
        A,
    ),
    GateRow(
        "§3.3",
        "TAP bootstrap: a new user signs in with a TAP and registers",
        TAP_BOOTSTRAP,
        user(tap()),
        tap_session(),
        Action.ADD,
        app(),
        A,
    ),
    GateRow(
        "§3.3",
        "TAP bootstrap: a one-time TAP used by this very sign-in still counts as evidence",
        TAP_BOOTSTRAP,
        user(tap(used=True, one_time=True)),
        tap_session(2 * MIN),
        Action.ADD,
        app(),
        A,
        code="bootstrap_tap",
    ),
    GateRow(
        "§3.3",
        "TAP bootstrap without a TAP sign-in: an administrator must issue one",
        TAP_BOOTSTRAP,
        UserState(user_id="u1"),
        password_session(),
        Action.ADD,
        app(),
        D,
        code="bootstrap_tap_required",
    ),
    GateRow(
        "§3.3",
        "a TAP is issued by an administrator, never added by the user",
        EVERYTHING,
        user(app()),
        mfa_session(),
        Action.ADD,
        tap("tap9"),
        D,
        code="admin_only_kind",
    ),
    GateRow(
        "§3.4",
        "known issue (loop): the disabled default is skipped, the usable channel offered",
        NO_PHONE_CALL,
        user(mobile(verified_with=Method.VOICE_MOBILE), preferred=Method.VOICE_MOBILE),
        password_session(),
        Action.VIEW,
        None,
        S,
        (Method.SMS,),
    ),
    GateRow(
        "§3.4",
        "known issue (loop): with no usable MFA method the page opens by bootstrap",
        NO_PHONE,
        user(mobile(verified_with=Method.VOICE_MOBILE), preferred=Method.VOICE_MOBILE),
        password_session(),
        Action.ADD,
        app(),
        A,
        code="bootstrap_password",
    ),
]


def _row_id(row: GateRow | DefaultRow) -> str:
    """The test id of a row, in ASCII ("s3.1", not "§3.1": see tests/conftest.py)."""
    return f"{row.section} {row.name}".replace("§", "s")


@pytest.mark.parametrize("row", GATE_ROWS, ids=_row_id)
def test_gate_scenario(row: GateRow) -> None:
    gate = step_up(
        row.policy, row.user, row.action, session=row.session, now=NOW, target=row.target
    )
    assert gate.outcome is row.outcome, gate.reasons
    assert gate.methods == row.methods
    if row.code is not None:
        assert gate.reasons[-1].code == row.code
    assert (gate.outcome is D) == (gate.remedy is not None)


@attrs.frozen
class DefaultRow:
    section: str
    name: str
    policy: TenantPolicy
    user: UserState
    method: Method | None
    source: DefaultSource


DEFAULT_ROWS = [
    DefaultRow(
        "§4.1",
        "an authenticator app registered: the default is the app (push)",
        EVERYTHING,
        user(mobile(), app()),
        Method.PUSH,
        DefaultSource.COMPLETION,
    ),
    DefaultRow(
        "§4.1",
        "a code-only app: the default is the app code",
        EVERYTHING,
        user(mobile(), app(notifications=False)),
        Method.AUTHENTICATOR_CODE,
        DefaultSource.COMPLETION,
    ),
    DefaultRow(
        "§4.1/§6",
        "only a phone verified by call: phone call",
        EVERYTHING,
        user(mobile(verified_with=Method.VOICE_MOBILE)),
        Method.VOICE_MOBILE,
        DefaultSource.COMPLETION,
    ),
    DefaultRow(
        "§4.2/§6",
        "known issue fixed: a phone registered by text message defaults to text message",
        EVERYTHING,
        user(mobile(verified_with=Method.SMS)),
        Method.SMS,
        DefaultSource.COMPLETION,
    ),
    DefaultRow(
        "§4.1",
        "the user changed the default",
        EVERYTHING,
        user(mobile(), app(), preferred=Method.VOICE_MOBILE),
        Method.VOICE_MOBILE,
        DefaultSource.USER,
    ),
    DefaultRow(
        "§4.2",
        "the phone that was the default is deleted: another available method",
        EVERYTHING,
        user(app(), preferred=Method.SMS),
        Method.PUSH,
        DefaultSource.FALLBACK,
    ),
    DefaultRow(
        "§3.4",
        "the admin disabled the default (phone call): the usable channel",
        NO_PHONE_CALL,
        user(mobile(verified_with=Method.VOICE_MOBILE), preferred=Method.VOICE_MOBILE),
        Method.SMS,
        DefaultSource.FALLBACK,
    ),
    DefaultRow(
        "§3.4",
        "nothing usable: no default",
        NO_PHONE,
        user(mobile(), preferred=Method.SMS),
        None,
        DefaultSource.FALLBACK,
    ),
    DefaultRow(
        "§4.3",
        "system-preferred overrides the user default with the most secure method",
        SYSPREF,
        user(mobile(), passkey(), app(), preferred=Method.SMS),
        Method.PASSKEY,
        DefaultSource.SYSTEM_PREFERRED,
    ),
    DefaultRow(
        "§4.3",
        "system-preferred ranks a TAP first",
        SYSPREF,
        user(passkey(), tap()),
        Method.TEMPORARY_ACCESS_PASS,
        DefaultSource.SYSTEM_PREFERRED,
    ),
    DefaultRow(
        "§4.3",
        "system-preferred: push before TOTP before telephony",
        SYSPREF,
        user(mobile(), software(), app(), preferred=Method.SMS),
        Method.PUSH,
        DefaultSource.SYSTEM_PREFERRED,
    ),
    DefaultRow(
        "§4.3",
        "system-preferred: exclude wins over include",
        attrs.evolve(
            EVERYTHING,
            system_preferred=SystemPreferred(enabled=True, exclude=frozenset({"g-nps"})),
        ),
        user(mobile(), passkey(), preferred=Method.SMS, groups={"g-nps"}),
        Method.SMS,
        DefaultSource.USER,
    ),
    DefaultRow(
        "§4.3",
        "system-preferred: a user outside the include group keeps their default",
        attrs.evolve(
            EVERYTHING,
            system_preferred=SystemPreferred(enabled=True, include=frozenset({"g-pilot"})),
        ),
        user(mobile(), passkey(), preferred=Method.SMS),
        Method.SMS,
        DefaultSource.USER,
    ),
    DefaultRow(
        "§4.3",
        "system-preferred disabled: the user's default",
        EVERYTHING,
        user(mobile(), passkey(), preferred=Method.SMS),
        Method.SMS,
        DefaultSource.USER,
    ),
]


@pytest.mark.parametrize("row", DEFAULT_ROWS, ids=_row_id)
def test_default_scenario(row: DefaultRow) -> None:
    choice = default_method(row.policy, row.user, now=NOW)
    assert (choice.method, choice.source) == (row.method, row.source)
    assert choice.reasons
