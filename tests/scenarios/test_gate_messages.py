"""The gate's explanations word for word ([R10](../../docs/rules.md#r10) (2) and (3), R18, R21,
R23): the reason of every bootstrap outcome, of a registration-strength denial and of evidence
given by a Temporary Access Pass."""

from __future__ import annotations

from datetime import timedelta

import pytest

from secinfo import Action, Bootstrap, Gate, Method, step_up

from .._gate import NOW, app, mfa_session, password_session, tap, tap_session, user
from .test_entra_2026 import gate_tenant, passkey, strength_tenant


def reasons(gate: Gate) -> list[tuple[str, str]]:
    return [(r.code, r.message) for r in gate.reasons]


@pytest.mark.parametrize(
    ("bootstrap", "session", "target", "expected"),
    [
        (
            Bootstrap.ADMINISTRATOR,
            password_session(),
            None,
            (
                "bootstrap_administrator",
                "No usable MFA method: only an administrator may register the first method.",
            ),
        ),
        (
            Bootstrap.TEMPORARY_ACCESS_PASS,
            password_session(),
            None,
            (
                "bootstrap_tap_required",
                "No usable MFA method: the policy requires a Temporary Access Pass sign-in.",
            ),
        ),
        (
            Bootstrap.PASSWORD,
            password_session(),
            passkey(),
            (
                "passwordless_needs_mfa",
                "No usable MFA method: a passkey or Windows Hello is never added or updated on "
                "a password alone.",
            ),
        ),
        (
            Bootstrap.PASSWORD,
            password_session(timedelta(minutes=2)),
            None,
            ("bootstrap_password", "No usable MFA method: a fresh password sign-in is enough."),
        ),
        (
            Bootstrap.PASSWORD,
            password_session(timedelta(hours=1)),
            None,
            ("bootstrap_sign_in_stale", "No usable MFA method and no fresh sign-in."),
        ),
    ],
    ids=["administrator", "tap-required", "passwordless", "fresh-password", "stale"],
)
def test_every_bootstrap_outcome_explains_itself(
    bootstrap: Bootstrap, session: object, target: object, expected: tuple[str, str]
) -> None:
    p = gate_tenant(bootstrap=bootstrap)
    action = Action.VIEW if target is None else Action.ADD
    gate = step_up(p, user(), action, session=session, now=NOW, target=target)  # type: ignore[arg-type]
    assert reasons(gate) == [expected]


def test_a_strength_denial_names_the_strength_s_methods() -> None:
    gate = step_up(strength_tenant(), user(app()), Action.VIEW, session=mfa_session(), now=NOW)
    assert reasons(gate) == [
        (
            "no_method_of_required_strength",
            "Registering security info requires MFA with one of temporary_access_pass, passkey, "
            "windows_hello, certificate; the user has no usable one and the session has no such "
            "evidence.",
        )
    ]


def test_mfa_done_with_a_pass_is_explained_as_the_pass_s_evidence() -> None:
    p, u = gate_tenant(), user(app(), tap(one_time=True, used=True))
    with_pass = mfa_session(timedelta(minutes=2), method=Method.TEMPORARY_ACCESS_PASS)
    assert reasons(step_up(p, u, Action.VIEW, session=with_pass, now=NOW)) == [
        (
            "mfa_fresh",
            "The session used a Temporary Access Pass in the last 15 minutes, which serves as MFA.",
        )
    ]
    # A sign-in with the pass reads the same; MFA with the app names the MFA window.
    assert reasons(step_up(p, u, Action.VIEW, session=tap_session(), now=NOW))[0][1].startswith(
        "The session used a Temporary Access Pass"
    )
    assert reasons(step_up(p, u, Action.VIEW, session=mfa_session(), now=NOW)) == [
        ("mfa_fresh", "The session has MFA from the last 15 minutes.")
    ]
