from __future__ import annotations

import pytest

from secinfo import Kind, Method, Purpose
from secinfo.methods import MFA_METHODS, SSPR_METHODS, by_rank

CAPABILITY = {
    # method: (mfa, sspr, rank, kind)
    "temporary_access_pass": (True, False, 1, "temporary_access_pass"),
    "passkey": (True, False, 2, "passkey"),
    "windows_hello": (True, False, 3, "windows_hello"),
    "external_authentication": (True, False, 4, "external_authentication"),
    "push": (True, True, 5, "authenticator_app"),
    "authenticator_code": (True, True, 6, "authenticator_app"),
    "software_oath": (True, True, 7, "software_oath"),
    "hardware_oath": (True, True, 8, "hardware_oath"),
    "sms": (True, True, 9, "mobile_phone"),
    "voice_mobile": (True, True, 10, "mobile_phone"),
    "voice_alternate": (True, False, 11, "alternate_phone"),
    "voice_office": (True, True, 12, "office_phone"),
    "certificate": (True, False, 13, "certificate"),
    "email": (False, True, 14, "email"),
    "security_questions": (False, True, 15, "security_questions"),
}


@pytest.mark.parametrize(("value", "row"), sorted(CAPABILITY.items()))
def test_capability_table(value: str, row: tuple[bool, bool, int, str]) -> None:
    mfa, sspr, rank, kind = row
    method = Method(value)
    assert method.capable(Purpose.MFA) is mfa
    assert method.capable(Purpose.SSPR) is sspr
    assert method.rank == rank
    assert method.kind == Kind(kind)
    assert (method in MFA_METHODS) is mfa
    assert (method in SSPR_METHODS) is sspr


def test_every_method_is_in_the_table() -> None:
    assert {m.value for m in Method} == set(CAPABILITY)


def test_str_enum_wire_values() -> None:
    assert Method.SMS == Method("sms") == "sms"
    assert Method.SMS.name == "SMS"
    with pytest.raises(ValueError, match="SMS"):
        Method("SMS")


def test_kind_methods_in_rank_order() -> None:
    assert Kind.AUTHENTICATOR_APP.methods == (Method.PUSH, Method.AUTHENTICATOR_CODE)
    assert Kind.MOBILE_PHONE.methods == (Method.SMS, Method.VOICE_MOBILE)
    assert Kind.MOBILE_PHONE.rank == Method.SMS.rank


def test_by_rank_sorts_and_dedups() -> None:
    assert by_rank([Method.EMAIL, Method.SMS, Method.PASSKEY, Method.SMS]) == (
        Method.PASSKEY,
        Method.SMS,
        Method.EMAIL,
    )
