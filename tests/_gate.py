"""Small builders shared by the gate and default tests (not a public API)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from secinfo import (
    AlternatePhone,
    AuthenticatorApp,
    Certificate,
    Email,
    HardwareOath,
    Method,
    MethodSetting,
    MfaSettings,
    MobilePhone,
    OfficePhone,
    Passkey,
    Purpose,
    Registration,
    SecurityQuestions,
    Session,
    SoftwareOath,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
    WindowsHello,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
EARLIER = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

MOBILE = "+14255550134"
OTHER_MOBILE = "+14255550199"
OFFICE = "+14255550100"


def settings(
    methods: Iterable[Method],
    *,
    include: Iterable[str] = ("all",),
    exclude: Iterable[str] = (),
) -> list[MethodSetting]:
    """Enable *methods* for every purpose they can serve."""
    return [
        MethodSetting(
            method=m,
            mfa=m.capable(Purpose.MFA),
            sspr=m.capable(Purpose.SSPR),
            include=frozenset(include),
            exclude=frozenset(exclude),
        )
        for m in methods
    ]


def policy(*methods: Method, **kwargs: Any) -> TenantPolicy:
    """A policy enabling *methods* for every purpose they can serve, for everyone."""
    return TenantPolicy(methods=settings(methods), **kwargs)


def enforced(required: int = 1, **kwargs: Any) -> MfaSettings:
    """MFA registration enforced for everyone."""
    return MfaSettings(enforced_for=frozenset({"all"}), methods_required=required, **kwargs)


ALL_METHODS: tuple[Method, ...] = tuple(Method)


def user(*registrations: Registration, **kwargs: Any) -> UserState:
    return UserState(user_id="u1", registrations=registrations, **kwargs)


def app(rid: str = "app1", *, notifications: bool = True) -> AuthenticatorApp:
    return AuthenticatorApp(
        id=rid, registered_at=EARLIER, device_name="Pixel 9", notifications=notifications
    )


def mobile(
    rid: str = "mob1", *, number: str = MOBILE, verified_with: Method = Method.SMS
) -> MobilePhone:
    return MobilePhone(id=rid, registered_at=EARLIER, number=number, verified_with=verified_with)


def alternate(rid: str = "alt1", *, number: str = OTHER_MOBILE) -> AlternatePhone:
    return AlternatePhone(id=rid, registered_at=EARLIER, number=number)


def office(rid: str = "off1", *, number: str = OFFICE) -> OfficePhone:
    return OfficePhone(id=rid, registered_at=EARLIER, number=number, extension="123")


def email(rid: str = "em1", *, address: str = "ada@example.com") -> Email:
    return Email(id=rid, registered_at=EARLIER, address=address)


def questions(rid: str = "sq1") -> SecurityQuestions:
    return SecurityQuestions(id=rid, registered_at=EARLIER, answered=3)


def passkey(rid: str = "pk1") -> Passkey:
    return Passkey(id=rid, registered_at=EARLIER, name="YubiKey 5")


def hello(rid: str = "wh1") -> WindowsHello:
    return WindowsHello(id=rid, registered_at=EARLIER, device_name="Laptop")


def software(rid: str = "sw1") -> SoftwareOath:
    return SoftwareOath(id=rid, registered_at=EARLIER, name="Aegis")


def hardware(rid: str = "hw1") -> HardwareOath:
    return HardwareOath(id=rid, registered_at=EARLIER, serial="SN-1", registered_by="admin")


def certificate(rid: str = "cert1") -> Certificate:
    return Certificate(id=rid, registered_at=EARLIER, subject="CN=ada", registered_by="admin")


def tap(
    rid: str = "tap1",
    *,
    starts_at: datetime = NOW - timedelta(minutes=30),
    lifetime: timedelta = timedelta(hours=1),
    used: bool = False,
    one_time: bool = False,
) -> TemporaryAccessPass:
    return TemporaryAccessPass(
        id=rid,
        registered_at=starts_at,
        registered_by="admin",
        starts_at=starts_at,
        expires_at=starts_at + lifetime,
        used=used,
        one_time=one_time,
    )


def mfa_session(
    ago: timedelta = timedelta(0), method: Method = Method.PUSH, *, now: datetime = NOW
) -> Session:
    """A session whose last MFA (by *method*) was *ago* before *now*."""
    return Session(
        signed_in_at=now - ago,
        signed_in_with=("password", method.value),
        mfa_at=now - ago,
        mfa_method=method,
    )


def password_session(ago: timedelta = timedelta(0), *, now: datetime = NOW) -> Session:
    return Session(signed_in_at=now - ago)


def tap_session(ago: timedelta = timedelta(0), *, now: datetime = NOW) -> Session:
    return Session(signed_in_at=now - ago, signed_in_with=("temporary_access_pass",))
