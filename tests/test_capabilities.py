"""The capability table: one row per method and per kind, and everything derived from it."""

from __future__ import annotations

import enum

import attrs
import pytest

from secinfo import Kind, Limits, Method
from secinfo import methods as m
from secinfo.registrations import REGISTRATION_TYPES, PhoneRegistration, phone_number
from secinfo.testing import registration_for
from secinfo.testing._strategies import REFERENCE_NOW


def test_every_method_and_kind_has_exactly_one_row() -> None:
    assert [row.method for row in m.METHOD_TABLE] == list(Method)
    assert sorted(row.kind for row in m.KIND_TABLE) == sorted(Kind)
    assert len(m.KIND_TABLE) == len(Kind)
    for method in Method:
        assert method.facts.method is method
    for kind in Kind:
        assert kind.facts.kind is kind


def test_a_member_without_a_row_is_refused() -> None:
    class Colour(enum.StrEnum):
        RED = "red"
        BLUE = "blue"

    with pytest.raises(RuntimeError, match=r"no row for.*BLUE"):
        m._rows([Colour.RED], lambda row: row, Colour)
    with pytest.raises(RuntimeError, match="two rows"):
        m._rows([Colour.RED, Colour.RED, Colour.BLUE], lambda row: row, Colour)


def test_rank_is_the_place_in_the_table() -> None:
    assert [method.rank for method in (row.method for row in m.METHOD_TABLE)] == list(
        range(1, len(Method) + 1)
    )


def test_every_kind_provides_methods_and_has_one_class() -> None:
    for kind in Kind:
        assert kind.methods
        assert all(method.kind is kind for method in kind.methods)
        cls = REGISTRATION_TYPES[kind]
        assert cls.kind is kind
        assert issubclass(cls, PhoneRegistration) is kind.facts.phone


def test_derived_sets_state_the_domain_facts() -> None:
    assert {Kind.TEMPORARY_ACCESS_PASS, Kind.CERTIFICATE, Kind.HARDWARE_OATH} == m.ADMIN_ONLY_KINDS
    assert {Kind.MOBILE_PHONE, Kind.ALTERNATE_PHONE, Kind.OFFICE_PHONE} == m.PHONE_KINDS
    assert {
        Kind.PASSKEY,
        Kind.EXTERNAL_AUTHENTICATION,
        Kind.AUTHENTICATOR_APP,
        Kind.SOFTWARE_OATH,
        Kind.MOBILE_PHONE,
        Kind.EMAIL,
        Kind.SECURITY_QUESTIONS,
    } == m.INTERRUPT_KINDS
    assert {
        Method.SMS,
        Method.VOICE_MOBILE,
        Method.VOICE_ALTERNATE,
        Method.VOICE_OFFICE,
    } == m.TELEPHONY_METHODS
    assert {
        Method.PUSH,
        Method.AUTHENTICATOR_CODE,
        Method.SOFTWARE_OATH,
        Method.HARDWARE_OATH,
        *m.TELEPHONY_METHODS,
    } == m.STORABLE_DEFAULT_METHODS
    assert m.LIMITED_KINDS == {
        Kind.PASSKEY: 10,
        Kind.WINDOWS_HELLO: 10,
        Kind.AUTHENTICATOR_APP: 5,
        Kind.SOFTWARE_OATH: 5,
        Kind.HARDWARE_OATH: 5,
    }


def test_limits_follow_the_table() -> None:
    limits = Limits()
    for kind in Kind:
        assert limits.of(kind) == (kind.facts.default_limit or 1)
    assert {a.name for a in attrs.fields(Limits)} == {k.value for k in m.LIMITED_KINDS}


def test_phone_kinds_have_a_number_and_others_none() -> None:
    for method in Method:
        registration = registration_for(method, id="r1", now=REFERENCE_NOW)
        assert (phone_number(registration) is not None) is registration.kind.facts.phone


def test_every_kind_has_an_audit_label() -> None:
    labels = [kind.facts.label for kind in Kind]
    assert all(labels)
    assert len(set(labels)) == len(labels)


def test_a_sentence_names_a_kind_by_its_noun_or_its_label() -> None:
    # A common noun is written in lower case inside a sentence; a product name keeps its capitals.
    assert Kind.PASSKEY.facts.in_sentence == "passkey"
    assert Kind.WINDOWS_HELLO.facts.in_sentence == "Windows Hello for Business"
    for row in m.KIND_TABLE:
        assert row.in_sentence == (row.noun or row.label)
        assert row.in_sentence.lower() == row.label.lower()
