"""Invariant 10 for secinfo.otp and secinfo.phone: no secret, OTP code or full
phone number (no run of more than four consecutive digits of the E.164) in any result ``repr``,
reason or error message."""

from __future__ import annotations

import base64
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import TypeVar

import phonenumbers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from secinfo.errors import InvalidPhoneNumber, InvalidSecret, SecinfoError
from secinfo.otp import (
    OtpReason,
    OtpResult,
    code_at,
    confirm_enrollment,
    provisioning_uri,
    start_enrollment,
    verify,
)
from secinfo.phone import (
    PhoneReason,
    PhoneRules,
    check_registration_number,
    parse,
)
from secinfo.policy import PhoneSettings

T = TypeVar("T")


def attempt(call: Callable[[], T]) -> T | SecinfoError:
    """The result of *call*, or the secinfo error it raised (any other exception propagates)."""
    try:
        return call()
    except SecinfoError as error:
        return error


ZONES = st.sampled_from(
    [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
)
MOMENTS = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(9999, 12, 30), timezones=ZONES
)
SECRET_BYTES = st.binary(min_size=16, max_size=64)
ASCII_CODES = st.text(alphabet="0123456789", min_size=6, max_size=8)
ODD_DIGITS = "０１２３４５６７８９٠١٢٣٤٥٦٧٨٩¹²³⁴⁵⁶𝟏𝟐𝟑 \u00a0\u200b+-"
ANY_CODES = ASCII_CODES | st.text(alphabet="0123456789" + ODD_DIGITS, min_size=4, max_size=12)
NUMERIC_FIELDS = re.compile(r"\b(step|consumed_step|failed_attempts|digits|period)=\d+")


def without_numeric_fields(text: str) -> str:
    """A repr with its integer fields removed: a time step such as 58783333 may contain a code's
    digits by coincidence, which is not a leak."""
    return NUMERIC_FIELDS.sub(r"\1=#", text)


def encode(secret: bytes) -> str:
    return base64.b32encode(secret).decode().rstrip("=")


@settings(max_examples=200, deadline=None)
@given(
    secret=SECRET_BYTES,
    now=MOMENTS,
    code=ANY_CODES,
    last_step=st.none() | st.integers(min_value=0, max_value=2**40),
    window=st.sampled_from([0, 1]),
    digits=st.sampled_from([6, 7, 8]),
    use_real=st.booleans(),
)
def test_verify_results_hold_no_secret_or_code(
    secret: bytes,
    now: datetime,
    code: str,
    last_step: int | None,
    window: int,
    digits: int,
    use_real: bool,
) -> None:
    b32 = encode(secret)
    if use_real:
        code = code_at(b32, now=now, digits=digits)
    result = verify(b32, code, now=now, last_step=last_step, window=window, digits=digits)
    assert isinstance(result.reason, OtpReason)
    for text in (repr(result), str(result), result.reason.value):
        assert b32 not in text
        assert code not in without_numeric_fields(text)
    if use_real:
        assert result.reason in {OtpReason.OK, OtpReason.CODE_REUSED}


@settings(max_examples=100, deadline=None)
@given(
    random=st.binary(min_size=20, max_size=20),
    now=MOMENTS,
    codes=st.lists(ANY_CODES | st.none(), min_size=1, max_size=5),
    max_attempts=st.integers(min_value=1, max_value=4),
)
def test_enrollment_state_holds_no_secret_or_code(
    random: bytes, now: datetime, codes: list[str | None], max_attempts: int
) -> None:
    state = start_enrollment(random_bytes=lambda n: random[:n])
    secret = state.secret
    for maybe in codes:
        code = code_at(secret, now=now) if maybe is None else maybe
        result = confirm_enrollment(state, code, now=now, max_attempts=max_attempts)
        for text in (repr(result), str(result), repr(result.enrollment), result.reason.value):
            assert secret not in text
            assert code not in without_numeric_fields(text)
        state = result.enrollment
        assert state.failed_attempts <= max_attempts
        if state.confirmed:
            break


BAD_SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcxyz0189=!#"


@settings(max_examples=200, deadline=None)
@given(secret=st.text(alphabet=BAD_SECRET_ALPHABET, min_size=8, max_size=120))
def test_secret_errors_never_quote_the_secret(secret: str) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    outcomes = [
        attempt(lambda: verify(secret, "123456", now=now)),
        attempt(lambda: provisioning_uri(secret, account="ada", issuer="Contoso")),
        attempt(lambda: provisioning_uri(secret, account="ada:x", issuer="Contoso")),
    ]
    for outcome in outcomes:
        if isinstance(outcome, SecinfoError):
            assert secret not in str(outcome)
            assert secret.upper() not in str(outcome)
    verified = outcomes[0]
    assert isinstance(verified, InvalidSecret | OtpResult)
    if not isinstance(verified, SecinfoError):
        assert secret.upper().rstrip("=") not in repr(verified)


# --------------------------------------------------------------------------- phone numbers

REGIONS = ["US", "GB", "DE", "FR", "IN", "AU", "BR", "JP", "CH", "IT", "NL", "SE", "PL", "ZA"]
TYPES = [
    PhoneNumberType.MOBILE,
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.VOIP,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.PAGER,
    PhoneNumberType.PERSONAL_NUMBER,
    PhoneNumberType.UAN,
    PhoneNumberType.VOICEMAIL,
]
EXAMPLES = sorted(
    {
        phonenumbers.format_number(example, PhoneNumberFormat.E164)
        for region in REGIONS
        for kind in TYPES
        if (example := phonenumbers.example_number_for_type(region, kind)) is not None
    }
)


@st.composite
def phone_inputs(draw: st.DrawFn) -> tuple[str, str]:
    """A (possibly formatted, possibly broken) number and the E.164 digits it was built from."""
    e164 = draw(st.sampled_from(EXAMPLES))
    tail = draw(st.text(alphabet="0123456789", min_size=0, max_size=4))
    digits = e164[1 : len(e164) - len(tail)] + tail
    separator = draw(st.sampled_from(["", " ", "-", ".", "\u00a0"]))
    body = separator.join(digits[i : i + 3] for i in range(0, len(digits), 3))
    prefix = draw(st.sampled_from(["+", "+", "＋", "00 ", ""]))
    suffix = draw(st.sampled_from(["", "", " x12", " ext. 345", ";ext=6", "\n", "\u200b"]))
    return prefix + body + suffix, digits


def ascii_digits(text: str) -> str:
    return "".join(
        str(unicodedata.decimal(ch)) for ch in text if unicodedata.decimal(ch, None) is not None
    )


def no_long_run(message: str, digits: str) -> bool:
    return not any(digits[i : i + 5] in message for i in range(len(digits) - 4))


RULES = st.builds(
    PhoneRules,
    allowed_regions=st.none() | st.frozensets(st.sampled_from([*REGIONS, "001"]), max_size=4),
    blocked_regions=st.frozensets(st.sampled_from(REGIONS), max_size=2),
    allow_voip=st.booleans(),
    sms_required=st.booleans(),
    allow_extension=st.booleans(),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entry=phone_inputs(), rules=RULES, region=st.sampled_from([None, "US", "DE", "GB"]))
def test_phone_results_and_errors_hold_no_full_number(
    entry: tuple[str, str], rules: PhoneRules, region: str | None
) -> None:
    text, digits = entry
    number = attempt(lambda: parse(text, default_region=region, rules=rules))
    if isinstance(number, SecinfoError):
        assert isinstance(number, InvalidPhoneNumber)
        assert isinstance(number.reason, PhoneReason)
        assert no_long_run(str(number), digits)
        assert no_long_run(str(number), ascii_digits(text))
        assert "\n" not in str(number)
        return
    for shown in (repr(number), str(number), number.masked):
        assert no_long_run(shown, number.e164[1:])
        assert no_long_run(shown, digits)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=80),
    kind=st.sampled_from(["mobile_phone", "alternate_phone", "office_phone"]),
    extension=st.none() | st.text(max_size=20),
)
def test_arbitrary_phone_text_fails_only_with_a_phone_reason(
    text: str, kind: str, extension: str | None
) -> None:
    digits = ascii_digits(text)
    number = attempt(
        lambda: check_registration_number(
            text, extension, kind=kind, settings=PhoneSettings(allow_voip=True)
        )
    )
    if isinstance(number, SecinfoError):
        assert isinstance(number, InvalidPhoneNumber)
        assert isinstance(number.reason, PhoneReason)
        assert no_long_run(str(number), digits)
        return
    assert no_long_run(repr(number), number.e164[1:])
