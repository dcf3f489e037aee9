"""The generated fast reader of user documents (:mod:`secinfo._fastread`) against the plain one.

For valid documents and mutations of them, the fast reader either gives a value equal to the
plain reader's (same fields, same time zones, same types) or defers; and the public
:func:`load_user` gives the plain reader's value or its exact error whichever path it takes.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, example, given, settings

from secinfo import InvalidDocument, TemporaryAccessPass, UserState, dump_user, load_user
from secinfo import _fastread as fast
from secinfo._fields import spec
from secinfo.documents import _read_user_plainly
from secinfo.registrations import MobilePhone, RegistrationBase
from secinfo.testing import users
from tests._synth import assert_same_user, generated_users

from ._fuzz import mutated

FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _plain(doc: Any) -> tuple[Any, str | None]:
    try:
        return _read_user_plainly(doc), None
    except InvalidDocument as error:
        return None, f"{error.path}|{error}"


def _public(doc: Any) -> tuple[Any, str | None]:
    try:
        return load_user(doc), None
    except InvalidDocument as error:
        return None, f"{error.path}|{error}"


def _same(doc: Any) -> str:
    """The fast reader agrees with the plain one or defers; ``load_user`` is the plain one.
    Returns which path was taken."""
    got = fast.read_user(doc)
    expected, refusal = _plain(doc)
    if got is fast.DEFER:
        taken = f"fast reader: deferred ({'plain refused' if refusal else 'plain accepted'})"
    else:
        taken = "fast reader: read"
        assert refusal is None, f"the fast reader accepted what the plain one refuses: {refusal}"
        assert_same_user(got, expected)
    if isinstance(doc, str | bytes | bytearray):
        # The public reader takes JSON text too: it reads what the text holds, or names the
        # text as not JSON.
        try:
            held = json.loads(doc)
        except ValueError:
            found, message = _public(doc)
            assert found is None
            assert message is not None
            assert "not JSON" in message
            return taken + ", JSON text: not JSON"
        assert _public(doc) == _plain(held)
        return taken + ", JSON text"
    assert _public(doc) == (expected, refusal)
    return taken


@FUZZ
@given(users().map(dump_user))
def test_valid_documents_read_alike(doc: dict[str, Any]) -> None:
    event(_same(doc))
    event(f"round-tripped: {_same(json.loads(json.dumps(doc)))}")


@FUZZ
@given(mutated(users().map(dump_user)))
# JSON text (the public reader parses it first): not JSON, and a document as text.
@example("victim\nFAKE 2026-11-25 User registered security info")
@example('{"schema": "secinfo/user/1", "user_id": "u1"}')
def test_mutated_documents_read_alike_or_defer(doc: Any) -> None:
    event(_same(doc))


def test_the_example_tenant_takes_the_fast_path() -> None:
    documents = list(generated_users(300))
    for doc in documents:
        got = fast.read_user(doc)
        assert got is not fast.DEFER
        assert got == _read_user_plainly(doc)


_USER = {
    "schema": "secinfo/user/1",
    "user_id": "u1",
    "registrations": [
        {
            "kind": "temporary_access_pass",
            "id": "t1",
            "registered_at": "2026-01-05T09:00:00Z",
            "starts_at": "2026-01-05T09:00:00Z",
            "expires_at": "2026-01-06T09:00:00Z",
        }
    ],
}


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("user_id",), "u\u202e1"),  # not printable
        (("registrations", 0, "registered_at"), "2026-01-05T10:00:00+01:00"),  # an offset
        (("registrations", 0, "registered_at"), "2026-01-05t09:00:00z"),  # lower case
        (("registrations", 0, "registered_at"), "2026-02-30T09:00:00Z"),  # no such day
        (("registrations", 0, "registered_at"), "2026-01-05T09:00:00.123Z"),  # not six digits
        (("registrations", 0, "registered_at"), "2026-W02-1T09:00:00Z"),  # a week date
        (("registrations", 0, "expires_at"), "2026-01-04T09:00:00Z"),  # a custom check
        (("registrations", 0, "kind"), "nonsense"),
        (("registrations", 0, "used"), 1),
        (("groups",), ["g", ""]),
        (("campaign",), {"snoozes": 1.0}),
        (("schema",), "secinfo/user/2"),
    ],
)
def test_doubtful_values_are_deferred(path: tuple[str | int, ...], value: object) -> None:
    doc = json.loads(json.dumps(_USER))
    node = doc
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    assert fast.read_user(doc) is fast.DEFER
    assert _same(doc).startswith("fast reader: deferred")


def test_the_unchanged_document_is_read_fast() -> None:
    assert fast.read_user(_USER) == _read_user_plainly(_USER)
    precise = json.loads(json.dumps(_USER))
    precise["registrations"][0]["registered_at"] = "2026-01-05T09:00:00.000250Z"
    read = fast.read_user(precise)
    assert read == _read_user_plainly(precise)
    assert read.registrations[0].registered_at.microsecond == 250
    assert fast.read_user(dict(_USER, extra=1)) is fast.DEFER
    assert fast.read_user([_USER]) is fast.DEFER
    assert repr(fast.DEFER) == "DEFER"


def test_the_generated_source_is_kept() -> None:
    assert "def read_user(d):" in fast.SOURCE


def test_specs_say_what_the_fast_reader_must_still_check() -> None:
    tap, user = attrs.fields(TemporaryAccessPass), attrs.fields(UserState)
    assert spec(tap.expires_at).custom  # after starts_at: more than a time
    assert not spec(tap.starts_at).custom
    assert spec(user.preferred).custom
    assert not spec(attrs.fields(MobilePhone).verified_with).custom
    assert spec(user.user_id).printable
    assert not spec(attrs.fields(RegistrationBase).id).printable
