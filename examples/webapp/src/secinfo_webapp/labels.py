"""What the pages call things: display names of methods and registrations (presentation only;
every decision comes from secinfo)."""

from __future__ import annotations

from secinfo import (
    AlternatePhone,
    AuthenticatorApp,
    Certificate,
    Email,
    ExternalAuthentication,
    HardwareOath,
    Kind,
    Method,
    MobilePhone,
    OfficePhone,
    Passkey,
    Registration,
    SecurityQuestions,
    SoftwareOath,
    TemporaryAccessPass,
    WindowsHello,
)

__all__ = ["KIND_LABELS", "METHOD_LABELS", "describe", "method_label"]

METHOD_LABELS: dict[Method, str] = {
    Method.TEMPORARY_ACCESS_PASS: "Temporary Access Pass",
    Method.PASSKEY: "Passkey",
    Method.WINDOWS_HELLO: "Windows Hello for Business",
    Method.EXTERNAL_AUTHENTICATION: "External authentication method",
    Method.PUSH: "Microsoft Authenticator - notification",
    Method.AUTHENTICATOR_CODE: "Authenticator app - code",
    Method.SOFTWARE_OATH: "Authenticator app (third-party) - code",
    Method.HARDWARE_OATH: "Hardware token - code",
    Method.SMS: "Phone - text",
    Method.VOICE_MOBILE: "Phone - call",
    Method.VOICE_ALTERNATE: "Alternate phone - call",
    Method.VOICE_OFFICE: "Office phone - call",
    Method.CERTIFICATE: "Certificate",
    Method.EMAIL: "Email",
    Method.SECURITY_QUESTIONS: "Security questions",
}

KIND_LABELS: dict[Kind, str] = {
    Kind.TEMPORARY_ACCESS_PASS: "Temporary Access Pass",
    Kind.PASSKEY: "Passkey",
    Kind.WINDOWS_HELLO: "Windows Hello for Business",
    Kind.EXTERNAL_AUTHENTICATION: "External authentication method",
    Kind.AUTHENTICATOR_APP: "Microsoft Authenticator",
    Kind.SOFTWARE_OATH: "Authenticator app (third-party)",
    Kind.HARDWARE_OATH: "Hardware token",
    Kind.MOBILE_PHONE: "Phone",
    Kind.ALTERNATE_PHONE: "Alternate phone",
    Kind.OFFICE_PHONE: "Office phone",
    Kind.CERTIFICATE: "Certificate",
    Kind.EMAIL: "Email",
    Kind.SECURITY_QUESTIONS: "Security questions",
}


def method_label(method: Method | str | None) -> str:
    """The display name of a method ("Phone - text"), or "none" for ``None``."""
    return "none" if method is None else METHOD_LABELS[Method(method)]


def describe(registration: Registration) -> str:
    """The detail shown beside a registration: its number, address, device or name."""
    match registration:
        case MobilePhone() | AlternatePhone():
            return registration.number
        case OfficePhone():
            extension = registration.extension
            return registration.number + (f" ext. {extension}" if extension else "")
        case Email():
            return registration.address
        case AuthenticatorApp():
            return registration.device_name
        case SoftwareOath() | Passkey():
            return registration.name
        case WindowsHello():
            return registration.device_name
        case ExternalAuthentication():
            return f"{registration.display_name} ({registration.provider})"
        case HardwareOath():
            return registration.serial
        case Certificate():
            return registration.subject
        case SecurityQuestions():
            return f"{registration.answered} questions answered"
        case TemporaryAccessPass():
            used = ", used" if registration.used else ""
            kind = "one-time" if registration.one_time else "multi-use"
            return f"{kind}, valid until {registration.expires_at:%Y-%m-%d %H:%M} UTC{used}"
    raise TypeError(f"unknown registration type {type(registration).__name__}")
