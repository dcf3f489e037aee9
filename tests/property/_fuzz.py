"""Shared pieces of the fuzz suite (``test_fuzz_*.py``): hostile values, document mutation, the
leak scan and an independent reading of "no allow without evidence".

The suite runs with the active Hypothesis profile: ``ci`` (derandomised, the default number of
examples) in CI, ``thorough`` on demand (``HYPOTHESIS_PROFILE=thorough``; see docs/testing.md).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from secinfo import Session, TemporaryAccessPass, TenantPolicy, UserState
from secinfo._time import END_OF_TIME, START_OF_TIME
from secinfo.methods import MFA_METHODS

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)

# ---- hostile scalars --------------------------------------------------------------------------

UNSAFE_TEXT = (
    "victim\nFAKE 2026-11-25 User registered security info",
    "Key\u202egnp.exe",
    "a\u200bb",
    "zw\u200d",
    "line\u2028sep",
    "\ufeffbom",
    "iso\u2066late\u2069",
    "nul\x00",
    "esc\x1b[31m",
    "c1\x85",
    "\ud800",
)
PERSONAL_TEXT = ("+14255550134", "+447400123456", "alice.personal@example.com", "bob@contoso.com")
PLAIN_TEXT = ("", "all", "u1", "r1", "g-sales", "push", "SMS", "sms", "Pixel 9", "x" * 300)
TIME_TEXT = (
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59.999999Z",
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T00:00:00+23:59",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+23:59",
    "1970-01-01T00:00:00Z",
    "2026-11-25T12:00:00.999999999+05:45",
    "2026-11-25T12:00:00",
    "2026-02-30T00:00:00Z",
    "2026-11-25T24:00:00Z",
)
HUGE_INTS = (10**5000, -(10**5000), 2**63, 2**64, -1, 0, 1, 2, 3, 1000, 1001, 10**6 + 1)
# (drawn by index: Hypothesis cannot repr a strategy holding an int of 5,000 digits)
huge_ints = st.integers(0, len(HUGE_INTS) - 1).map(HUGE_INTS.__getitem__)

hostile_text = st.one_of(
    st.sampled_from(UNSAFE_TEXT + PERSONAL_TEXT + PLAIN_TEXT + TIME_TEXT),
    st.text(max_size=20),
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Co"]), min_size=1, max_size=4),
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    huge_ints,
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text,
)

json_values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
    max_leaves=8,
)

extreme_times = st.one_of(
    st.sampled_from(
        [
            NOW,
            END_OF_TIME,
            START_OF_TIME,
            datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
            datetime(9999, 12, 31, tzinfo=timezone(timedelta(hours=23, minutes=59))),
            datetime(1, 1, 1, 23, 59, tzinfo=timezone(-timedelta(hours=23, minutes=59))),
            datetime(1970, 1, 1, tzinfo=UTC),
        ]
    ),
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(
        min_value=datetime(2, 1, 1),
        max_value=datetime(9998, 12, 31),
        timezones=st.builds(
            lambda m: timezone(timedelta(minutes=m)), st.integers(-(23 * 60 + 59), 23 * 60 + 59)
        ),
    ),
)
"""Aware datetimes from the first to the last representable instant, in varied offsets."""

junk: st.SearchStrategy[Any] = st.one_of(
    json_values,
    st.datetimes(),  # naive
    extreme_times,
    st.binary(max_size=8),
    st.sampled_from([object(), (), frozenset(), {1, 2}, timedelta(days=1), b"x", 1j, ...]),
    st.tuples(json_values),
)
"""Anything a caller might pass by mistake."""


# ---- document mutation ------------------------------------------------------------------------

Path = tuple[str | int, ...]


def paths(node: Any, prefix: Path = ()) -> list[Path]:
    found = [prefix]
    if len(prefix) > 6:
        return found
    if isinstance(node, dict):
        for key, value in list(node.items())[:40]:
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:40]):
            found += paths(value, (*prefix, index))
    return found


def at(node: Any, path: Path) -> Any:
    for step in path:
        node = node[step]
    return node


_TIME_LIKE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T")
late_or_early_times = st.sampled_from(TIME_TEXT[:6])


def _plausible(value: Any) -> st.SearchStrategy[Any]:
    """A value of the same JSON type as *value*, at or beyond its edges."""
    if isinstance(value, bool):
        return st.sampled_from([not value, 0, 1, "true", None])
    if isinstance(value, int):
        as_float = st.just(float(value)) if abs(value) < 2**53 else st.nothing()
        return huge_ints | st.integers(value - 2, value + 2) | as_float
    if isinstance(value, str) and _TIME_LIKE.match(value):
        return late_or_early_times | st.sampled_from(TIME_TEXT) | hostile_text
    if isinstance(value, str):
        return (
            st.sampled_from(UNSAFE_TEXT + PERSONAL_TEXT) | hostile_text | st.just(value + "\u202e")
        )
    if isinstance(value, list):
        return st.lists(hostile_text | st.sampled_from(TIME_TEXT), max_size=3).map(
            lambda extra: [*value, *extra]
        )
    if value is None:
        return late_or_early_times | st.sampled_from(TIME_TEXT + PERSONAL_TEXT + ("push", 0, True))
    return json_values


def _leaves(doc: Any) -> list[Path]:
    return [path for path in paths(doc) if not isinstance(at(doc, path), dict | list)]


@st.composite
def mutated(draw: st.DrawFn, documents: st.SearchStrategy[dict[str, Any]]) -> Any:
    """A valid document with one to three mutations: a key deleted, an unknown key added, a value
    pushed to its edge (late-9999 and year-1 times, offsets of ±23:59, huge integers, control,
    bidirectional and zero-width characters, phone numbers and addresses where labels go), a
    value of another type, an element duplicated, or another document altogether."""
    doc: Any = copy.deepcopy(draw(documents))
    for _ in range(draw(st.integers(1, 3))):
        leaves = _leaves(doc)
        at_a_leaf = bool(leaves) and draw(st.booleans())
        path = draw(st.sampled_from(leaves if at_a_leaf else paths(doc)))
        operation = draw(
            st.sampled_from(["edge", "edge", "edge", "replace", "delete", "add", "dup"])
        )
        if not path:
            if operation == "replace":
                doc = draw(json_values)
            elif isinstance(doc, dict) and operation == "add":
                doc[draw(hostile_text)] = draw(json_values)
            continue
        parent, last, target = at(doc, path[:-1]), path[-1], at(doc, path)
        if operation == "delete":
            del parent[last]
        elif operation == "add" and isinstance(target, dict):
            target[draw(hostile_text)] = draw(json_values)
        elif operation == "dup" and isinstance(parent, list):
            parent.append(copy.deepcopy(target))
        elif operation == "replace":
            parent[last] = draw(json_values)
        else:
            parent[last] = draw(_plausible(target))
    return doc


# ---- what must never leak ---------------------------------------------------------------------

_E164 = re.compile(r"\+[1-9][0-9]{7,14}")
_ADDRESS = re.compile(r"[^\s@\"']{3,}@[^\s@\"']+\.[a-z]{2,}")


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in list(value.items())[:200]:
            yield from strings_in(key)
            yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value[:200]:
            yield from strings_in(item)


def secrets_in(*sources: Any) -> set[str]:
    """The phone numbers (national digits but the last two) and e-mail addresses in *sources*."""
    found: set[str] = set()
    for source in sources:
        for text in strings_in(source):
            found |= {number[1:-2] for number in _E164.findall(text)}
            found |= set(_ADDRESS.findall(text))
    return found


def personal(user_document: Any) -> Any:
    """A user document without its identifiers (``user_id``, the group ids and the registration
    ids): the caller's own ids are echoed as they are (escaped; an e-mail-like UPN is the usual
    Entra user id), so only what the user registered — numbers, addresses, labels — counts as
    personal data that must never appear unmasked."""
    if not isinstance(user_document, dict):
        return user_document
    kept = {k: v for k, v in user_document.items() if k not in ("user_id", "groups")}
    if isinstance(kept.get("registrations"), list):
        kept["registrations"] = [
            {k: v for k, v in item.items() if k != "id"} if isinstance(item, dict) else item
            for item in kept["registrations"]
        ]
    return kept


def assert_no_leak(text: str, secrets: set[str]) -> None:
    for secret in secrets:
        assert secret not in text, f"{secret!r} leaked into {text[:200]!r}"


def assert_safe_text(text: str) -> None:
    """Printable: no control, format (bidirectional, zero-width) or separator character."""
    assert text.isprintable(), f"unescaped text: {text[:200]!r}"


def assert_safe_event(event: Any) -> None:
    """Every text field of an audit event secinfo wrote needs no escaping."""
    record = event.to_dict()
    texts = [record["user_id"], record["target"] or "", record["reason"]]
    texts += [*record["details"], *record["details"].values()]
    for text in texts:
        assert_safe_text(text)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


# ---- "no allow without evidence", read independently of secinfo's own evidence code ------------


def evidence(policy: TenantPolicy, user: UserState, session: Session | None, now: datetime) -> bool:
    """A fresh MFA (any MFA-capable method) or a fresh sign-in with a TAP the user holds, within
    the longest window the policy allows — a lenient reading: what secinfo allows must pass it."""
    if session is None:
        return False
    minutes = max(policy.step_up.session_minutes, policy.step_up.passkey_add_minutes)

    def fresh(moment: datetime | None) -> bool:
        return moment is not None and timedelta(0) <= now - moment <= timedelta(minutes=minutes)

    if session.mfa_method in MFA_METHODS and fresh(session.mfa_at):
        return True
    return (
        "temporary_access_pass" in session.signed_in_with
        and fresh(session.signed_in_at)
        and any(isinstance(r, TemporaryAccessPass) for r in user.registrations)
    )


def bootstrap_allows(policy: TenantPolicy, session: Session | None, now: datetime) -> bool:
    """What a user with no usable MFA method may be allowed on: a fresh sign-in."""
    if session is None or policy.bootstrap == "administrator":
        return False
    minutes = max(policy.step_up.session_minutes, policy.step_up.passkey_add_minutes)
    return timedelta(0) <= now - session.signed_in_at <= timedelta(minutes=minutes)
