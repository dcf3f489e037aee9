"""TOTP enrollment and verification (RFC 6238) on top of pyotp, with the checks pyotp leaves out.

Everything here is a pure function: the time is always the ``now`` argument (an aware
:class:`~datetime.datetime`), randomness comes only from an injectable ``random_bytes`` callable,
and the state a caller must keep (the secret, the last consumed time step, the failed-attempt
count) is returned as frozen values for the caller to store.

What this module adds to pyotp:

* **Strict code format.** A code must be exactly ``digits`` ASCII digits *before* pyotp sees it.
  pyotp compares after NFKC normalisation, so it would accept full-width (``１２３４５６``),
  superscript or mathematical-bold digits; an ``int`` would lose its leading zeros. Anything else
  is :attr:`OtpReason.INVALID_FORMAT`, and the length is checked first, so a huge string is
  rejected in constant time.
* **Replay protection.** :func:`verify` takes the last step the credential accepted
  (``last_step``) and reports a code whose matched step is not newer as
  :attr:`OtpReason.CODE_REUSED`. Enrollment consumes the step it was confirmed with.
* **Throttling.** Failed attempts are counted in the returned state and capped; at the cap the
  result is :attr:`OtpReason.THROTTLED` and pyotp is not called at all.
* **Allow-listed configuration.** ``digits`` 6–8, ``algorithm`` sha1/sha256/sha512, ``period``
  30–120 s and ``window`` 0 or 1; anything else is :class:`~secinfo.errors.OtpConfigurationError`.
* **Secrets stay secret.** No secret or code appears in a ``repr()`` or in an error message.

The verification window
-----------------------

``window=1`` (the default) accepts the code of the current time step and of one step either
side. RFC 6238 §5.2 recommends allowing "at most one time step" of network delay, and users need
a few seconds to type a code that is about to roll over. OWASP ASVS 5.0 requirement 6.5.5 asks for
a TOTP lifetime of at most 30 seconds; a tenant that wants that strictly passes ``window=0``
(only the current 30-second step). Larger windows are refused: every extra step multiplies the
chance of guessing a code. Replay protection (``last_step``) holds for any window.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import quote, urlencode

import attrs
import pyotp
from pyotp.exceptions import OTPVerificationError

from ._mask import describe
from ._validate import require_aware
from .errors import InvalidArgument, InvalidArgumentType, InvalidSecret, OtpConfigurationError

__all__ = [
    "DEFAULT_MAX_ATTEMPTS",
    "DEFAULT_WINDOW",
    "MAX_ATTEMPTS_LIMIT",
    "Enrollment",
    "EnrollmentResult",
    "OtpAlgorithm",
    "OtpReason",
    "OtpResult",
    "code_at",
    "confirm_enrollment",
    "hotp_at",
    "new_secret",
    "provisioning_uri",
    "restart_enrollment",
    "start_enrollment",
    "verify",
    "verify_hotp",
]

DEFAULT_WINDOW = 1
"""Steps accepted either side of the current one (RFC 6238 §5.2: one step of network delay)."""

DEFAULT_MAX_ATTEMPTS = 10
"""Consecutive failed enrollment attempts before :attr:`OtpReason.THROTTLED`."""

MAX_ATTEMPTS_LIMIT = 100
"""The largest allowed ``max_attempts`` (NIST SP 800-63B: no more than 100 failures)."""

_SECRET_BYTES = 20
_MIN_SECRET_BYTES = 16
_MAX_SECRET_BYTES = 64
_MAX_SECRET_CHARS = 256
_MAX_LABEL_CHARS = 256
_MAX_COUNTER = 2**64 - 1  # RFC 4226 §5.1: C is an 8-byte counter
_TIMESTAMP_LIMIT = 253_402_300_800  # 10000-01-01T00:00:00Z, exclusive
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_BASE32 = re.compile(r"[A-Z2-7]+=*")


class OtpReason(enum.StrEnum):
    """The outcome of a verification (a wire value).

    >>> OtpReason("code_reused") is OtpReason.CODE_REUSED
    True
    """

    OK = "ok"
    INVALID_FORMAT = "invalid_format"
    INVALID_CODE = "invalid_code"
    CODE_REUSED = "code_reused"
    THROTTLED = "throttled"


class OtpAlgorithm(enum.StrEnum):
    """The HMAC hash functions allowed for TOTP (RFC 6238 §1.2)."""

    SHA1 = "sha1"
    SHA256 = "sha256"
    SHA512 = "sha512"

    @property
    def digest(self) -> Any:
        """The :mod:`hashlib` constructor pyotp expects."""
        return {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}[
            self.value
        ]


# --------------------------------------------------------------------------- validation


def _digits(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 6 <= value <= 8:
        raise OtpConfigurationError(f"digits: {describe(value)} is not 6, 7 or 8")
    return value


def _algorithm(value: object) -> OtpAlgorithm:
    if isinstance(value, OtpAlgorithm):
        return value
    if isinstance(value, str) and value in {member.value for member in OtpAlgorithm}:
        return OtpAlgorithm(value)
    raise OtpConfigurationError(f"algorithm: {describe(value)} is not sha1, sha256 or sha512")


def _period(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 30 <= value <= 120:
        raise OtpConfigurationError(f"period: {describe(value)} is not 30–120 seconds")
    return value


def _window(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value not in (0, 1):
        raise OtpConfigurationError(f"window: {describe(value)} is not 0 or 1")
    return value


def _max_attempts(value: object) -> int:
    if (
        not isinstance(value, int)
        or isinstance(value, bool)
        or not 1 <= value <= MAX_ATTEMPTS_LIMIT
    ):
        raise OtpConfigurationError(
            f"max_attempts: {describe(value)} is not 1–{MAX_ATTEMPTS_LIMIT}"
        )
    return value


def _count(field: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        error = (
            InvalidArgument
            if isinstance(value, int) and not isinstance(value, bool)
            else (InvalidArgumentType)
        )
        raise error(field, f"expected a non-negative integer, got {describe(value)}")
    return value


def _counter(value: object) -> int:
    """An HOTP counter: RFC 4226 §5.1 makes it an 8-byte value, so ``0 ≤ counter < 2**64``."""
    count = _count("counter", value)
    if count > _MAX_COUNTER:
        raise InvalidArgument("counter", f"{describe(value)} does not fit in 8 bytes (RFC 4226)")
    return count


def _optional_step(field: str, value: object) -> int | None:
    return None if value is None else _count(field, value)


def _canonical_secret(secret: object) -> str:
    """The secret in canonical form (upper case, no padding), or :class:`InvalidSecret`.

    Lower-case letters are accepted and upper-cased (base32 is case-insensitive, RFC 4648 §6);
    ``=`` padding is accepted only where RFC 4648 puts it. Messages never quote the secret.
    """
    if not isinstance(secret, str):
        raise InvalidSecret(
            f"expected a base32 string, got a value of type {type(secret).__name__}"
        )
    if not secret:
        raise InvalidSecret("the secret is empty")
    if len(secret) > _MAX_SECRET_CHARS:
        raise InvalidSecret(f"the secret is longer than {_MAX_SECRET_CHARS} characters")
    upper = secret.upper() if secret.isascii() else secret
    if not _BASE32.fullmatch(upper):
        raise InvalidSecret("the secret has characters outside the base32 alphabet (A-Z, 2-7)")
    body = upper.rstrip("=")
    padded = upper if len(body) != len(upper) else body + "=" * (-len(body) % 8)
    try:
        decoded = base64.b32decode(padded)
    except (binascii.Error, ValueError):
        raise InvalidSecret("the secret is not valid base32 (bad length or padding)") from None
    if len(decoded) < _MIN_SECRET_BYTES:
        raise InvalidSecret(
            f"the secret decodes to {len(decoded) * 8} bits; at least {_MIN_SECRET_BYTES * 8} "
            "are required"
        )
    return body


def _timestamp(now: object) -> int:
    """Whole seconds since the Unix epoch of an aware datetime in 1970–9999 (UTC)."""
    moment = require_aware("now", now)
    try:
        delta = moment - _EPOCH
    except (OverflowError, ValueError):  # pragma: no cover - exotic tzinfo
        raise InvalidArgument("now", "is out of range") from None
    seconds = delta.days * 86_400 + delta.seconds  # floor: microseconds are ignored
    if not 0 <= seconds < _TIMESTAMP_LIMIT:
        raise InvalidArgument("now", f"{moment.isoformat()} is before 1970 or after 9999 (UTC)")
    return seconds


def _well_formed(code: object, digits: int) -> bool:
    """Exactly *digits* ASCII digits; the length is checked first (O(1) for huge strings)."""
    return isinstance(code, str) and len(code) == digits and code.isascii() and code.isdigit()


# --------------------------------------------------------------------------- pyotp adapter


class _TimecodeVerifier(Protocol):
    """The part of ``pyotp.TOTP`` the adapter uses.

    pyotp 2.12 raises ``OTPVerificationError`` on a mismatch; older releases return ``False``.
    """

    def verify_and_get_timecode(
        self, otp: str, *, for_time: int, valid_window: int = 0
    ) -> int | bool: ...


def _totp(secret: str, digits: int, algorithm: OtpAlgorithm, period: int) -> pyotp.TOTP:
    try:
        return pyotp.TOTP(secret, digits=digits, digest=algorithm.digest, interval=period)
    except ValueError:  # pragma: no cover - every parameter was checked before
        raise OtpConfigurationError("pyotp refused the OTP parameters") from None


def _matched_step(
    verifier: _TimecodeVerifier, code: str, *, step: int, window: int, period: int
) -> int | None:
    """The newest step in ``step ± window`` whose code equals *code*, else ``None``.

    Each candidate step is checked on its own (``valid_window=0``), so no step before the epoch
    or after year 9999 is asked for, and every candidate is compared (no early exit). pyotp
    compares in constant time (``hmac.compare_digest``). A mismatch may be reported by raising
    ``OTPVerificationError`` or by returning ``False``; both mean "no match". A returned step
    ``0`` is a match (``0 == False`` in Python, so booleans are told apart by type).
    """
    matched: int | None = None
    last = min(step + window, (_TIMESTAMP_LIMIT - 1) // period)  # pyotp stops at year 9999
    for candidate in range(max(step - window, 0), last + 1):
        try:
            result = verifier.verify_and_get_timecode(
                code, for_time=candidate * period, valid_window=0
            )
        except OTPVerificationError:
            continue
        except ValueError:  # pragma: no cover - times and parameters were checked before
            raise OtpConfigurationError("pyotp refused the OTP parameters") from None
        if result is False:
            continue
        found = candidate if result is True else result
        if isinstance(found, int) and found == candidate:
            matched = candidate
    return matched


# --------------------------------------------------------------------------- public API


def new_secret(
    *, random_bytes: Callable[[int], bytes] = secrets.token_bytes, length: int = _SECRET_BYTES
) -> str:
    """A new random TOTP secret, base32 without padding (160 bits by default).

    ``random_bytes(n)`` must return *n* bytes from a CSPRNG (the default is
    :func:`secrets.token_bytes`; tests inject a deterministic one). ``length`` is the number of
    bytes, 20–64 (RFC 4226 §4 recommends 160 bits; RFC 6238 suggests the hash's output size).

    >>> new_secret(random_bytes=lambda n: bytes(range(n)))
    'AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQT'
    >>> len(new_secret())
    32
    """
    if (
        not isinstance(length, int)
        or isinstance(length, bool)
        or not _SECRET_BYTES <= length <= _MAX_SECRET_BYTES
    ):
        raise InvalidArgument(
            "length", f"{describe(length)} is not {_SECRET_BYTES}–{_MAX_SECRET_BYTES} bytes"
        )
    if not callable(random_bytes):
        raise InvalidArgument("random_bytes", f"expected a callable, got {describe(random_bytes)}")
    data = random_bytes(length)
    if not isinstance(data, bytes) or len(data) != length:
        size = f"{len(data)} bytes" if isinstance(data, bytes) else type(data).__name__
        raise InvalidArgument("random_bytes", f"returned {size}, expected {length} bytes")
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _label_part(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise InvalidArgumentType(field, f"expected a string, got {describe(value)}")
    if not value:
        raise InvalidArgument(field, "must not be empty")
    if len(value) > _MAX_LABEL_CHARS:
        raise InvalidArgument(field, f"is longer than {_MAX_LABEL_CHARS} characters")
    if ":" in value:
        raise InvalidArgument(field, "must not contain ':' (it separates issuer and account)")
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") for char in value):
        raise InvalidArgument(
            field, "must not contain control, invisible format, surrogate or line characters"
        )
    return value


def provisioning_uri(
    secret: str,
    *,
    account: str,
    issuer: str,
    digits: int = 6,
    algorithm: str = "sha1",
    period: int = 30,
) -> str:
    """The ``otpauth://`` URI an authenticator app scans (Key URI format).

    Issuer and account are percent-encoded; a ``:`` in either (it separates them in the label),
    control characters and invisible format characters are refused with
    :class:`~secinfo.errors.InvalidArgument`. The URI contains the secret: show it to the user
    once (as a QR code) and never log it.

    >>> provisioning_uri("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", account="ada@example.com",
    ...                  issuer="Contoso Ltd")  # doctest: +NORMALIZE_WHITESPACE
    'otpauth://totp/Contoso%20Ltd:ada%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Contoso%20Ltd&algorithm=SHA1&digits=6&period=30'
    """
    canonical = _canonical_secret(secret)
    digits = _digits(digits)
    chosen = _algorithm(algorithm)
    period = _period(period)
    issuer = _label_part("issuer", issuer)
    account = _label_part("account", account)
    label = f"{quote(issuer, safe='')}:{quote(account, safe='')}"
    query = urlencode(
        [
            ("secret", canonical),
            ("issuer", issuer),
            ("algorithm", chosen.value.upper()),
            ("digits", str(digits)),
            ("period", str(period)),
        ],
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"


@attrs.frozen(kw_only=True)
class OtpResult:
    """The outcome of :func:`verify`.

    ``step`` is the matched time step (the value to store as the next ``last_step`` when ``ok``;
    also set for ``code_reused``), otherwise ``None``. It is never the code itself.

    >>> OtpResult(ok=False, reason=OtpReason.INVALID_CODE)
    OtpResult(ok=False, reason=<OtpReason.INVALID_CODE: 'invalid_code'>, step=None)
    """

    ok: bool
    reason: OtpReason
    step: int | None = None


def verify(
    secret: str,
    code: object,
    *,
    now: datetime,
    last_step: int | None = None,
    window: int = DEFAULT_WINDOW,
    digits: int = 6,
    algorithm: str = "sha1",
    period: int = 30,
    failed_attempts: int = 0,
    max_attempts: int | None = None,
) -> OtpResult:
    """Verify a TOTP *code* at *now* (RFC 6238).

    Order of checks: the configuration (:class:`~secinfo.errors.OtpConfigurationError`), ``now``
    and ``last_step`` (:class:`~secinfo.errors.InvalidArgument`: naive, before 1970 or after
    9999), the secret (:class:`~secinfo.errors.InvalidSecret`: not base32, under 128 bits), then
    the outcome:

    * ``throttled`` when ``max_attempts`` is given and ``failed_attempts >= max_attempts``
      (pyotp is not called);
    * ``invalid_format`` unless *code* is a ``str`` of exactly ``digits`` ASCII digits;
    * ``invalid_code`` when no step in ``current ± window`` matches;
    * ``code_reused`` when the newest matching step is ``<= last_step`` (RFC 6238 §5.2: a code
      is accepted once);
    * ``ok`` otherwise, with the matched ``step`` — store it as the credential's ``last_step``.

    ``window`` is 0 or 1: one step of network delay (RFC 6238 §5.2) by default; 0 for a strict
    30-second lifetime (OWASP ASVS 5.0 6.5.5).

    >>> from datetime import datetime, UTC
    >>> secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # RFC 6238 seed "1234567890..." (SHA-1)
    >>> now = datetime.fromtimestamp(1111111109, UTC)
    >>> verify(secret, "07081804", now=now, digits=8)
    OtpResult(ok=True, reason=<OtpReason.OK: 'ok'>, step=37037036)
    >>> verify(secret, "07081804", now=now, digits=8, last_step=37037036).reason
    <OtpReason.CODE_REUSED: 'code_reused'>
    >>> verify(secret, "０７０８１８０４", now=now, digits=8).reason
    <OtpReason.INVALID_FORMAT: 'invalid_format'>
    """
    digits = _digits(digits)
    chosen = _algorithm(algorithm)
    period = _period(period)
    window = _window(window)
    limit = None if max_attempts is None else _max_attempts(max_attempts)
    seconds = _timestamp(now)
    previous = _optional_step("last_step", last_step)
    failures = _count("failed_attempts", failed_attempts)
    canonical = _canonical_secret(secret)

    if limit is not None and failures >= limit:
        return OtpResult(ok=False, reason=OtpReason.THROTTLED)
    if not _well_formed(code, digits):
        return OtpResult(ok=False, reason=OtpReason.INVALID_FORMAT)
    assert isinstance(code, str)
    totp = _totp(canonical, digits, chosen, period)
    matched = _matched_step(totp, code, step=seconds // period, window=window, period=period)
    if matched is None:
        return OtpResult(ok=False, reason=OtpReason.INVALID_CODE)
    if previous is not None and matched <= previous:
        return OtpResult(ok=False, reason=OtpReason.CODE_REUSED, step=matched)
    return OtpResult(ok=True, reason=OtpReason.OK, step=matched)


def code_at(
    secret: str, *, now: datetime, digits: int = 6, algorithm: str = "sha1", period: int = 30
) -> str:
    """The code an authenticator app shows at *now* (for tests, examples and simulators).

    >>> from datetime import datetime, UTC
    >>> code_at("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", now=datetime.fromtimestamp(59, UTC), digits=8)
    '94287082'
    """
    digits = _digits(digits)
    chosen = _algorithm(algorithm)
    period = _period(period)
    seconds = _timestamp(now)
    canonical = _canonical_secret(secret)
    return _totp(canonical, digits, chosen, period).generate_otp(seconds // period)


def hotp_at(secret: str, counter: int, *, digits: int = 6, algorithm: str = "sha1") -> str:
    """The HOTP code for an HMAC *counter* (RFC 4226); a TOTP code is ``hotp_at(secret, step)``.
    The counter is an 8-byte value: ``2**64`` or more is :class:`~secinfo.errors.InvalidArgument`.

    >>> hotp_at("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 0)
    '755224'
    """
    digits = _digits(digits)
    chosen = _algorithm(algorithm)
    count = _counter(counter)
    canonical = _canonical_secret(secret)
    try:
        hotp = pyotp.HOTP(canonical, digits=digits, digest=chosen.digest)
        return hotp.at(count)
    except ValueError:  # pragma: no cover - every parameter was checked before
        raise OtpConfigurationError("pyotp refused the OTP parameters") from None


def verify_hotp(
    secret: str, code: object, *, counter: int, digits: int = 6, algorithm: str = "sha1"
) -> OtpResult:
    """Verify an HOTP *code* for exactly one *counter* (RFC 4226), with the same format check
    as :func:`verify` and a constant-time comparison.

    >>> verify_hotp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "287082", counter=1).ok
    True
    """
    digits = _digits(digits)
    _algorithm(algorithm)
    _counter(counter)
    _canonical_secret(secret)
    if not _well_formed(code, digits):
        return OtpResult(ok=False, reason=OtpReason.INVALID_FORMAT)
    assert isinstance(code, str)
    expected = hotp_at(secret, counter, digits=digits, algorithm=algorithm)
    if hmac.compare_digest(code.encode("ascii"), expected.encode("ascii")):
        return OtpResult(ok=True, reason=OtpReason.OK, step=counter)
    return OtpResult(ok=False, reason=OtpReason.INVALID_CODE)


# --------------------------------------------------------------------------- enrollment


def _secret_field(_inst: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    _canonical_secret(value)


def _to_secret(value: object) -> object:
    try:
        return _canonical_secret(value)
    except InvalidSecret:
        return value  # the validator reports it


def _config_field(check: Callable[[object], object]) -> Any:
    def validate(_inst: object, _attribute: attrs.Attribute[Any], value: object) -> None:
        check(value)

    return validate


def _count_field(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _count(attribute.name, value)


def _consumed_field(inst: Enrollment, attribute: attrs.Attribute[Any], value: object) -> None:
    _optional_step(attribute.name, value)


def _confirmed_field(inst: Enrollment, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidArgumentType(attribute.name, f"expected true or false, got {describe(value)}")
    if value != (inst.consumed_step is not None):
        raise InvalidArgument(
            attribute.name, "a confirmed enrollment has a consumed_step, an unconfirmed one none"
        )


def _to_algorithm(value: object) -> object:
    try:
        return _algorithm(value)
    except OtpConfigurationError:
        return value


@attrs.frozen(kw_only=True)
class Enrollment:
    """The state of one TOTP credential being enrolled; the caller stores it between calls.

    ``secret`` is kept out of ``repr()`` (it is shown to the user once, through
    :meth:`provisioning_uri`). ``consumed_step`` is the step that confirmed the enrollment —
    pass it as ``last_step`` to :func:`verify` at the first sign-in so the enrollment code cannot
    be replayed. ``failed_attempts`` survives :func:`restart_enrollment`.

    >>> state = Enrollment(secret="jbswy3dpehpk3pxpjbswy3dpehpk3pxp")  # stored upper-case
    >>> state.secret, "JBSW" in repr(state), "secret" in repr(state)
    ('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', False, False)
    """

    secret: str = attrs.field(repr=False, converter=_to_secret, validator=_secret_field)
    digits: int = attrs.field(default=6, validator=_config_field(_digits))
    algorithm: OtpAlgorithm = attrs.field(
        default=OtpAlgorithm.SHA1, converter=_to_algorithm, validator=_config_field(_algorithm)
    )
    period: int = attrs.field(default=30, validator=_config_field(_period))
    consumed_step: int | None = attrs.field(default=None, validator=_consumed_field)
    failed_attempts: int = attrs.field(default=0, validator=_count_field)
    confirmed: bool = attrs.field(default=False, validator=_confirmed_field)

    def provisioning_uri(self, *, account: str, issuer: str) -> str:
        """The ``otpauth://`` URI of this credential (see :func:`provisioning_uri`)."""
        return provisioning_uri(
            self.secret,
            account=account,
            issuer=issuer,
            digits=self.digits,
            algorithm=self.algorithm,
            period=self.period,
        )


@attrs.frozen(kw_only=True)
class EnrollmentResult:
    """The outcome of :func:`confirm_enrollment` and the new state to store.

    ``enrollment`` is always the state to keep (with the updated attempt count), whether or not
    the code was accepted.
    """

    ok: bool
    reason: OtpReason
    step: int | None
    enrollment: Enrollment


def start_enrollment(
    *,
    random_bytes: Callable[[int], bytes] = secrets.token_bytes,
    digits: int = 6,
    algorithm: str = "sha1",
    period: int = 30,
    failed_attempts: int = 0,
) -> Enrollment:
    """Begin enrolling a new TOTP credential with a fresh 160-bit secret.

    ``failed_attempts`` carries over a count the caller keeps per user, so starting again never
    resets throttling.

    >>> start_enrollment(random_bytes=lambda n: b"\\x00" * n).confirmed
    False
    """
    return Enrollment(
        secret=new_secret(random_bytes=random_bytes),
        digits=digits,
        algorithm=_algorithm(algorithm),
        period=period,
        failed_attempts=_count("failed_attempts", failed_attempts),
    )


def restart_enrollment(
    enrollment: Enrollment, *, random_bytes: Callable[[int], bytes] = secrets.token_bytes
) -> Enrollment:
    """Issue a new secret for *enrollment* (e.g. the user lost the QR code).

    The failed-attempt count is kept: a new secret never resets throttling (NIST SP 800-63B-4
    §3.1.3.3). The new credential is unconfirmed.

    >>> state = Enrollment(secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", failed_attempts=3)
    >>> restart_enrollment(state).failed_attempts
    3
    """
    current = _enrollment(enrollment)
    return attrs.evolve(
        current,
        secret=new_secret(random_bytes=random_bytes),
        consumed_step=None,
        confirmed=False,
    )


def _enrollment(value: object) -> Enrollment:
    if not isinstance(value, Enrollment):
        raise InvalidArgumentType("enrollment", f"expected an Enrollment, got {describe(value)}")
    return value


def confirm_enrollment(
    enrollment: Enrollment,
    code: object,
    *,
    now: datetime,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    window: int = DEFAULT_WINDOW,
) -> EnrollmentResult:
    """Confirm an enrollment with the first code the user's app shows.

    On success the enrollment is ``confirmed``, its ``consumed_step`` is the matched step (the
    same code is then ``code_reused`` at the first sign-in) and ``failed_attempts`` is reset to 0.
    Every other outcome except ``throttled`` adds one failed attempt. Once ``failed_attempts``
    reaches ``max_attempts`` (default 10, at most 100) the result is ``throttled`` and pyotp is
    not called. Confirming an already confirmed enrollment is an
    :class:`~secinfo.errors.InvalidArgument`.

    >>> from datetime import datetime, UTC
    >>> state = start_enrollment(random_bytes=lambda n: bytes(range(n)))
    >>> now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    >>> done = confirm_enrollment(state, code_at(state.secret, now=now), now=now)
    >>> done.ok, done.enrollment.confirmed
    (True, True)
    >>> verify(state.secret, code_at(state.secret, now=now), now=now,
    ...        last_step=done.enrollment.consumed_step).reason
    <OtpReason.CODE_REUSED: 'code_reused'>
    """
    current = _enrollment(enrollment)
    if current.confirmed:
        raise InvalidArgument("enrollment", "is already confirmed")
    result = verify(
        current.secret,
        code,
        now=now,
        window=window,
        digits=current.digits,
        algorithm=current.algorithm,
        period=current.period,
        failed_attempts=current.failed_attempts,
        max_attempts=max_attempts,
    )
    if result.ok:
        state = attrs.evolve(current, consumed_step=result.step, confirmed=True, failed_attempts=0)
    elif result.reason is OtpReason.THROTTLED:
        state = current
    else:
        state = attrs.evolve(current, failed_attempts=current.failed_attempts + 1)
    return EnrollmentResult(ok=result.ok, reason=result.reason, step=result.step, enrollment=state)
