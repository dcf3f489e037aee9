"""Synthetic users for the example tenant (``examples/tenant/policy.json``): seeded, so the same
arguments always give the same documents.

    python examples/generate_users.py 100000 --seed 1 > users.jsonl

Each user document (``secinfo/user/1``) has one department group, sometimes role groups
(executives, IT admins, the passkey pilot, contractors, break-glass accounts), and 0–6
registrations of a realistic mix of kinds: mostly the Authenticator app and a mobile phone, then
email, passkeys, security questions (frontline), hardware tokens, software OATH apps, Windows
Hello, office phones, certificates (IT admins) and now and then a Temporary Access Pass (some
expired or used). Some users have a stored default, some a stale one; some snoozed the campaign,
some skipped the MFA prompt. Only the standard library is used, so benchmarks, tests and the docs
can all run it.

``generate_users(count, seed=…)`` yields the documents as dicts; ``--registrations K`` gives every
user exactly K registrations and ``--patterns P`` spreads users over P extra group ids (both for
the benchmarks' growth curves).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

REFERENCE = datetime(2026, 11, 25, 12, tzinfo=UTC)
"""Registrations, reviews and snoozes all lie before this time (the examples' ``--now``)."""

DEPARTMENTS = (
    ("g-sales", 22),
    ("g-engineering", 20),
    ("g-support", 15),
    ("g-finance", 8),
    ("g-frontline", 35),
)
ROLES = (
    ("g-executives", 0.01),
    ("g-it-admins", 0.01),
    ("g-passkey-pilot", 0.08),
    ("g-contractors", 0.07),
    ("g-break-glass", 0.0005),
)
# How many registrations a user holds: 0 … 6.
COUNT_WEIGHTS = (4, 24, 30, 20, 12, 7, 3)
# Kinds by weight; frontline workers favour phones, hardware tokens and security questions.
OFFICE_KINDS = (
    ("authenticator_app", 34),
    ("mobile_phone", 24),
    ("email", 14),
    ("passkey", 9),
    ("software_oath", 4),
    ("windows_hello", 4),
    ("alternate_phone", 3),
    ("office_phone", 3),
    ("security_questions", 2),
    ("hardware_oath", 1),
    ("temporary_access_pass", 1),
    ("certificate", 1),
)
FRONTLINE_KINDS = (
    ("mobile_phone", 45),
    ("security_questions", 20),
    ("hardware_oath", 14),
    ("email", 12),
    ("alternate_phone", 4),
    ("temporary_access_pass", 3),
    ("passkey", 2),
)
MULTIPLE = frozenset({"authenticator_app", "software_oath", "hardware_oath", "passkey"})
ADMIN_KINDS = frozenset({"hardware_oath", "certificate", "temporary_access_pass", "office_phone"})
PREFERABLE = {
    "authenticator_app": ("push", "authenticator_code"),
    "software_oath": ("software_oath",),
    "hardware_oath": ("hardware_oath",),
    "mobile_phone": ("sms", "voice_mobile"),
    "alternate_phone": ("voice_alternate",),
    "office_phone": ("voice_office",),
}
DEVICES = ("Pixel 9", "iPhone 16", "Galaxy S25", "iPhone 15", "Pixel 8a", "Surface Laptop")


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _pick(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([name for name, _ in table], [weight for _, weight in table])[0]


def _phone(rng: random.Random) -> str:
    country = rng.choices(("1", "44", "49", "33", "91"), (50, 15, 12, 10, 13))[0]
    digits = 10 if country in ("1", "91") else 10 if country == "49" else 9
    first = rng.randrange(2, 10)
    return f"+{country}{first}{rng.randrange(10 ** (digits - 1)):0{digits - 1}d}"


def _registration(
    rng: random.Random, kind: str, index: int, user_id: str, registered_at: datetime, phone: str
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "kind": kind,
        "id": f"{user_id}-r{index}",
        "registered_at": _time(registered_at),
        "registered_by": "admin" if kind in ADMIN_KINDS else "user",
    }
    if kind == "authenticator_app":
        document.update(device_name=rng.choice(DEVICES), notifications=rng.random() < 0.85)
    elif kind == "software_oath":
        document["name"] = rng.choice(("1Password", "Google Authenticator", "Aegis"))
    elif kind == "hardware_oath":
        document["serial"] = f"HW{rng.randrange(10**8):08d}"
    elif kind == "mobile_phone":
        document.update(number=phone, verified_with="sms" if rng.random() < 0.8 else "voice_mobile")
    elif kind == "alternate_phone":
        document["number"] = _phone(rng)
    elif kind == "office_phone":
        extension = f"{rng.randrange(1000, 9999)}" if rng.random() < 0.3 else None
        document.update(number=_phone(rng), extension=extension)
    elif kind == "email":
        document["address"] = f"{user_id}@personal.example"
    elif kind == "security_questions":
        document["answered"] = rng.choice((3, 4, 5))
    elif kind == "passkey":
        document["name"] = rng.choice(("YubiKey 5", "iCloud Keychain", "Google Password Manager"))
    elif kind == "windows_hello":
        document["device_name"] = f"LAPTOP-{rng.randrange(10**5):05d}"
    elif kind == "certificate":
        document["subject"] = f"CN={user_id}"
    elif kind == "temporary_access_pass":
        starts = REFERENCE - timedelta(hours=rng.choice((1, 2, 30, 24 * 20)))
        document.update(
            registered_at=_time(starts),
            starts_at=_time(starts),
            expires_at=_time(starts + timedelta(hours=8)),
            one_time=rng.random() < 0.5,
            used=rng.random() < 0.2,
        )
    return document


def _kinds(rng: random.Random, count: int, frontline: bool) -> list[str]:
    table = FRONTLINE_KINDS if frontline else OFFICE_KINDS
    kinds: list[str] = []
    for _ in range(count * 50):
        if len(kinds) == count:
            break
        kind = _pick(rng, table)
        if kind in kinds and kind not in MULTIPLE:
            continue
        if kind == "alternate_phone" and "mobile_phone" not in kinds:
            continue
        kinds.append(kind)
    return kinds


def generate_users(
    count: int,
    *,
    seed: int = 1,
    registrations: int | None = None,
    patterns: int = 0,
) -> Iterator[dict[str, Any]]:
    """*count* user documents for the example tenant, the same ones for the same arguments.

    *registrations* fixes every user's number of registrations (default: 0–6, weighted);
    *patterns* > 0 adds one of that many extra group ids (``g-team-0`` …) to every user.
    """
    rng = random.Random(seed)
    for number in range(count):
        user_id = f"user{number:07d}"
        department = _pick(rng, DEPARTMENTS)
        groups = [department] + [name for name, share in ROLES if rng.random() < share]
        if patterns:
            groups.append(f"g-team-{rng.randrange(patterns)}")
        frontline = department == "g-frontline"
        how_many = (
            registrations
            if registrations is not None
            else rng.choices(range(len(COUNT_WEIGHTS)), COUNT_WEIGHTS)[0]
        )
        kinds = _kinds(rng, how_many, frontline)
        phone = _phone(rng)
        first = REFERENCE - timedelta(days=rng.randrange(1, 1100), seconds=rng.randrange(86400))
        span = (REFERENCE - first).total_seconds()
        offsets = sorted(rng.random() * span for _ in kinds)
        documents = [
            _registration(rng, kind, index, user_id, first + timedelta(seconds=int(offset)), phone)
            for index, (kind, offset) in enumerate(zip(kinds, offsets, strict=True))
        ]
        preferable = [m for kind in kinds for m in PREFERABLE.get(kind, ())]
        roll = rng.random()
        preferred = (
            rng.choice(preferable)
            if preferable and roll < 0.45
            else "voice_office"
            if roll > 0.97
            else None
        )
        reviewed = (
            _time(REFERENCE - timedelta(days=rng.randrange(1, 400))) if rng.random() < 0.6 else None
        )
        snoozes = rng.choice((0, 0, 0, 0, 1, 2, 3))
        last_snoozed = (
            _time(REFERENCE - timedelta(days=rng.randrange(0, 10), hours=rng.randrange(24)))
            if snoozes
            else None
        )
        prompted = (
            _time(REFERENCE - timedelta(days=rng.randrange(0, 30)))
            if not kinds and rng.random() < 0.5
            else None
        )
        yield {
            "schema": "secinfo/user/1",
            "user_id": user_id,
            "groups": sorted(groups),
            "registrations": documents,
            "preferred": preferred,
            "last_reviewed_at": reviewed,
            "first_prompted_at": prompted,
            "campaign": {"snoozes": snoozes, "last_snoozed_at": last_snoozed},
            "business_phone": _phone(rng) if rng.random() < 0.2 else None,
        }


def main(argv: list[str] | None = None) -> int:
    """Write the users as JSON Lines on standard output (or ``--out``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="how many users")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--registrations", type=int, help="exactly this many per user")
    parser.add_argument("--patterns", type=int, default=0, help="extra group ids to spread over")
    parser.add_argument("--out", help="write here instead of standard output")
    args = parser.parse_args(argv)
    out = sys.stdout if args.out is None else open(args.out, "w", encoding="utf-8")  # noqa: SIM115
    try:
        for document in generate_users(
            args.count, seed=args.seed, registrations=args.registrations, patterns=args.patterns
        ):
            out.write(json.dumps(document, separators=(",", ":")) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
