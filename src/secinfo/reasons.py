"""Machine-readable reasons that accompany every decision: one :class:`ReasonCode` per meaning,
and :class:`Reason`, a code with a plain-English message.

The codes are part of the API (``docs/reference/reasons.md`` lists each with when it appears, and
a test keeps that table and this enum equal); messages may change wording.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from ._mask import describe
from .errors import InvalidArgument, InvalidArgumentType

__all__ = ["Reason", "ReasonCode"]


@enum.unique
class ReasonCode(enum.StrEnum):
    """Every reason code secinfo emits, and every remedy code; each has one meaning.

    Its ``repr`` is the wire string, so lists of codes read like the JSON they become.

    >>> ReasonCode("mfa_not_fresh") is ReasonCode.MFA_NOT_FRESH
    True
    >>> [ReasonCode.MFA_FRESH]
    ['mfa_fresh']
    """

    # The step-up gate: structural denials (R10 (1))
    ADMIN_ONLY_KIND = "admin_only_kind"
    OFFICE_PHONE_NOT_USER_MANAGED = "office_phone_not_user_managed"
    LIMIT_REACHED = "limit_reached"
    ALTERNATE_PHONE_REQUIRES_MOBILE = "alternate_phone_requires_mobile"
    DUPLICATE_PHONE_NUMBER = "duplicate_phone_number"
    DUPLICATE_EMAIL_ADDRESS = "duplicate_email_address"
    DUPLICATE_PROVIDER = "duplicate_provider"
    PASSKEY_KEY_RESTRICTED = "passkey_key_restricted"
    TAP_LIFETIME = "tap_lifetime"
    TAP_ONE_TIME_ONLY = "tap_one_time_only"
    # The step-up gate: bootstrap (R10 (2)), evidence (R10 (3)), deletes (R10 (4))
    BOOTSTRAP_PASSWORD = "bootstrap_password"
    BOOTSTRAP_SIGN_IN_STALE = "bootstrap_sign_in_stale"
    BOOTSTRAP_TAP = "bootstrap_tap"
    BOOTSTRAP_TAP_REQUIRED = "bootstrap_tap_required"
    BOOTSTRAP_ADMINISTRATOR = "bootstrap_administrator"
    MFA_NOT_FRESH = "mfa_not_fresh"
    MFA_FRESH = "mfa_fresh"
    DELETE_BREAKS_MFA_COMPLIANCE = "delete_breaks_mfa_compliance"
    PASSWORDLESS_NEEDS_MFA = "passwordless_needs_mfa"
    NO_METHOD_OF_REQUIRED_STRENGTH = "no_method_of_required_strength"
    # Remedies
    ASK_ADMINISTRATOR = "ask_administrator"
    DELETE_ONE_FIRST = "delete_one_first"
    REGISTER_MOBILE_PHONE_FIRST = "register_mobile_phone_first"
    USE_ANOTHER_NUMBER = "use_another_number"
    USE_ANOTHER_ADDRESS = "use_another_address"
    SIGN_IN_AGAIN = "sign_in_again"
    ISSUE_TEMPORARY_ACCESS_PASS = "issue_temporary_access_pass"
    ADMIN_REGISTERS_METHOD = "admin_registers_method"
    REGISTER_REPLACEMENT_FIRST = "register_replacement_first"
    ENABLE_METHOD = "enable_method"
    REGISTER_OTHER_METHOD_FIRST = "register_other_method_first"
    REGISTRATION_STRENGTH_UNMET = "registration_strength_unmet"
    TEMPORARY_ACCESS_PASS_SPENT = "temporary_access_pass_spent"
    USE_PERMITTED_PASSKEY = "use_permitted_passkey"
    CHOOSE_TAP_LIFETIME = "choose_tap_lifetime"
    ISSUE_ONE_TIME_PASS = "issue_one_time_pass"
    # The default method (R11)
    SYSTEM_PREFERRED = "system_preferred"
    USER_PREFERENCE = "user_preference"
    PREFERENCE_UNUSABLE = "preference_unusable"
    COMPLETION_RULE = "completion_rule"
    NO_USABLE_MFA_METHOD = "no_usable_mfa_method"
    # The registration prompt (R3–R8)
    MFA_METHODS_MISSING = "mfa_methods_missing"
    SSPR_METHODS_MISSING = "sspr_methods_missing"
    SSPR_COLLECTED_WITH_MFA = "sspr_collected_with_mfa"
    SSPR_NOT_COLLECTABLE = "sspr_not_collectable"
    MFA_GRACE_PERIOD = "mfa_grace_period"
    MFA_GRACE_EXPIRED = "mfa_grace_expired"
    SEPARATE_EXPERIENCE = "separate_experience"
    BOOTSTRAP_DENIED = "bootstrap_denied"
    REGISTRATION_STRENGTH_DENIED = "registration_strength_denied"
    NO_CHOICE_FOR_SLOT = "no_choice_for_slot"
    REVIEW_DUE = "review_due"
    CAMPAIGN_NUDGE = "campaign_nudge"
    SNOOZES_EXHAUSTED = "snoozes_exhausted"
    NOTHING_REQUIRED = "nothing_required"
    CAMPAIGN_SNOOZED = "campaign_snoozed"
    CAMPAIGN_NEEDS_MFA = "campaign_needs_mfa"
    CAMPAIGN_AFTER_REGISTRATION = "campaign_after_registration"
    CAMPAIGN_STRENGTH_UNMET = "campaign_strength_unmet"
    # Transitions (R10–R14)
    STEP_UP_REQUIRED = "step_up_required"
    REGISTRATION_REGISTERED = "registration_registered"
    REGISTRATION_UPDATED = "registration_updated"
    REGISTRATION_DELETED = "registration_deleted"
    REGISTRATION_COMPLETE = "registration_complete"
    NO_CHANGE = "no_change"
    DEFAULT_CHANGED = "default_changed"
    DEFAULT_REASSIGNED = "default_reassigned"
    DEFAULT_CLEARED = "default_cleared"
    METHOD_NOT_PREFERABLE = "method_not_preferable"
    METHOD_NOT_USABLE = "method_not_usable"
    REVIEWED = "reviewed"
    REGISTRATION_CANCELED = "registration_canceled"
    CANCEL_NOT_APPLICABLE = "cancel_not_applicable"
    NOTHING_TO_CANCEL = "nothing_to_cancel"
    NOT_SKIPPABLE = "not_skippable"
    NO_NUDGE = "no_nudge"
    CAMPAIGN_SNOOZE_RECORDED = "campaign_snooze_recorded"
    REREGISTRATION_REQUIRED = "reregistration_required"
    NOTHING_TO_REREGISTER = "nothing_to_reregister"
    ADMIN_ONLY_ACTION = "admin_only_action"
    # A refused phone number: "phone_" and the secinfo.phone.PhoneReason
    PHONE_MISSING_REGION = "phone_missing_region"
    PHONE_INVALID = "phone_invalid"
    PHONE_TOO_LONG = "phone_too_long"
    PHONE_CONTROL_CHARACTERS = "phone_control_characters"
    PHONE_LETTERS = "phone_letters"
    PHONE_EXTENSION_NOT_ALLOWED = "phone_extension_not_allowed"
    PHONE_PREMIUM_RATE = "phone_premium_rate"
    PHONE_SHARED_COST = "phone_shared_cost"
    PHONE_TOLL_FREE = "phone_toll_free"
    PHONE_VOIP = "phone_voip"
    PHONE_PAGER = "phone_pager"
    PHONE_VOICEMAIL = "phone_voicemail"
    PHONE_UAN = "phone_uan"
    PHONE_UNKNOWN_TYPE = "phone_unknown_type"
    PHONE_REGION_NOT_ALLOWED = "phone_region_not_allowed"
    PHONE_NOT_SMS_CAPABLE = "phone_not_sms_capable"

    def __repr__(self) -> str:
        return repr(self.value)


def _to_code(value: object) -> Any:
    if isinstance(value, str) and not isinstance(value, ReasonCode):
        try:
            return ReasonCode(value)
        except ValueError:
            return value
    return value


def _code(_inst: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, ReasonCode):
        error = InvalidArgument if isinstance(value, str) else InvalidArgumentType
        raise error("code", f"{describe(value)} is not a ReasonCode")


def _message(_inst: object, _attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidArgumentType("message", f"expected a string, got {describe(value)}")
    if not value.strip():
        raise InvalidArgument("message", "must be a non-empty sentence")


@attrs.frozen(kw_only=True)
class Reason:
    """One part of a decision: a stable machine ``code`` (a :class:`ReasonCode`, or its wire
    string) and a plain-English ``message`` (a non-empty string). Both are checked when the
    reason is built: an unknown code or an empty message raises
    :class:`~secinfo.errors.InvalidArgument`, a value of the wrong type
    :class:`~secinfo.errors.InvalidArgumentType`.

    >>> Reason(code="mfa_not_fresh", message="The session has no recent MFA.").to_dict()
    {'code': 'mfa_not_fresh', 'message': 'The session has no recent MFA.'}
    """

    code: ReasonCode = attrs.field(converter=_to_code, validator=_code)
    message: str = attrs.field(validator=_message)

    def to_dict(self) -> dict[str, str]:
        """The JSON form: ``{"code": …, "message": …}``."""
        return {"code": self.code._value_, "message": self.message}


_CODES: dict[str, ReasonCode] = {code.value: code for code in ReasonCode}


def reason(code: ReasonCode | str, message: str) -> Reason:
    """Internal: a :class:`Reason` built by secinfo itself, whose *code* is a known reason code
    (a member or its value) and *message* a string: no converter or validator runs."""
    instance = object.__new__(Reason)
    object.__setattr__(instance, "code", _CODES[code])
    object.__setattr__(instance, "message", message)
    return instance
