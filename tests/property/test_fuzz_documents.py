"""Fuzz: mutated documents for every loader (issue 11).

Only :class:`InvalidDocument` with a dotted ``path`` may escape a loader, and its message is
printable and leaks no phone number or e-mail address; whatever loads round-trips
(``load(dump(x)) == x``) and then goes through the evaluators, the policy check and the
transitions at an ordinary ``now`` and at the end of time without any exception that is not a
:class:`SecinfoError` (``evaluate`` and ``check_policy`` without any at all).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from secinfo import (
    Change,
    InvalidDocument,
    Method,
    Session,
    TenantPolicy,
    UserState,
    cancel,
    check_policy,
    dump_policy,
    dump_session,
    dump_user,
    evaluate,
    load_policy,
    load_session,
    load_user,
    register,
    review,
    snooze,
)
from secinfo._time import END_OF_TIME
from secinfo.testing import policies, registration_for, sessions, users

from ._fuzz import (
    NOW,
    assert_no_leak,
    assert_safe_event,
    assert_safe_text,
    dumps,
    mutated,
    personal,
    secrets_in,
)

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
EXAMPLE_POLICY = load_policy(json.loads((EXAMPLES / "policy.json").read_text()))
EXAMPLE_USER = load_user(json.loads((EXAMPLES / "users" / "u1.json").read_text()))
BUSY_POLICY = attrs.evolve(
    EXAMPLE_POLICY,
    mfa=attrs.evolve(EXAMPLE_POLICY.mfa, grace_days=14),
    sspr=attrs.evolve(EXAMPLE_POLICY.sspr, reconfirm_days=730),
    campaign=attrs.evolve(EXAMPLE_POLICY.campaign, state="enabled", snooze_days=14),
)
"""The example policy with every window that adds days to a stored time switched on."""

FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

Loader = Callable[[Any], Any]


def _load(load: Loader, dump: Loader, doc: Any) -> Any | None:
    """Load *doc*: the value, or ``None`` after checking the refusal."""
    refused: InvalidDocument | None = None
    try:
        value = load(doc)
    except InvalidDocument as error:
        refused = error
    if refused is not None:
        assert isinstance(refused.path, str)
        assert_safe_text(refused.path)
        assert_safe_text(str(refused))
        assert_no_leak(str(refused), secrets_in(doc))
        event(f"{load.__name__}: refused at {refused.path.split('.')[0] or '<document>'}")
        return None
    event(f"{load.__name__}: loaded")
    assert load(json.loads(json.dumps(dump(value)))) == value
    return value


def _exercise(policy: TenantPolicy, user: UserState, session: Session | None) -> None:
    """Evaluate, check and transition the loaded values; scan everything for leaks."""
    secrets = secrets_in(personal(dump_user(user)))
    check_policy(policy)
    # The same user without registrations reaches the interrupt paths (grace, bootstrap).
    for someone, now in itertools.product(
        (user, attrs.evolve(user, registrations=())), (NOW, END_OF_TIME)
    ):
        _exercise_at(policy, someone, session, now, secrets)


def _exercise_at(
    policy: TenantPolicy, user: UserState, session: Session | None, now: Any, secrets: set[str]
) -> None:
    result = evaluate(policy, user, now=now, session=session)
    assert_no_leak(dumps(result.to_dict()), secrets)
    assert_no_leak(repr(user), secrets)
    acting = session or Session(signed_in_at=now)
    for text in (user.user_id, *(r.id for r in user.registrations)):
        event(f"unsafe text loaded: {not text.isprintable()}")
    fresh = registration_for(Method.PASSKEY, id="fuzz-new", now=now)
    for change in _changes(policy, user, acting, now, fresh):
        for item in change.events:
            assert_safe_event(item)
            assert_no_leak(dumps(item.to_dict()), secrets)
        for reason in change.reasons:
            assert_no_leak(reason.message, secrets)


def _changes(
    policy: TenantPolicy, user: UserState, session: Session, now: Any, fresh: Any
) -> Iterator[Change]:
    calls: tuple[Callable[[], Change], ...] = (
        lambda: cancel(policy, user, session=session, now=now),
        lambda: snooze(policy, user, session=session, now=now),
        lambda: review(policy, user, session=session, now=now),
        lambda: register(policy, user, fresh, session=session, now=now),
    )
    for call in calls:
        yield call()  # valid values in, so no exception at all


@FUZZ
@given(mutated(st.one_of(users().map(dump_user), st.just(dump_user(EXAMPLE_USER)))))
def test_fuzz_user_documents(doc: Any) -> None:
    user = _load(load_user, dump_user, doc)
    if user is not None and user.find("fuzz-new") is None:
        _exercise(BUSY_POLICY, user, None)
        _exercise(BUSY_POLICY, user, Session(signed_in_at=NOW, mfa_at=NOW, mfa_method="push"))


@FUZZ
@given(mutated(st.one_of(policies().map(dump_policy), st.just(dump_policy(EXAMPLE_POLICY)))))
def test_fuzz_policy_documents(doc: Any) -> None:
    policy = _load(load_policy, dump_policy, doc)
    if policy is not None:
        _exercise(policy, EXAMPLE_USER, None)


@FUZZ
@given(mutated(sessions().map(dump_session)))
def test_fuzz_session_documents(doc: Any) -> None:
    session = _load(load_session, dump_session, doc)
    if session is not None:
        _exercise(EXAMPLE_POLICY, EXAMPLE_USER, session)


@FUZZ
@given(
    mutated(st.one_of(users().map(dump_user), policies().map(dump_policy))),
    st.sampled_from(
        [(load_policy, dump_policy), (load_user, dump_user), (load_session, dump_session)]
    ),
)
def test_fuzz_any_document_into_any_loader(doc: Any, pair: tuple[Loader, Loader]) -> None:
    _load(*pair, doc)


@FUZZ
@given(
    users().map(dump_user),
    st.sampled_from(["first_prompted_at", "last_snoozed_at", "last_reviewed_at"]),
)
def test_fuzz_times_in_late_9999_load_and_evaluate(doc: dict[str, Any], key: str) -> None:
    """The fault issue 11 found: such a user loads, then every evaluator overflowed."""
    if key == "last_snoozed_at":
        doc["campaign"]["last_snoozed_at"] = "9999-12-31T23:59:59Z"
    else:
        doc[key] = "9999-12-31T23:59:59Z"
    user = load_user(doc)
    _exercise(BUSY_POLICY, user, None)
    _exercise(BUSY_POLICY, user, Session(signed_in_at=NOW, mfa_at=NOW, mfa_method="push"))
