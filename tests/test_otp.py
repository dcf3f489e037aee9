"""Tests of secinfo.otp: RFC vectors, the bad-input table (security-anchors.md §3 rows 5–11),
the pyotp adapter, replay, throttled enrollment and secret hygiene."""

from __future__ import annotations

import base64
import hmac
import pickle
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyotp
import pytest
from pyotp.exceptions import OTPVerificationError

from secinfo import otp
from secinfo.errors import InvalidArgument, InvalidSecret, OtpConfigurationError, SecinfoError
from secinfo.otp import (
    Enrollment,
    OtpAlgorithm,
    OtpReason,
    OtpResult,
    code_at,
    confirm_enrollment,
    hotp_at,
    new_secret,
    provisioning_uri,
    restart_enrollment,
    start_enrollment,
    verify,
    verify_hotp,
)

SEED_SHA1 = b"12345678901234567890"
SEED_SHA256 = b"12345678901234567890123456789012"
SEED_SHA512 = b"1234567890123456789012345678901234567890123456789012345678901234"
SECRETS = {
    "sha1": base64.b32encode(SEED_SHA1).decode(),
    "sha256": base64.b32encode(SEED_SHA256).decode(),
    "sha512": base64.b32encode(SEED_SHA512).decode(),
}
SECRET = SECRETS["sha1"]
NOW = datetime(2026, 11, 25, 12, 0, 7, tzinfo=UTC)
STEP = int(NOW.timestamp()) // 30

# RFC 6238 Appendix B (8 digits, T0 = 0, X = 30 s).
RFC6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]
RFC6238_CASES = [
    (seconds, algorithm, code)
    for seconds, *codes in RFC6238
    for algorithm, code in zip(("sha1", "sha256", "sha512"), codes, strict=True)
]
# RFC 4226 Appendix D (SHA-1, 6 digits), counters 0–9.
RFC4226 = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583"]
RFC4226 += ["399871", "520489"]


def at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def fixed_bytes(value: int) -> Callable[[int], bytes]:
    return lambda n: bytes([value]) * n


def code_for_step(step: int, secret: str = SECRET) -> str:
    return hotp_at(secret, step)


@pytest.fixture
def no_pyotp(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any use of pyotp's TOTP/HOTP fail the test."""

    def boom(*_args: object, **_kwargs: object) -> Any:
        raise AssertionError("pyotp must not be called")

    monkeypatch.setattr(pyotp, "TOTP", boom)
    monkeypatch.setattr(pyotp, "HOTP", boom)


# --------------------------------------------------------------------------- RFC vectors


def test_rfc6238_has_all_18_vectors() -> None:
    assert len(RFC6238_CASES) == 18
    assert len(set(RFC6238_CASES)) == 18


@pytest.mark.parametrize(("seconds", "algorithm", "code"), RFC6238_CASES)
def test_rfc6238_appendix_b(seconds: int, algorithm: str, code: str) -> None:
    secret = SECRETS[algorithm]
    now = at(seconds)
    result = verify(secret, code, now=now, digits=8, algorithm=algorithm, window=0)
    assert result == OtpResult(ok=True, reason=OtpReason.OK, step=seconds // 30)
    assert code_at(secret, now=now, digits=8, algorithm=algorithm) == code
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    assert verify(secret, wrong, now=now, digits=8, algorithm=algorithm).reason == "invalid_code"


@pytest.mark.parametrize(
    ("seconds", "code"), [(1111111111, "050471"), (1234567890, "005924"), (2000000000, "279037")]
)
def test_rfc6238_six_digit_truncations_keep_leading_zeros(seconds: int, code: str) -> None:
    assert verify(SECRET, code, now=at(seconds), window=0).ok
    assert verify(SECRET, int(code), now=at(seconds)).reason is OtpReason.INVALID_FORMAT


@pytest.mark.parametrize(("counter", "code"), list(enumerate(RFC4226)))
def test_rfc4226_appendix_d(counter: int, code: str) -> None:
    assert hotp_at(SECRET, counter) == code
    assert verify_hotp(SECRET, code, counter=counter) == OtpResult(
        ok=True, reason=OtpReason.OK, step=counter
    )
    assert verify_hotp(SECRET, code, counter=counter + 1).reason is OtpReason.INVALID_CODE
    # A TOTP step is an HOTP counter: the same vector through verify().
    assert verify(SECRET, code, now=at(counter * 30 + 29), window=0).step == counter


def test_verify_hotp_checks_format_before_comparing(no_pyotp: None) -> None:
    assert verify_hotp(SECRET, "７５５２２４", counter=0).reason is OtpReason.INVALID_FORMAT


# --------------------------------------------------------------------------- bad inputs 5–11

NON_ASCII_DIGITS = [
    "٠١٢٣٤٥",  # Arabic-Indic
    "۰۱۲۳۴۵",  # Extended Arabic-Indic
    "०१२३४५",  # Devanagari
    "１２３４５６",  # full-width
    "¹²³⁴⁵⁶",  # superscript
    "𝟏𝟐𝟑𝟒𝟓𝟔",  # mathematical bold
]


@pytest.mark.parametrize("code", NON_ASCII_DIGITS)
def test_row05_non_ascii_digits_are_invalid_format(code: str, no_pyotp: None) -> None:
    assert verify(SECRET, code, now=NOW) == OtpResult(ok=False, reason=OtpReason.INVALID_FORMAT)


def test_F18_non_ascii_digits_rejected() -> None:
    """F18: OTP codes must be exactly ASCII digits of the configured length.

    pyotp compares after NFKC, so it accepts the full-width, superscript and math-bold forms of
    the right code; secinfo must report them as ``invalid_format``.
    """
    real = code_at(SECRET, now=NOW)
    translations = [0xFF10, 0x2070, 0x1D7CE]  # full-width, superscript-ish, math bold zero
    superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹"
    for base in translations:
        if base == 0x2070:
            variant = "".join(superscripts[int(d)] for d in real)
        else:
            variant = "".join(chr(base + int(d)) for d in real)
        assert pyotp.TOTP(SECRET).verify(variant, for_time=NOW), "pyotp accepts it (NFKC)"
        assert verify(SECRET, variant, now=NOW).reason is OtpReason.INVALID_FORMAT
    assert verify(SECRET, real, now=NOW).ok


@pytest.mark.parametrize(
    "template",
    [" {}", "{} ", "{}\n", "\u00a0{}", "{}\u00a0", "{a}\u200b{b}", "{a} {b}", "{a}\t{b}"],
)
def test_row06_padding_and_invisible_characters(template: str, no_pyotp: None) -> None:
    real = "123456"
    code = template.format(real, a=real[:3], b=real[3:])
    assert verify(SECRET, code, now=NOW).reason is OtpReason.INVALID_FORMAT


def test_row06_real_code_with_a_space_is_still_refused() -> None:
    real = code_at(SECRET, now=NOW)
    assert verify(SECRET, real, now=NOW).ok
    assert verify(SECRET, f"{real[:3]} {real[3:]}", now=NOW).reason is OtpReason.INVALID_FORMAT


@pytest.mark.parametrize("code", [123456, b"123456", None, True, False, [], 12.0, bytearray(b"1")])
def test_row07_wrong_types_are_invalid_format(code: object, no_pyotp: None) -> None:
    assert verify(SECRET, code, now=NOW).reason is OtpReason.INVALID_FORMAT


def test_row07_int_of_the_right_code_is_refused() -> None:
    now = at(1111111111)  # six-digit code "050471" has a leading zero
    assert verify(SECRET, "050471", now=now).ok
    assert verify(SECRET, 50471, now=now).reason is OtpReason.INVALID_FORMAT
    assert verify(SECRET, b"050471", now=now).reason is OtpReason.INVALID_FORMAT


@pytest.mark.parametrize(
    "code", ["12345", "1234567", "123456789", "", "+12345", "-12345", "+123456", "1" * 10**6]
)
def test_row08_wrong_length_or_signed(code: str, no_pyotp: None) -> None:
    assert verify(SECRET, code, now=NOW).reason is OtpReason.INVALID_FORMAT


def test_row08_length_is_configured_digits() -> None:
    real8 = code_at(SECRET, now=NOW, digits=8)
    assert verify(SECRET, real8, now=NOW, digits=8).ok
    assert verify(SECRET, real8[:6], now=NOW, digits=8).reason is OtpReason.INVALID_FORMAT
    assert verify(SECRET, real8, now=NOW).reason is OtpReason.INVALID_FORMAT


def test_row09_replay_same_code_twice() -> None:
    code = code_at(SECRET, now=NOW)
    first = verify(SECRET, code, now=NOW)
    assert first.ok
    assert first.step == STEP
    second = verify(SECRET, code, now=NOW, last_step=first.step)
    assert second == OtpResult(ok=False, reason=OtpReason.CODE_REUSED, step=STEP)


def test_row09_older_step_after_newer_is_reused() -> None:
    newer = verify(SECRET, code_for_step(STEP), now=NOW)
    assert newer.ok
    older = verify(SECRET, code_for_step(STEP - 1), now=NOW, last_step=newer.step)
    assert older.reason is OtpReason.CODE_REUSED
    fresh = verify(SECRET, code_for_step(STEP + 1), now=NOW, last_step=newer.step)
    assert fresh.ok
    assert fresh.step == STEP + 1


def test_row09_watermark_is_strict() -> None:
    assert verify(SECRET, code_for_step(STEP), now=NOW, last_step=STEP - 1).ok
    assert verify(SECRET, code_for_step(STEP), now=NOW, last_step=STEP).reason == "code_reused"


@pytest.mark.parametrize(
    "secret",
    [
        "not base32!!",
        "ABCDEFGH01890000ABCDEFGH",  # 0, 1, 8 and 9 are not base32
        "JBSWY3DP",  # 40 bits
        "JBSWY3DPEHPK3PX",  # 75 bits, odd length
        "JBSWY3DPEHPK3PXPJBSWY",  # 105 bits
        "",
        "JBSWY3DP EHPK3PXP JBSWY3DP EHPK3PXP",
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP=",  # padding where none belongs
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJ",  # 33 characters: impossible base32 length
        "ＪＢＳＷＹ３ＤＰＥＨＰＫ３ＰＸＰ",
        "A" * 1000,
        "JBSWY3DP\nEHPK3PXPJBSWY3DPEHPK3PXP",
    ],
)
def test_row10_bad_secrets(secret: str) -> None:
    with pytest.raises(InvalidSecret) as info:
        verify(secret, "123456", now=NOW)
    assert secret not in str(info.value) or not secret
    with pytest.raises(InvalidSecret):
        provisioning_uri(secret, account="a", issuer="b")


@pytest.mark.parametrize("secret", [None, 123, b"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"])
def test_row10_non_string_secrets(secret: object) -> None:
    with pytest.raises(InvalidSecret):
        verify(secret, "123456", now=NOW)  # type: ignore[arg-type]


def test_row10_lowercase_and_padding_are_normalised() -> None:
    """Documented choice: base32 is case-insensitive; correct ``=`` padding is accepted."""
    code = code_at(SECRET, now=NOW)
    assert verify(SECRET.lower(), code, now=NOW).ok
    padded = base64.b32encode(b"0123456789abcdef").decode()  # 128 bits, ends with '='
    assert padded.endswith("=")
    assert verify(padded, code_at(padded.rstrip("="), now=NOW), now=NOW).ok
    assert Enrollment(secret=padded.lower()).secret == padded.rstrip("=")


def test_row10_128_bits_is_the_minimum() -> None:
    sixteen = base64.b32encode(b"x" * 16).decode()
    fifteen = base64.b32encode(b"x" * 15).decode()
    assert verify(sixteen, "123456", now=NOW).reason in {"invalid_code", "ok"}
    with pytest.raises(InvalidSecret):
        verify(fifteen, "123456", now=NOW)  # pyotp alone would accept 120 bits


@pytest.mark.parametrize(
    "config",
    [
        {"digits": 10},
        {"digits": 5},
        {"digits": 9},
        {"digits": True},
        {"digits": "6"},
        {"algorithm": "md5"},
        {"algorithm": "SHA1"},
        {"algorithm": "sha224"},
        {"algorithm": None},
        {"window": -1},
        {"window": 2},
        {"window": True},
        {"window": False},
        {"window": 1.5},
        {"window": 1.0},
        {"period": 0},
        {"period": 600},
        {"period": 29},
        {"period": 121},
        {"period": True},
        {"period": 30.0},
        {"max_attempts": 0},
        {"max_attempts": 101},
        {"max_attempts": True},
    ],
)
def test_row11_bad_config(config: dict[str, Any]) -> None:
    with pytest.raises(OtpConfigurationError):
        verify(SECRET, "123456", now=NOW, **config)


def test_row11_allowed_config_edges() -> None:
    for digits in (6, 7, 8):
        for algorithm in OtpAlgorithm:
            for period in (30, 60, 120):
                code = code_at(SECRET, now=NOW, digits=digits, algorithm=algorithm, period=period)
                result = verify(
                    SECRET, code, now=NOW, digits=digits, algorithm=algorithm, period=period
                )
                assert result.ok, (digits, algorithm, period)
                assert result.step == int(NOW.timestamp()) // period


# --------------------------------------------------------------------------- time


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 1, 1, 12, 0),
        datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(1900, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5))),
        1_700_000_000,
        float("nan"),
        float("inf"),
        2**63,
        "2026-01-01T00:00:00Z",
        None,
    ],
)
def test_rows01_03_naive_or_out_of_range_now(now: object) -> None:
    with pytest.raises(InvalidArgument) as info:
        verify(SECRET, "123456", now=now)  # type: ignore[arg-type]
    assert info.value.path == "now"


def test_time_edges_inside_range() -> None:
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    assert verify(SECRET, code_for_step(0), now=epoch).step == 0  # window 1 at step 0
    last = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert verify(SECRET, code_at(SECRET, now=last), now=last).ok


def test_row02_other_time_zone_same_result() -> None:
    code = code_at(SECRET, now=NOW)
    india = NOW.astimezone(timezone(timedelta(hours=5, minutes=30)))
    assert verify(SECRET, code, now=india) == verify(SECRET, code, now=NOW)


@pytest.mark.parametrize("last_step", [-1, True, "5", 1.5])
def test_bad_last_step(last_step: object) -> None:
    with pytest.raises(InvalidArgument):
        verify(SECRET, "123456", now=NOW, last_step=last_step)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- window


@pytest.mark.parametrize(
    ("offset", "window", "ok"),
    [
        (0, 0, True),
        (-1, 0, False),
        (1, 0, False),
        (-1, 1, True),
        (1, 1, True),
        (-2, 1, False),
        (2, 1, False),
    ],
)
def test_window_bounds(offset: int, window: int, ok: bool) -> None:
    result = verify(SECRET, code_for_step(STEP + offset), now=NOW, window=window)
    assert result.ok is ok
    assert result.step == (STEP + offset if ok else None)


def test_default_window_is_one_step() -> None:
    assert otp.DEFAULT_WINDOW == 1
    assert verify(SECRET, code_for_step(STEP - 1), now=NOW).ok


# --------------------------------------------------------------------------- pyotp adapter


class FakeVerifier:
    """Stands in for pyotp.TOTP: matches *code* only at *steps*, mismatching by *style*."""

    def __init__(self, code: str, steps: set[int], style: str) -> None:
        self.code, self.steps, self.style = code, steps, style
        self.calls: list[int] = []

    def verify_and_get_timecode(
        self, otp: str, *, for_time: int, valid_window: int = 0
    ) -> int | bool:
        assert valid_window == 0
        step = for_time // 30
        self.calls.append(step)
        if hmac.compare_digest(otp, self.code) and step in self.steps:
            return True if self.style == "true" else step
        if self.style == "raise":
            raise OTPVerificationError("no match")
        return False


@pytest.mark.parametrize("style", ["raise", "false", "true"])
def test_adapter_match_and_mismatch_paths(style: str) -> None:
    match = otp._matched_step
    hit = FakeVerifier("123456", {100}, style)
    assert match(hit, "123456", step=100, window=1, period=30) == 100
    assert hit.calls == [99, 100, 101]
    assert match(FakeVerifier("123456", {99}, style), "123456", step=100, window=1, period=30) == 99
    miss = FakeVerifier("123456", {100}, style)
    assert match(miss, "654321", step=100, window=1, period=30) is None
    assert (
        match(FakeVerifier("123456", {98}, style), "123456", step=100, window=1, period=30) is None
    )


@pytest.mark.parametrize("style", ["raise", "false"])
def test_adapter_step_zero_is_a_match_not_false(style: str) -> None:
    fake = FakeVerifier("123456", {0}, style)
    assert otp._matched_step(fake, "123456", step=0, window=1, period=30) == 0
    assert fake.calls == [0, 1]  # never asks for step -1


def test_adapter_prefers_the_newest_matching_step() -> None:
    fake = FakeVerifier("123456", {99, 101}, "raise")
    assert otp._matched_step(fake, "123456", step=100, window=1, period=30) == 101


def test_adapter_with_real_pyotp_raises_on_mismatch() -> None:
    totp = pyotp.TOTP(SECRET)
    with pytest.raises(OTPVerificationError):
        totp.verify_and_get_timecode("000000", for_time=STEP * 30, valid_window=0)
    wrong = f"{(int(code_for_step(STEP)) + 1) % 10**6:06d}"
    assert otp._matched_step(totp, wrong, step=STEP, window=1, period=30) is None
    assert otp._matched_step(totp, code_for_step(STEP), step=STEP, window=1, period=30) == STEP


def test_codes_are_compared_with_compare_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[bytes, bytes]] = []
    original = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return original(a, b)

    monkeypatch.setattr(pyotp.utils, "compare_digest", spy)
    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert verify(SECRET, code_at(SECRET, now=NOW), now=NOW).ok
    assert seen
    seen.clear()
    assert verify_hotp(SECRET, "755224", counter=0).ok
    assert seen


# --------------------------------------------------------------------------- secrets and URIs


def test_new_secret_is_160_bits_from_the_injected_source() -> None:
    requested: list[int] = []

    def source(n: int) -> bytes:
        requested.append(n)
        return bytes(range(n))

    secret = new_secret(random_bytes=source)
    assert requested == [20]
    assert base64.b32decode(secret) == bytes(range(20))
    assert len(secret) == 32
    assert new_secret() != new_secret()
    longer = new_secret(random_bytes=source, length=32)
    assert base64.b32decode(longer + "=" * (-len(longer) % 8)) == bytes(range(32))


@pytest.mark.parametrize("source", [lambda n: b"\x00" * (n - 1), lambda n: "x" * n, lambda n: None])
def test_new_secret_rejects_a_broken_source(source: Callable[[int], Any]) -> None:
    with pytest.raises(InvalidArgument):
        new_secret(random_bytes=source)


@pytest.mark.parametrize("length", [19, 65, True, 20.0])
def test_new_secret_rejects_bad_lengths(length: Any) -> None:
    with pytest.raises(InvalidArgument):
        new_secret(length=length)


def test_provisioning_uri_escapes_and_round_trips() -> None:
    uri = provisioning_uri(
        SECRET, account="ada lovelace+mfa@example.com", issuer="Contoso & Sons/Ü", digits=8
    )
    assert uri.startswith("otpauth://totp/Contoso%20%26%20Sons%2F%C3%9C:ada%20lovelace%2Bmfa%40")
    assert " " not in uri
    assert "&digits=8" in uri
    parsed = pyotp.parse_uri(uri)
    assert isinstance(parsed, pyotp.TOTP)
    assert parsed.secret == SECRET
    assert parsed.issuer == "Contoso & Sons/Ü"
    assert parsed.name == "ada lovelace+mfa@example.com"
    assert parsed.digits == 8


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("issuer", "Contoso:Evil"),
        ("account", "ada:admin"),
        ("account", "ada\nInjected: yes"),
        ("account", "ada\x00"),
        ("issuer", "Contoso\u202e"),
        ("issuer", ""),
        ("account", "x" * 300),
        ("account", None),
    ],
)
def test_provisioning_uri_rejects_bad_labels(field: str, value: object) -> None:
    labels: dict[str, Any] = {"account": "ada@example.com", "issuer": "Contoso"}
    labels[field] = value
    with pytest.raises(InvalidArgument) as info:
        provisioning_uri(SECRET, **labels)
    assert info.value.path == field
    assert SECRET not in str(info.value)


# --------------------------------------------------------------------------- enrollment


def test_F16_enrollment_step_is_consumed() -> None:
    """F16: enrollment consumes its time step; the enrollment code is then ``code_reused`` at
    the first sign-in (verify with ``last_step=state.consumed_step``)."""
    state = start_enrollment(random_bytes=fixed_bytes(7))
    code = code_at(state.secret, now=NOW)
    done = confirm_enrollment(state, code, now=NOW)
    assert done.ok
    assert done.enrollment.confirmed
    assert done.enrollment.consumed_step == STEP
    later = NOW + timedelta(seconds=20)  # still within the window
    login = verify(state.secret, code, now=later, last_step=done.enrollment.consumed_step)
    assert login.reason is OtpReason.CODE_REUSED
    assert not login.ok
    next_code = code_at(state.secret, now=NOW + timedelta(seconds=30))
    assert verify(state.secret, next_code, now=later, last_step=STEP).ok


def test_enrollment_failures_are_counted_and_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    state = start_enrollment(random_bytes=fixed_bytes(1))
    wrong = f"{(int(code_at(state.secret, now=NOW)) + 500) % 10**6:06d}"
    for expected in range(1, 11):
        result = confirm_enrollment(state, wrong, now=NOW)
        assert result.reason is OtpReason.INVALID_CODE
        state = result.enrollment
        assert state.failed_attempts == expected
    calls: list[object] = []
    monkeypatch.setattr(pyotp, "TOTP", lambda *a, **k: calls.append(a))
    right = hotp_at(state.secret, STEP)
    throttled = confirm_enrollment(state, right, now=NOW)
    assert throttled.reason is OtpReason.THROTTLED
    assert not throttled.ok
    assert throttled.enrollment == state
    assert calls == []


def test_enrollment_cap_is_configurable_and_format_errors_count() -> None:
    state = start_enrollment(random_bytes=fixed_bytes(2))
    for _ in range(3):
        state = confirm_enrollment(state, "１２３４５６", now=NOW, max_attempts=3).enrollment
    assert state.failed_attempts == 3
    right = code_at(state.secret, now=NOW)
    assert confirm_enrollment(state, right, now=NOW, max_attempts=3).reason == "throttled"
    assert confirm_enrollment(state, right, now=NOW, max_attempts=4).ok


def test_restart_keeps_the_count_and_success_resets_it() -> None:
    state = start_enrollment(random_bytes=fixed_bytes(3))
    state = confirm_enrollment(state, "000000", now=NOW).enrollment
    state = confirm_enrollment(state, "000001", now=NOW).enrollment
    restarted = restart_enrollment(state, random_bytes=fixed_bytes(4))
    assert restarted.secret != state.secret
    assert restarted.failed_attempts == 2
    again = start_enrollment(random_bytes=fixed_bytes(5), failed_attempts=9)
    assert again.failed_attempts == 9
    done = confirm_enrollment(restarted, code_at(restarted.secret, now=NOW), now=NOW)
    assert done.ok
    assert done.enrollment.failed_attempts == 0


def test_restart_of_a_confirmed_enrollment_is_unconfirmed() -> None:
    state = start_enrollment(random_bytes=fixed_bytes(6))
    done = confirm_enrollment(state, code_at(state.secret, now=NOW), now=NOW).enrollment
    again = restart_enrollment(done, random_bytes=fixed_bytes(8))
    assert not again.confirmed
    assert again.consumed_step is None


def test_confirming_twice_is_an_error() -> None:
    state = start_enrollment(random_bytes=fixed_bytes(6))
    done = confirm_enrollment(state, code_at(state.secret, now=NOW), now=NOW).enrollment
    with pytest.raises(InvalidArgument):
        confirm_enrollment(done, code_at(state.secret, now=NOW), now=NOW)


@pytest.mark.parametrize(
    "fields",
    [
        {"confirmed": True},
        {"consumed_step": 5},
        {"failed_attempts": -1},
        {"failed_attempts": True},
        {"digits": 9},
        {"algorithm": "md5"},
        {"period": 10},
        {"secret": "JBSWY3DP"},
    ],
)
def test_enrollment_state_is_validated(fields: dict[str, Any]) -> None:
    values: dict[str, Any] = {"secret": SECRET, **fields}
    with pytest.raises(SecinfoError):
        Enrollment(**values)


def test_enrollment_rejects_non_enrollments() -> None:
    with pytest.raises(InvalidArgument):
        confirm_enrollment(SECRET, "123456", now=NOW)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        restart_enrollment(None)  # type: ignore[arg-type]


def test_secret_never_in_repr_or_messages() -> None:
    state = start_enrollment(random_bytes=fixed_bytes(9))
    code = code_at(state.secret, now=NOW)
    result = confirm_enrollment(state, code, now=NOW)
    for text in (repr(state), str(state), repr(result), str(result)):
        assert state.secret not in text
        assert code not in text
    assert state.secret in state.provisioning_uri(account="ada", issuer="Contoso")
    assert pickle.loads(pickle.dumps(state)) == state  # state is storable


def test_enrollment_uses_its_configuration() -> None:
    state = start_enrollment(random_bytes=fixed_bytes(10), digits=8, algorithm="sha256", period=60)
    code = code_at(state.secret, now=NOW, digits=8, algorithm="sha256", period=60)
    done = confirm_enrollment(state, code, now=NOW)
    assert done.ok
    assert done.step == int(NOW.timestamp()) // 60
    assert "algorithm=SHA256&digits=8&period=60" in state.provisioning_uri(account="a", issuer="b")


def test_docs_enrollment_example_runs() -> None:
    """The enrollment example in docs/otp.md is runnable as written."""
    page = Path(__file__).resolve().parents[1] / "docs" / "otp.md"
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL)
    assert blocks
    for block in blocks:
        exec(compile(block, str(page), "exec"), {})


@pytest.mark.parametrize("counter", [2**64, 2**64 + 1, 10**30])
def test_hotp_counter_beyond_eight_bytes_is_an_error_not_a_code(counter: int) -> None:
    """Issue 11: RFC 4226's counter is 8 bytes; pyotp would silently produce a longer one."""
    with pytest.raises(InvalidArgument) as info:
        hotp_at(SECRET, counter)
    assert info.value.path == "counter"
    with pytest.raises(InvalidArgument):
        verify_hotp(SECRET, "123456", counter=counter)
    assert len(hotp_at(SECRET, 2**64 - 1)) == 6


def test_provisioning_uri_refuses_a_lone_surrogate() -> None:
    """Found by the thorough fuzz profile: a lone surrogate made ``quote`` raise
    ``UnicodeEncodeError``."""
    with pytest.raises(InvalidArgument) as info:
        provisioning_uri(SECRET, account="ada", issuer="\ud800")
    assert info.value.path == "issuer"
