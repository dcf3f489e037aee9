"""Benchmark of the sign-in path: run on demand, never as a test.

    python benchmarks/bench_evaluate.py [--users 2000] [--repeat 5]

Every figure is reported as a ratio against a baseline measured in the same run: the cost of
one ``usable_methods`` call (the one predicate) for the same users. Absolute times are printed
for information only.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs

from secinfo import (
    Action,
    Method,
    Purpose,
    Session,
    TenantPolicy,
    UserState,
    default_method,
    evaluate,
    load_policy,
    required_registrations,
    step_up,
    usable_methods,
)
from secinfo.testing import registration_for

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent
MIXES: tuple[tuple[Method, ...], ...] = (
    (),
    (Method.PUSH,),
    (Method.SMS,),
    (Method.PUSH, Method.SMS, Method.EMAIL),
    (Method.AUTHENTICATOR_CODE, Method.VOICE_MOBILE),
    (Method.PASSKEY, Method.SOFTWARE_OATH, Method.SECURITY_QUESTIONS),
    (Method.TEMPORARY_ACCESS_PASS,),
)


def population(size: int) -> list[UserState]:
    users = []
    for index in range(size):
        mix = MIXES[index % len(MIXES)]
        registrations = [
            registration_for(method, id=f"r{index}-{n}", now=NOW - timedelta(days=index % 400))
            for n, method in enumerate(mix)
        ]
        users.append(
            UserState(
                user_id=f"u{index}",
                groups=["g-sales"] if index % 3 else [],
                registrations=registrations,
                preferred=Method.SMS if index % 5 == 0 and Method.SMS in mix else None,
            )
        )
    return users


def timed(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    policy = load_policy(json.loads((ROOT / "examples" / "policy.json").read_text()))
    users = population(args.users)
    session = Session(signed_in_at=NOW, mfa_at=NOW, mfa_method="push")

    def fresh_policy() -> TenantPolicy:
        return attrs.evolve(policy)  # a new object: per-policy caches start empty

    cases: dict[str, Callable[[], object]] = {
        "usable_methods (baseline)": lambda: [
            usable_methods(policy, u, Purpose.MFA, now=NOW) for u in users
        ],
        "default_method": lambda: [default_method(policy, u, now=NOW) for u in users],
        "step_up(view)": lambda: [
            step_up(policy, u, Action.VIEW, session=session, now=NOW) for u in users
        ],
        "required_registrations": lambda: [
            required_registrations(policy, u, now=NOW) for u in users
        ],
        "evaluate": lambda: [evaluate(policy, u, now=NOW) for u in users],
        "evaluate, new policy object per user": lambda: [
            evaluate(fresh_policy(), u, now=NOW) for u in users
        ],
    }
    baseline = timed(cases["usable_methods (baseline)"], args.repeat)
    per_user = baseline * 1e6 / args.users
    print(f"{args.users} users, best of {args.repeat}; baseline {per_user:.1f} µs/user")
    print(f"{'case':40} {'µs/user':>10} {'× baseline':>11}")
    for name, run in cases.items():
        seconds = timed(run, args.repeat)
        print(f"{name:40} {seconds * 1e6 / args.users:10.1f} {seconds / baseline:11.2f}")


if __name__ == "__main__":
    main()
