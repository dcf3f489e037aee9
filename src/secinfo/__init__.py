"""secinfo: what an MFA/SSPR policy asks of one user at the security-info step.

This module only re-exports the public API; see the submodules for the code.
"""

from .errors import (
    InvalidArgument,
    InvalidDocument,
    InvalidPhoneNumber,
    InvalidSecret,
    OtpConfigurationError,
    SecinfoError,
)
from .methods import Action, Actor, Kind, Method, Purpose
from .policy import (
    Bootstrap,
    CampaignSettings,
    CampaignState,
    CombinedRegistration,
    Limits,
    MethodSetting,
    MfaSettings,
    PhoneSettings,
    SsprSettings,
    StepUpSettings,
    SystemPreferred,
    TenantPolicy,
)
from .reasons import Reason
from .registrations import (
    AlternatePhone,
    AuthenticatorApp,
    Certificate,
    Email,
    HardwareOath,
    MobilePhone,
    OfficePhone,
    Passkey,
    Registration,
    SecurityQuestions,
    SoftwareOath,
    TemporaryAccessPass,
    WindowsHello,
)
from .session import Session
from .usable import mfa_count, sspr_count, usable_methods
from .user import CampaignProgress, UserState

__all__ = [
    "Action",
    "Actor",
    "AlternatePhone",
    "AuthenticatorApp",
    "Bootstrap",
    "CampaignProgress",
    "CampaignSettings",
    "CampaignState",
    "Certificate",
    "CombinedRegistration",
    "Email",
    "HardwareOath",
    "InvalidArgument",
    "InvalidDocument",
    "InvalidPhoneNumber",
    "InvalidSecret",
    "Kind",
    "Limits",
    "Method",
    "MethodSetting",
    "MfaSettings",
    "MobilePhone",
    "OfficePhone",
    "OtpConfigurationError",
    "Passkey",
    "PhoneSettings",
    "Purpose",
    "Reason",
    "Registration",
    "SecinfoError",
    "SecurityQuestions",
    "Session",
    "SoftwareOath",
    "SsprSettings",
    "StepUpSettings",
    "SystemPreferred",
    "TemporaryAccessPass",
    "TenantPolicy",
    "UserState",
    "WindowsHello",
    "mfa_count",
    "sspr_count",
    "usable_methods",
]
