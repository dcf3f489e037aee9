"""Benchmark of ``check_policy`` on policies with many independently targeted groups: run on
demand, never as a test.

    python benchmarks/bench_checks.py [--groups 8,14,16,50,200] [--repeat 3]

Each policy names N groups, and every group appears in its own combination of the policy's
target lists (method include/exclude lists, MFA, SSPR, combined registration, system-preferred
MFA, the campaign), so no two groups are interchangeable. Each run uses a new policy object, so
the per-policy memo starts empty. Times are wall-clock seconds, best of ``--repeat``.
"""

from __future__ import annotations

import argparse
import random
import time

from secinfo import (
    CampaignSettings,
    CombinedRegistration,
    MethodSetting,
    MfaSettings,
    SsprSettings,
    SystemPreferred,
    TenantPolicy,
    check_policy,
)

METHODS: tuple[tuple[str, bool, bool], ...] = (
    ("temporary_access_pass", True, False),
    ("passkey", True, False),
    ("push", True, True),
    ("authenticator_code", True, True),
    ("software_oath", True, True),
    ("sms", True, True),
    ("voice_mobile", True, True),
    ("email", False, True),
    ("security_questions", False, True),
)
SECTIONS = ("mfa", "sspr", "combined", "system_preferred", "campaign")


def independent_groups(count: int, *, seed: int = 11) -> TenantPolicy:
    """A policy naming *count* groups, each in a different combination of target lists."""
    rng = random.Random(seed)
    names = [f"{where}.{side}" for where, _, _ in METHODS for side in ("include", "exclude")]
    names += [f"{where}.{side}" for where in SECTIONS for side in ("include", "exclude")]
    members: dict[str, set[str]] = {name: set() for name in names}
    seen: set[frozenset[str]] = set()
    for index in range(count):
        while True:
            signature = frozenset(rng.sample(names, rng.randint(1, 3)))
            if signature not in seen:
                break
        seen.add(signature)
        for name in signature:
            members[name].add(f"g{index:03d}")

    def include(where: str) -> list[str]:
        return ["all"] if rng.random() < 0.5 else sorted(members[f"{where}.include"])

    def exclude(where: str) -> list[str]:
        return sorted(members[f"{where}.exclude"])

    return TenantPolicy(
        methods=[
            MethodSetting(method=m, mfa=mfa, sspr=sspr, include=include(m), exclude=exclude(m))
            for m, mfa, sspr in METHODS
        ],
        mfa=MfaSettings(enforced_for=include("mfa"), exclude=exclude("mfa")),
        sspr=SsprSettings(enabled_for=include("sspr"), exclude=exclude("sspr"), methods_required=2),
        combined_registration=CombinedRegistration(
            enabled_for=include("combined"), exclude=exclude("combined")
        ),
        system_preferred=SystemPreferred(
            enabled=True, include=include("system_preferred"), exclude=exclude("system_preferred")
        ),
        campaign=CampaignSettings(
            state="enabled", include=include("campaign"), exclude=exclude("campaign")
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", default="8,14,16,50,200")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'groups':>6} {'seconds':>9}  problems")
    for count in (int(n) for n in args.groups.split(",")):
        best = float("inf")
        problems: tuple[str, ...] = ()
        for _ in range(args.repeat):
            policy = independent_groups(count)  # a new object: the memo starts empty
            start = time.perf_counter()
            found = check_policy(policy)
            best = min(best, time.perf_counter() - start)
            problems = tuple(p.code for p in found)
        print(f"{count:6d} {best:9.3f}  {', '.join(problems) or '-'}")


if __name__ == "__main__":
    main()
