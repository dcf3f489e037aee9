"""secinfo: what an MFA/SSPR policy asks of one user at the security-info step.

This module only re-exports the public API; the code lives in the submodules.
"""

from ._version import __version__ as __version__
from .audit import (
    Activity,
    AuditEvent,
    EventResult,
)
from .checks import (
    check_policy,
)
from .default import (
    default_method,
)
from .documents import (
    dump_policy,
    dump_session,
    dump_user,
    load_policy,
    load_session,
    load_user,
)
from .errors import (
    InvalidArgument,
    InvalidArgumentType,
    InvalidDocument,
    InvalidPhoneNumber,
    InvalidSecret,
    OtpConfigurationError,
    SecinfoError,
    TooManyGroupPatterns,
)
from .evaluation import (
    evaluate,
)
from .methods import (
    Action,
    ActionName,
    Actor,
    ActorName,
    Kind,
    Method,
    MethodName,
    Purpose,
    PurposeName,
)
from .policy import (
    Bootstrap,
    CampaignSettings,
    CampaignState,
    CombinedRegistration,
    KeyEnforcement,
    KeyRestrictions,
    Limits,
    MethodSetting,
    MfaSettings,
    PhoneSettings,
    SsprSettings,
    StepUpSettings,
    SystemPreferred,
    TenantPolicy,
)
from .reasons import (
    Reason,
    ReasonCode,
)
from .registrations import (
    AlternatePhone,
    AuthenticatorApp,
    Certificate,
    Email,
    ExternalAuthentication,
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
from .requirements import (
    required_registrations,
)
from .results import (
    Blocked,
    Change,
    DefaultChoice,
    DefaultSource,
    Evaluation,
    Experience,
    Gate,
    GateOutcome,
    PolicyProblem,
    PromptMode,
    RegistrationPrompt,
    Severity,
    Slot,
)
from .session import (
    Session,
)
from .stepup import (
    step_up,
)
from .transitions import (
    cancel,
    policy_changed,
    register,
    remove,
    review,
    set_default,
    snooze,
    update,
)
from .usable import (
    mfa_count,
    sspr_count,
    usable_methods,
)
from .user import (
    CampaignProgress,
    UserState,
)

__all__ = [
    "Action",
    "ActionName",
    "Activity",
    "Actor",
    "ActorName",
    "AlternatePhone",
    "AuditEvent",
    "AuthenticatorApp",
    "Blocked",
    "Bootstrap",
    "CampaignProgress",
    "CampaignSettings",
    "CampaignState",
    "Certificate",
    "Change",
    "CombinedRegistration",
    "DefaultChoice",
    "DefaultSource",
    "Email",
    "Evaluation",
    "EventResult",
    "Experience",
    "ExternalAuthentication",
    "Gate",
    "GateOutcome",
    "HardwareOath",
    "InvalidArgument",
    "InvalidArgumentType",
    "InvalidDocument",
    "InvalidPhoneNumber",
    "InvalidSecret",
    "KeyEnforcement",
    "KeyRestrictions",
    "Kind",
    "Limits",
    "Method",
    "MethodName",
    "MethodSetting",
    "MfaSettings",
    "MobilePhone",
    "OfficePhone",
    "OtpConfigurationError",
    "Passkey",
    "PhoneSettings",
    "PolicyProblem",
    "PromptMode",
    "Purpose",
    "PurposeName",
    "Reason",
    "ReasonCode",
    "Registration",
    "RegistrationPrompt",
    "SecinfoError",
    "SecurityQuestions",
    "Session",
    "Severity",
    "Slot",
    "SoftwareOath",
    "SsprSettings",
    "StepUpSettings",
    "SystemPreferred",
    "TemporaryAccessPass",
    "TenantPolicy",
    "TooManyGroupPatterns",
    "UserState",
    "WindowsHello",
    "cancel",
    "check_policy",
    "default_method",
    "dump_policy",
    "dump_session",
    "dump_user",
    "evaluate",
    "load_policy",
    "load_session",
    "load_user",
    "mfa_count",
    "policy_changed",
    "register",
    "remove",
    "required_registrations",
    "review",
    "set_default",
    "snooze",
    "sspr_count",
    "step_up",
    "update",
    "usable_methods",
]
