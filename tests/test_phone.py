"""Tests of secinfo.phone: the bad-input table (security-anchors.md §3 rows 12–19), number-type
and region rules, the registration entry point and masking."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from phonenumbers import PhoneNumberType

from secinfo import phone
from secinfo.errors import InvalidArgument, InvalidPhoneNumber
from secinfo.methods import Kind
from secinfo.phone import (
    PhoneNumber,
    PhoneReason,
    PhoneRules,
    PhoneType,
    check_registration_number,
    mask,
    parse,
    rules_from_policy,
)
from secinfo.policy import PhoneSettings

SMS = PhoneRules(sms_required=True)
OFFICE = PhoneRules(allow_extension=True)
US_NUMBER = "+16502530000"


def refused(
    text: object, reason: PhoneReason, *, rules: PhoneRules | None = None, region: str | None = None
) -> InvalidPhoneNumber:
    with pytest.raises(InvalidPhoneNumber) as info:
        parse(text, default_region=region, rules=rules)  # type: ignore[arg-type]
    assert info.value.reason == reason, str(info.value)
    assert isinstance(info.value.reason, PhoneReason)
    return info.value


def digit_runs(e164: str, size: int = 5) -> set[str]:
    digits = e164.lstrip("+")
    return {digits[i : i + size] for i in range(len(digits) - size + 1)}


def leaks(message: str, e164: str) -> bool:
    """Whether *message* holds a run of more than four consecutive digits of *e164*."""
    return any(run in message for run in digit_runs(e164))


# --------------------------------------------------------------------------- valid input


@pytest.mark.parametrize(
    ("text", "region", "e164", "kind"),
    [
        ("+1 650 253 0000", None, US_NUMBER, PhoneType.FIXED_LINE_OR_MOBILE),
        ("+1 2065555555", None, "+12065555555", PhoneType.FIXED_LINE_OR_MOBILE),  # Graph form
        ("(650) 253-0000", "US", US_NUMBER, PhoneType.FIXED_LINE_OR_MOBILE),
        ("(650) 253-0000", "us", US_NUMBER, PhoneType.FIXED_LINE_OR_MOBILE),
        ("+44 7400 123456", None, "+447400123456", PhoneType.MOBILE),
        ("+33 6 12 34 56 78", "DE", "+33612345678", PhoneType.MOBILE),
        ("+44 20 7946 0958", None, "+442079460958", PhoneType.FIXED_LINE),
    ],
)
def test_valid_numbers(text: str, region: str | None, e164: str, kind: PhoneType) -> None:
    number = parse(text, default_region=region)
    assert number.e164 == e164
    assert number.type is kind
    assert number.region == phonenumbers.region_code_for_number(phonenumbers.parse(e164))
    assert number.extension is None


# --------------------------------------------------------------------------- row 12: letters


@pytest.mark.parametrize(("text", "region"), [("1-800-FLOWERS", "US"), ("+1 800 MICROSOFT", None)])
def test_row12_vanity_numbers_are_refused(text: str, region: str | None) -> None:
    refused(text, PhoneReason.LETTERS, region=region)
    refused(text, PhoneReason.LETTERS, region=region, rules=OFFICE)


def test_row12_phonenumbers_alone_would_convert_letters() -> None:
    converted = phonenumbers.parse("1-800-FLOWERS", "US")
    assert phonenumbers.format_number(converted, phonenumbers.PhoneNumberFormat.E164) == (
        "+18003569377"
    )


# --------------------------------------------------------------------------- row 13: extensions

EXTENSIONS = [
    ("+1 650-253-0000 ext. 123", "123"),
    ("+1 650-253-0000 x1", "1"),
    ("+1 650-253-0000;ext=1", "1"),
    ("+1 650-253-0000 #123", "123"),
    ("+1 650-253-0000 ext 1234567890123", "1234567890123"),
    ("+1 6502530000x123", "123"),
    ("+1 650-253-0000 EXTENSION 77", "77"),
]


@pytest.mark.parametrize(("text", "extension"), EXTENSIONS)
def test_row13_extensions_refused_for_sms_and_voice(text: str, extension: str) -> None:
    refused(text, PhoneReason.EXTENSION_NOT_ALLOWED)
    refused(text, PhoneReason.EXTENSION_NOT_ALLOWED, rules=SMS)


@pytest.mark.parametrize(("text", "extension"), EXTENSIONS)
def test_row13_extensions_kept_for_office_phones(text: str, extension: str) -> None:
    number = parse(text, rules=OFFICE)
    assert number.e164 == US_NUMBER
    assert number.extension == extension


def test_row13_overlong_extension_is_invalid_even_for_office() -> None:
    refused("+1 650-253-0000 x1234567890123456", PhoneReason.INVALID, rules=OFFICE)


# --------------------------------------------------------------------------- row 14: region


@pytest.mark.parametrize("region", [None, "ZZ"])
def test_row14_missing_region(region: str | None) -> None:
    refused("6502530000", PhoneReason.MISSING_REGION, region=region)
    assert parse("6502530000", default_region="US").e164 == US_NUMBER


@pytest.mark.parametrize("region", ["USA", "1", 1, ""])
def test_row14_malformed_default_region(region: Any) -> None:
    with pytest.raises(InvalidArgument):
        parse(US_NUMBER, default_region=region)


# --------------------------------------------------------------------------- row 15: types

REFUSED_TYPES = [
    ("+1 900 555 0123", PhoneReason.PREMIUM_RATE),
    ("+1 800 253 0000", PhoneReason.TOLL_FREE),
    ("+44 9098 790000", PhoneReason.PREMIUM_RATE),
    ("+44 56 1234 5678", PhoneReason.VOIP),
    ("+800 1234 5678", PhoneReason.TOLL_FREE),
    ("+979 123456789", PhoneReason.PREMIUM_RATE),
    ("+49 180 12345", PhoneReason.SHARED_COST),
    ("+44 55 1234 5678", PhoneReason.UAN),
    ("+44 7640 123456", PhoneReason.PAGER),
    ("+49 177 991234567", PhoneReason.VOICEMAIL),
    ("+44 70 1234 5678", PhoneReason.VOIP),  # personal numbers are treated like VoIP
    ("+1 500 234 5678", PhoneReason.VOIP),
]


@pytest.mark.parametrize(("text", "reason"), REFUSED_TYPES)
def test_row15_refused_types(text: str, reason: PhoneReason) -> None:
    for rules in (PhoneRules(), SMS, OFFICE):
        error = refused(text, reason, rules=rules)
        e164 = phonenumbers.format_number(
            phonenumbers.parse(text), phonenumbers.PhoneNumberFormat.E164
        )
        assert not leaks(str(error), e164)
        assert mask(e164) in str(error)


@pytest.mark.parametrize("text", ["+44 56 1234 5678", "+44 70 1234 5678"])
def test_row15_voip_and_personal_allowed_when_opted_in(text: str) -> None:
    number = parse(text, rules=PhoneRules(allow_voip=True))
    assert number.type in {PhoneType.VOIP, PhoneType.PERSONAL_NUMBER}
    assert parse(text, rules=PhoneRules(allow_voip=True, sms_required=True)).e164 == number.e164


@pytest.mark.parametrize(("text", "reason"), REFUSED_TYPES[:3])
def test_row15_allow_voip_does_not_open_premium(text: str, reason: PhoneReason) -> None:
    refused(text, reason, rules=PhoneRules(allow_voip=True, allowed_regions={"US", "GB", "001"}))


def test_row15_unknown_type_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse(US_NUMBER).type is PhoneType.FIXED_LINE_OR_MOBILE
    monkeypatch.setattr(phonenumbers, "number_type", lambda _n: PhoneNumberType.UNKNOWN)
    refused(US_NUMBER, PhoneReason.UNKNOWN_TYPE)


# --------------------------------------------------------------------------- row 16: regions

NON_GEO_MOBILE = "+881612345678"


def test_row16_non_geographic_invalid_number() -> None:
    refused("+882 3421 2345", PhoneReason.INVALID)


def test_row16_non_geographic_needs_explicit_001() -> None:
    refused(NON_GEO_MOBILE, PhoneReason.REGION_NOT_ALLOWED)
    refused(
        NON_GEO_MOBILE, PhoneReason.REGION_NOT_ALLOWED, rules=PhoneRules(allowed_regions={"US"})
    )
    number = parse(NON_GEO_MOBILE, rules=PhoneRules(allowed_regions={"001"}))
    assert number.region == "001"
    assert number.type is PhoneType.MOBILE


def test_row16_allow_and_block_lists() -> None:
    uk = "+44 7400 123456"
    refused(uk, PhoneReason.REGION_NOT_ALLOWED, rules=PhoneRules(allowed_regions={"US", "CA"}))
    assert parse(uk, rules=PhoneRules(allowed_regions={"GB"})).region == "GB"
    refused(uk, PhoneReason.REGION_NOT_ALLOWED, rules=PhoneRules(blocked_regions={"gb"}))
    both = PhoneRules(allowed_regions={"GB"}, blocked_regions={"GB"})
    refused(uk, PhoneReason.REGION_NOT_ALLOWED, rules=both)  # blocked wins
    refused(uk, PhoneReason.REGION_NOT_ALLOWED, rules=PhoneRules(allowed_regions=set()))


# --------------------------------------------------------------------------- row 17: variants


@pytest.mark.parametrize(
    ("text", "region", "e164"),
    [
        ("＋１６５０２５３００００", None, US_NUMBER),
        ("+١ ٦٥٠ ٢٥٣ ٠٠٠٠", None, US_NUMBER),
        ("+1\u00a0650\u00a0253\u00a00000", None, US_NUMBER),
        ("00 44 20 7946 0958", "DE", "+442079460958"),
        ("011 44 20 7946 0958", "US", "+442079460958"),
        ("+1 (650) 253-0000", None, US_NUMBER),
    ],
)
def test_row17_unicode_and_formatting_variants_canonicalised(
    text: str, region: str | None, e164: str
) -> None:
    """Documented choice: visible digit variants and international prefixes are canonicalised
    to the same E.164 (so they de-duplicate)."""
    assert parse(text, default_region=region).e164 == e164


@pytest.mark.parametrize(
    "text",
    ["+1 650\u200b253 0000", "+1 650 253 0000\u202e", "\u2066+1 650 253 0000"],
)
def test_row17_invisible_characters_rejected(text: str) -> None:
    """Documented choice: zero-width and bidi characters are refused (phonenumbers would drop
    them silently)."""
    assert phonenumbers.is_valid_number(phonenumbers.parse(text))
    refused(text, PhoneReason.CONTROL_CHARACTERS)
    refused(text.replace("6", "\ufeff6", 1), PhoneReason.CONTROL_CHARACTERS)


def test_row17_tel_uri_rejected() -> None:
    """Documented choice: ``tel:`` URIs are refused (letters), not unwrapped."""
    refused("tel:+1-650-253-0000", PhoneReason.LETTERS)


# --------------------------------------------------------------------------- row 18


@pytest.mark.parametrize(
    "text",
    [
        "+1 650\x00253 0000",
        "+1 650 253 0000\r\nX-Injected: 1",
        "+1 650 253 0000\n",
        "\t+16502530000",
    ],
)
def test_row18_control_characters(text: str) -> None:
    error = refused(text, PhoneReason.CONTROL_CHARACTERS)
    assert "\n" not in str(error)
    assert "\r" not in str(error)


@pytest.mark.parametrize("text", ["1" * 300, "+" + "1" * 64, "+1 650 253 0000" + " " * 50])
def test_row18_oversize(text: str) -> None:
    error = refused(text, PhoneReason.TOO_LONG)
    assert "1111" not in str(error)


def test_row18_cap_is_64_characters() -> None:
    padded = "+1 650 253 0000".ljust(64)
    assert len(padded) == 64
    assert parse(padded).e164 == US_NUMBER
    refused(padded + " ", PhoneReason.TOO_LONG)


# --------------------------------------------------------------------------- row 19


@pytest.mark.parametrize("value", [16502530000, None, {}, b"+16502530000", ["+16502530000"]])
def test_row19_non_string_input(value: object) -> None:
    error = refused(value, PhoneReason.INVALID)
    assert "6502530000" not in str(error)
    assert "25300" not in str(error)


def test_row19_phonenumbers_alone_raises_type_error() -> None:
    with pytest.raises(TypeError):
        phonenumbers.parse(16502530000, "US")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- SMS capability


def test_fixed_line_is_not_sms_capable() -> None:
    landline = "+44 20 7946 0958"
    error = refused(landline, PhoneReason.NOT_SMS_CAPABLE, rules=SMS)
    assert "XX58" in str(error)
    assert parse(landline).type is PhoneType.FIXED_LINE  # fine for voice
    assert parse(US_NUMBER, rules=SMS).type is PhoneType.FIXED_LINE_OR_MOBILE


def test_invalid_numbers() -> None:
    refused("+1 650 253 00000", PhoneReason.INVALID)
    refused("+1 650 25", PhoneReason.INVALID)
    refused("+1 5555551234x123", PhoneReason.INVALID, rules=OFFICE)  # 555 is not a real area
    refused("hello", PhoneReason.LETTERS)
    refused("+", PhoneReason.INVALID)
    refused("", PhoneReason.INVALID)


# --------------------------------------------------------------------------- F19


def test_F19_extensions_and_premium_numbers_refused() -> None:
    """F19: extensions are refused for SMS/voice phones (never silently dropped);
    premium-rate, shared-cost, toll-free, pager and voicemail numbers are refused; VoIP is
    refused unless the tenant allows it."""
    settings = PhoneSettings()
    for kind in ("mobile_phone", "alternate_phone"):
        with pytest.raises(InvalidPhoneNumber) as info:
            check_registration_number("+1 650-253-0000 ext. 123", kind=kind, settings=settings)
        assert info.value.reason == "extension_not_allowed"
        with pytest.raises(InvalidPhoneNumber) as info:
            check_registration_number("+1 650-253-0000", "123", kind=kind, settings=settings)
        assert info.value.reason == "extension_not_allowed"
    office = check_registration_number(
        "+1 650-253-0000 ext. 123", kind="office_phone", settings=settings
    )
    assert office.extension == "123"
    for text, reason in [
        ("+1 900 555 0123", "premium_rate"),
        ("+49 180 12345", "shared_cost"),
        ("+1 800 253 0000", "toll_free"),
        ("+44 7640 123456", "pager"),
        ("+49 177 991234567", "voicemail"),
        ("+44 56 1234 5678", "voip"),
    ]:
        for kind in ("mobile_phone", "alternate_phone", "office_phone"):
            with pytest.raises(InvalidPhoneNumber) as info:
                check_registration_number(text, kind=kind, settings=settings)
            assert info.value.reason == reason, (text, kind)
    voip = check_registration_number(
        "+44 56 1234 5678", kind="alternate_phone", settings=PhoneSettings(allow_voip=True)
    )
    assert voip.type is PhoneType.VOIP


# --------------------------------------------------------------------------- registration entry


@pytest.mark.parametrize(
    ("kind", "sms", "extension"),
    [
        (Kind.MOBILE_PHONE, True, False),
        ("alternate_phone", False, False),
        (Kind.OFFICE_PHONE, False, True),
    ],
)
def test_rules_from_policy(kind: Kind | str, sms: bool, extension: bool) -> None:
    settings = PhoneSettings(allowed_regions={"us"}, blocked_regions={"CA"}, allow_voip=True)
    rules = rules_from_policy(settings, kind=kind)
    assert rules == PhoneRules(
        allowed_regions={"US"},
        blocked_regions={"CA"},
        allow_voip=True,
        sms_required=sms,
        allow_extension=extension,
    )


@pytest.mark.parametrize("kind", ["email", Kind.PASSKEY, "MOBILE_PHONE", None, 3])
def test_rules_from_policy_rejects_other_kinds(kind: Any) -> None:
    with pytest.raises(InvalidArgument):
        rules_from_policy(PhoneSettings(), kind=kind)


def test_rules_from_policy_rejects_non_settings() -> None:
    with pytest.raises(InvalidArgument):
        rules_from_policy({"allow_voip": True}, kind="mobile_phone")  # type: ignore[arg-type]


def test_check_registration_number_applies_policy() -> None:
    landline = "+44 20 7946 0958"
    settings = PhoneSettings()
    assert check_registration_number(landline, kind="alternate_phone", settings=settings)
    with pytest.raises(InvalidPhoneNumber) as info:
        check_registration_number(landline, kind="mobile_phone", settings=settings)
    assert info.value.reason == "not_sms_capable"
    us_only = PhoneSettings(allowed_regions={"US"})
    with pytest.raises(InvalidPhoneNumber) as info:
        check_registration_number(landline, kind="office_phone", settings=us_only)
    assert info.value.reason == "region_not_allowed"
    national = check_registration_number(
        "(650) 253-0000", kind="mobile_phone", settings=us_only, default_region="US"
    )
    assert national.e164 == US_NUMBER


def test_check_registration_number_graph_office_forms() -> None:
    settings = PhoneSettings()
    graph = check_registration_number("+1 4255550134x123", kind="office_phone", settings=settings)
    assert (graph.e164, graph.extension) == ("+14255550134", "123")
    split = check_registration_number(
        "+1 4255550134", "123", kind="office_phone", settings=settings
    )
    assert split == graph
    same = check_registration_number(
        "+1 4255550134x123", "123", kind="office_phone", settings=settings
    )
    assert same == graph
    with pytest.raises(InvalidPhoneNumber) as info:
        check_registration_number("+1 4255550134x123", "9", kind="office_phone", settings=settings)
    assert info.value.reason == "invalid"
    for bad in ["", "12a", "1" * 16, "١٢٣"]:
        with pytest.raises(InvalidPhoneNumber) as info:
            check_registration_number("+1 4255550134", bad, kind="office_phone", settings=settings)
        assert info.value.reason == "invalid"


# --------------------------------------------------------------------------- values and masking


def test_mask_and_repr() -> None:
    assert mask("+14255550134") == "+1 XXXXXXXX34"
    assert mask("+447400123456") == "+44 XXXXXXXX56"
    number = parse("+1 425 555 0134 x4567", rules=OFFICE)
    text = repr(number)
    assert "+1 XXXXXXXX34" in text
    assert "4255550134" not in text
    assert "4567" not in text
    assert number.masked == "+1 XXXXXXXX34"
    with pytest.raises(InvalidArgument):
        mask(14255550134)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "fields",
    [
        {"e164": "14255550134"},
        {"e164": "+1425"},
        {"region": "usa"},
        {"region": "us"},
        {"type": "satellite"},
        {"extension": "12a"},
        {"extension": ""},
    ],
)
def test_phone_number_is_validated(fields: dict[str, Any]) -> None:
    values: dict[str, Any] = {"e164": "+14255550134", "region": "US", "type": "mobile", **fields}
    with pytest.raises(InvalidArgument) as info:
        PhoneNumber(**values)
    assert "4255550134" not in str(info.value)


@pytest.mark.parametrize(
    "fields",
    [
        {"allowed_regions": {"USA"}},
        {"allowed_regions": "US"},
        {"blocked_regions": None},
        {"blocked_regions": {1}},
        {"allow_voip": 1},
        {"sms_required": "yes"},
        {"allow_extension": None},
    ],
)
def test_phone_rules_are_validated(fields: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        PhoneRules(**fields)


def test_bad_rules_argument() -> None:
    with pytest.raises(InvalidArgument):
        parse(US_NUMBER, rules=PhoneSettings())  # type: ignore[arg-type]


def test_reason_values_are_the_wire_values() -> None:
    assert {reason.value for reason in PhoneReason} == {
        "missing_region",
        "invalid",
        "too_long",
        "control_characters",
        "letters",
        "extension_not_allowed",
        "premium_rate",
        "shared_cost",
        "toll_free",
        "voip",
        "pager",
        "voicemail",
        "uan",
        "unknown_type",
        "region_not_allowed",
        "not_sms_capable",
    }
    assert phone.MAX_INPUT_LENGTH == 64


def test_docs_example_runs() -> None:
    """The example in docs/phone.md is runnable as written."""
    page = Path(__file__).resolve().parents[1] / "docs" / "phone.md"
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL)
    assert blocks
    for block in blocks:
        exec(compile(block, str(page), "exec"), {"print": lambda *_args: None})
