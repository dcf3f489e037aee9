"""Phone-number validation for registering phone methods ([R13](docs/rules.md#r13)), on top of
phonenumbers.

:func:`parse` turns user input into a :class:`PhoneNumber` (E.164, region, number type) or raises
:class:`~secinfo.errors.InvalidPhoneNumber` whose ``reason`` is a :class:`PhoneReason`.
:func:`check_registration_number` is the entry point for ``register``/``update``: it maps the
registration kind and the tenant's :class:`~secinfo.policy.PhoneSettings` to :class:`PhoneRules`.
Existing registrations are never re-validated during evaluation.

Input handling, in order (each step refuses with the reason in brackets):

1. the value must be a ``str`` [``invalid``] of at most 64 characters [``too_long``], checked
   before any parsing;
2. control characters (NUL, CR, LF, …) and invisible format characters (zero-width, bidi
   overrides) are refused [``control_characters``] — phonenumbers would silently drop the
   latter, and they can disguise a number on screen;
3. a trailing extension (``x123``, ``ext. 123``, ``;ext=123``, ``#123``) is refused unless the
   rules allow extensions (office phones) [``extension_not_allowed``]; it is never silently
   dropped;
4. letters are refused (vanity numbers such as ``1-800-FLOWERS``, ``tel:`` URIs) [``letters``];
5. phonenumbers parses the rest; national numbers need ``default_region`` [``missing_region``];
   full-width ``＋１６５…`` and Arabic-Indic digits are canonicalised by phonenumbers to the same
   E.164 as their ASCII form, and international prefixes (``00 44…`` from DE, ``011 44…`` from
   US) are understood;
6. the number must be *valid* (not merely possible) [``invalid``];
7. the number type must be allowed: premium-rate, shared-cost, toll-free, UAN, pager, voicemail
   and unknown types are always refused (each with its own reason); VoIP and personal numbers
   only when ``allow_voip`` [``voip``]; a fixed line cannot receive SMS [``not_sms_capable``];
8. the region must be allowed: on ``allowed_regions`` (``None`` = any geographic region), not on
   ``blocked_regions``; non-geographic numbers (region ``001``, e.g. ``+800``, ``+882``) only when
   ``001`` is listed explicitly [``region_not_allowed``].

Error messages never contain the number: at most its masked form (``+1 XXXXXXXX34``).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from typing import Any

import attrs
import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from ._mask import E164, describe, mask_phone
from .errors import InvalidArgument, InvalidArgumentType, InvalidPhoneNumber
from .methods import KIND_TABLE, Kind, Method
from .policy import PhoneSettings

__all__ = [
    "MAX_INPUT_LENGTH",
    "NON_GEOGRAPHIC",
    "PhoneNumber",
    "PhoneReason",
    "PhoneRules",
    "PhoneType",
    "check_registration_number",
    "mask",
    "parse",
    "rules_from_policy",
]

MAX_INPUT_LENGTH = 64
"""The longest phone input accepted (checked before parsing)."""

NON_GEOGRAPHIC = "001"
"""The region phonenumbers reports for non-geographic numbers (``+800``, ``+882``, ``+979``)."""

_MAX_EXTENSION = 15
_EXTENSION = re.compile(
    r"(?:\s*;\s*ext=|\s*(?:extension|extn\.?|ext\.?|x|#)\s*)([0-9]+)#?\s*\Z", re.IGNORECASE
)
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


class PhoneReason(enum.StrEnum):
    """Why a phone number was refused (:attr:`InvalidPhoneNumber.reason`; a wire value)."""

    MISSING_REGION = "missing_region"
    INVALID = "invalid"
    TOO_LONG = "too_long"
    CONTROL_CHARACTERS = "control_characters"
    LETTERS = "letters"
    EXTENSION_NOT_ALLOWED = "extension_not_allowed"
    PREMIUM_RATE = "premium_rate"
    SHARED_COST = "shared_cost"
    TOLL_FREE = "toll_free"
    VOIP = "voip"
    PAGER = "pager"
    VOICEMAIL = "voicemail"
    UAN = "uan"
    UNKNOWN_TYPE = "unknown_type"
    REGION_NOT_ALLOWED = "region_not_allowed"
    NOT_SMS_CAPABLE = "not_sms_capable"


class PhoneType(enum.StrEnum):
    """The type of a number, as phonenumbers' ``PhoneNumberType`` (lower-case wire values)."""

    MOBILE = "mobile"
    FIXED_LINE = "fixed_line"
    FIXED_LINE_OR_MOBILE = "fixed_line_or_mobile"
    TOLL_FREE = "toll_free"
    PREMIUM_RATE = "premium_rate"
    SHARED_COST = "shared_cost"
    VOIP = "voip"
    PERSONAL_NUMBER = "personal_number"
    PAGER = "pager"
    UAN = "uan"
    VOICEMAIL = "voicemail"
    UNKNOWN = "unknown"


_TYPES: dict[int, PhoneType] = {
    PhoneNumberType.MOBILE: PhoneType.MOBILE,
    PhoneNumberType.FIXED_LINE: PhoneType.FIXED_LINE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE: PhoneType.FIXED_LINE_OR_MOBILE,
    PhoneNumberType.TOLL_FREE: PhoneType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE: PhoneType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST: PhoneType.SHARED_COST,
    PhoneNumberType.VOIP: PhoneType.VOIP,
    PhoneNumberType.PERSONAL_NUMBER: PhoneType.PERSONAL_NUMBER,
    PhoneNumberType.PAGER: PhoneType.PAGER,
    PhoneNumberType.UAN: PhoneType.UAN,
    PhoneNumberType.VOICEMAIL: PhoneType.VOICEMAIL,
    PhoneNumberType.UNKNOWN: PhoneType.UNKNOWN,
}

_ALWAYS_REFUSED: dict[PhoneType, tuple[PhoneReason, str]] = {
    PhoneType.PREMIUM_RATE: (PhoneReason.PREMIUM_RATE, "a premium-rate number"),
    PhoneType.SHARED_COST: (PhoneReason.SHARED_COST, "a shared-cost number"),
    PhoneType.TOLL_FREE: (PhoneReason.TOLL_FREE, "a toll-free number"),
    PhoneType.UAN: (PhoneReason.UAN, "a universal access number"),
    PhoneType.PAGER: (PhoneReason.PAGER, "a pager number"),
    PhoneType.VOICEMAIL: (PhoneReason.VOICEMAIL, "a voicemail number"),
    PhoneType.UNKNOWN: (PhoneReason.UNKNOWN_TYPE, "a number of unknown type"),
}
_VOIP_TYPES = frozenset({PhoneType.VOIP, PhoneType.PERSONAL_NUMBER})


def mask(e164: str) -> str:
    """The masked form of a number: ``+`` country code, one ``X`` per hidden digit, the last two.

    >>> mask("+14255550134")
    '+1 XXXXXXXX34'
    """
    if not isinstance(e164, str):
        raise InvalidArgumentType(
            "e164", f"expected a string, got a value of type {type(e164).__name__}"
        )
    return mask_phone(e164)


def _mask_extension(value: str | None) -> str:
    return "None" if value is None else f"<{len(value)} digits>"


def _e164_field(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not E164.fullmatch(value):
        raise InvalidArgument(
            attribute.name, f"{describe(value, phone=True)} is not an E.164 number"
        )


def _region_field(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _is_region(value):
        raise InvalidArgument(attribute.name, f"{describe(value)} is not a region code")


def _type_field(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, PhoneType):
        raise InvalidArgument(attribute.name, f"{describe(value)} is not a PhoneType")


def _extension_field(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not _is_extension(value):
        raise InvalidArgument(attribute.name, f"expected 1–{_MAX_EXTENSION} ASCII digits")


def _to_type(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, PhoneType):
        try:
            return PhoneType(value)
        except ValueError:
            return value
    return value


def _is_region(value: str) -> bool:
    return value == NON_GEOGRAPHIC or (
        len(value) == 2 and value.isascii() and value.isalpha() and value.isupper()
    )


def _is_extension(value: object) -> bool:
    return (
        isinstance(value, str)
        and 1 <= len(value) <= _MAX_EXTENSION
        and value.isascii()
        and value.isdigit()
    )


@attrs.frozen(kw_only=True)
class PhoneNumber:
    """A validated number: canonical ``e164``, its ``region`` (``001`` for non-geographic
    numbers), its ``type`` and an optional ``extension`` (office phones only).

    ``repr()`` shows the masked number, never the full one.

    >>> PhoneNumber(e164="+14255550134", region="US", type=PhoneType.FIXED_LINE_OR_MOBILE)
    PhoneNumber(e164=+1 XXXXXXXX34, region='US', type=<PhoneType.FIXED_LINE_OR_MOBILE: 'fixed_line_or_mobile'>, extension=None)
    """  # noqa: E501

    e164: str = attrs.field(repr=mask_phone, validator=_e164_field)
    region: str = attrs.field(validator=_region_field)
    type: PhoneType = attrs.field(converter=_to_type, validator=_type_field)
    extension: str | None = attrs.field(
        default=None, repr=_mask_extension, validator=_extension_field
    )

    @property
    def masked(self) -> str:
        """The masked number (``+1 XXXXXXXX34``), for messages and events."""
        return mask_phone(self.e164)


def _to_regions(value: object) -> object:
    if value is None or isinstance(value, str | bytes):
        return value
    try:
        items = list(value)  # type: ignore[call-overload]
    except TypeError:
        return value
    try:
        return frozenset(item.upper() if isinstance(item, str) else item for item in items)
    except TypeError:  # an unhashable item: the validator names the field
        return tuple(items)


def _regions_field(optional: bool) -> Any:
    def check(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        if not isinstance(value, frozenset):
            raise InvalidArgumentType(
                attribute.name, f"expected a set of regions, got {describe(value)}"
            )
        for region in value:
            if not isinstance(region, str) or not _is_region(region):
                raise InvalidArgument(
                    attribute.name, f"{describe(region)} is not a two-letter region code or '001'"
                )

    return check


def _flag(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidArgumentType(attribute.name, f"expected true or false, got {describe(value)}")


@attrs.frozen(kw_only=True)
class PhoneRules:
    """What a number must satisfy for one use.

    ``allowed_regions`` ``None`` means any geographic region (non-geographic ``001`` only when
    listed); ``blocked_regions`` always wins; region codes are upper-cased. ``allow_voip`` admits
    VoIP and personal numbers. ``sms_required`` refuses fixed lines (the number must receive
    texts); ``allow_extension`` admits an extension (office phones).

    >>> PhoneRules(allowed_regions={"us", "ca"}).allowed_regions == frozenset({"US", "CA"})
    True
    """

    allowed_regions: frozenset[str] | None = attrs.field(
        default=None, converter=_to_regions, validator=_regions_field(True)
    )
    blocked_regions: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_regions, validator=_regions_field(False)
    )
    allow_voip: bool = attrs.field(default=False, validator=_flag)
    sms_required: bool = attrs.field(default=False, validator=_flag)
    allow_extension: bool = attrs.field(default=False, validator=_flag)


_PHONE_KINDS = tuple(row.kind for row in KIND_TABLE if row.phone)
_PHONE_KIND_NAMES = ", ".join(kind.value for kind in _PHONE_KINDS[:-1]) + (
    f" or {_PHONE_KINDS[-1].value}"
)


def _phone_kind(kind: object) -> Kind:
    if isinstance(kind, str):
        for candidate in _PHONE_KINDS:
            if kind == candidate.value:
                return candidate
    error = InvalidArgument if isinstance(kind, str) else InvalidArgumentType
    raise error("kind", f"{describe(kind)} is not {_PHONE_KIND_NAMES}")


def rules_from_policy(settings: PhoneSettings, *, kind: Kind | str) -> PhoneRules:
    """The rules for registering a phone of *kind* under the tenant's phone settings.

    ``mobile_phone`` must receive SMS; ``alternate_phone`` is voice only; ``office_phone`` is
    voice and may carry an extension. None of them accepts an extension otherwise.

    >>> rules = rules_from_policy(PhoneSettings(allowed_regions={"US"}), kind="mobile_phone")
    >>> rules.sms_required, rules.allow_extension, sorted(rules.allowed_regions or ())
    (True, False, ['US'])
    """
    if not isinstance(settings, PhoneSettings):
        raise InvalidArgumentType("settings", f"expected PhoneSettings, got {describe(settings)}")
    chosen = _phone_kind(kind)
    return PhoneRules(
        allowed_regions=settings.allowed_regions,
        blocked_regions=settings.blocked_regions,
        allow_voip=settings.allow_voip,
        sms_required=Method.SMS in chosen.methods,
        allow_extension=chosen is Kind.OFFICE_PHONE,
    )


def _refuse(reason: PhoneReason, message: str) -> InvalidPhoneNumber:
    return InvalidPhoneNumber(reason, message)


def _default_region(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 2 or not value.isascii():
        raise InvalidArgument("default_region", f"{describe(value)} is not a two-letter region")
    return value.upper()


def _split_extension(text: str, rules: PhoneRules) -> tuple[str, str | None]:
    found = _EXTENSION.search(text)
    if found is None:
        return text, None
    if not rules.allow_extension:
        raise _refuse(
            PhoneReason.EXTENSION_NOT_ALLOWED, "the number has an extension, which is not allowed"
        )
    extension = found.group(1)
    if len(extension) > _MAX_EXTENSION:
        raise _refuse(PhoneReason.INVALID, f"the extension is longer than {_MAX_EXTENSION} digits")
    return text[: found.start()], extension


def _parse_number(text: str, region: str | None) -> phonenumbers.PhoneNumber:
    try:
        return phonenumbers.parse(text, region)
    except NumberParseException as error:
        if error.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            raise _refuse(
                PhoneReason.MISSING_REGION,
                "the number has no valid country code and no default region applies",
            ) from None
        if error.error_type == NumberParseException.TOO_LONG:
            raise _refuse(PhoneReason.TOO_LONG, "the number is too long") from None
        raise _refuse(PhoneReason.INVALID, "the text is not a phone number") from None
    except (TypeError, ValueError, AttributeError):  # pragma: no cover - defensive
        raise _refuse(PhoneReason.INVALID, "the text is not a phone number") from None


def _check_type(kind: PhoneType, rules: PhoneRules, masked: str) -> None:
    refused = _ALWAYS_REFUSED.get(kind)
    if refused is not None:
        reason, what = refused
        raise _refuse(reason, f"{masked} is {what}, which cannot be registered")
    if kind in _VOIP_TYPES and not rules.allow_voip:
        raise _refuse(PhoneReason.VOIP, f"{masked} is a VoIP or personal number, which is refused")
    if rules.sms_required and kind is PhoneType.FIXED_LINE:
        raise _refuse(
            PhoneReason.NOT_SMS_CAPABLE,
            f"{masked} is a fixed line and cannot receive text messages",
        )


def _check_region(region: str, rules: PhoneRules, masked: str) -> None:
    if region in rules.blocked_regions:
        raise _refuse(PhoneReason.REGION_NOT_ALLOWED, f"{masked}: region {region} is blocked")
    allowed = rules.allowed_regions
    if region == NON_GEOGRAPHIC:
        if allowed is None or region not in allowed:
            raise _refuse(PhoneReason.REGION_NOT_ALLOWED, f"{masked} is a non-geographic number")
    elif allowed is not None and region not in allowed:
        raise _refuse(PhoneReason.REGION_NOT_ALLOWED, f"{masked}: region {region} is not allowed")


def parse(
    text: str, *, default_region: str | None = None, rules: PhoneRules | None = None
) -> PhoneNumber:
    """Validate *text* as a phone number under *rules* (default: ``PhoneRules()``).

    Raises :class:`~secinfo.errors.InvalidPhoneNumber` with a :class:`PhoneReason` (see the
    module documentation for the order of checks); a malformed ``default_region`` or ``rules`` is
    :class:`~secinfo.errors.InvalidArgument`.

    >>> parse("+1 425 555 0134")
    PhoneNumber(e164=+1 XXXXXXXX34, region='US', type=<PhoneType.FIXED_LINE_OR_MOBILE: 'fixed_line_or_mobile'>, extension=None)
    >>> parse("+1 900 555 0123")
    Traceback (most recent call last):
    ...
    secinfo.errors.InvalidPhoneNumber: +1 XXXXXXXX23 is a premium-rate number, which cannot be registered
    >>> parse("(425) 555-0134 x12", default_region="US",
    ...       rules=PhoneRules(allow_extension=True)).extension
    '12'
    """  # noqa: E501
    chosen = PhoneRules() if rules is None else rules
    if not isinstance(chosen, PhoneRules):
        raise InvalidArgumentType("rules", f"expected PhoneRules, got {describe(chosen)}")
    region_hint = _default_region(default_region)
    if not isinstance(text, str):
        raise _refuse(
            PhoneReason.INVALID,
            f"expected the number as a string, got a value of type {type(text).__name__}",
        )
    if len(text) > MAX_INPUT_LENGTH:
        raise _refuse(PhoneReason.TOO_LONG, f"longer than {MAX_INPUT_LENGTH} characters")
    if any(unicodedata.category(char) in _INVISIBLE for char in text):
        raise _refuse(
            PhoneReason.CONTROL_CHARACTERS, "the number contains control or invisible characters"
        )
    number_text, extension = _split_extension(text, chosen)
    if any(unicodedata.category(char).startswith("L") for char in number_text):
        raise _refuse(PhoneReason.LETTERS, "the number contains letters")
    parsed = _parse_number(number_text, region_hint)
    if parsed.extension:
        if not chosen.allow_extension:
            raise _refuse(
                PhoneReason.EXTENSION_NOT_ALLOWED,
                "the number has an extension, which is not allowed",
            )
        if extension is None:
            extension = parsed.extension
    if extension is not None and not _is_extension(extension):
        raise _refuse(PhoneReason.INVALID, f"the extension is not 1–{_MAX_EXTENSION} digits")
    e164 = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
    masked = mask_phone(e164)
    if not phonenumbers.is_valid_number(parsed) or not E164.fullmatch(e164):
        raise _refuse(PhoneReason.INVALID, f"{masked} is not a valid phone number")
    region = phonenumbers.region_code_for_number(parsed)
    if not isinstance(region, str) or not _is_region(region):
        raise _refuse(PhoneReason.INVALID, f"{masked} belongs to no known region")
    kind = _TYPES.get(phonenumbers.number_type(parsed), PhoneType.UNKNOWN)
    _check_type(kind, chosen, masked)
    _check_region(region, chosen, masked)
    return PhoneNumber(e164=e164, region=region, type=kind, extension=extension)


def check_registration_number(
    number: str,
    extension: str | None = None,
    *,
    kind: Kind | str,
    settings: PhoneSettings,
    default_region: str | None = None,
) -> PhoneNumber:
    """Validate the number of a phone registration being added or updated
    ([R13](docs/rules.md#r13)).

    *number* is E.164 or Graph's form (``"+1 2065555555"``, ``"+1 4255550134x123"``);
    *extension* is the separate extension field (office phones). Raises
    :class:`~secinfo.errors.InvalidPhoneNumber` whose ``reason`` the transition reports.

    >>> check_registration_number("+1 4255550134x123", kind="office_phone",
    ...                           settings=PhoneSettings()).extension
    '123'
    >>> check_registration_number("+1 4255550134", "123", kind="mobile_phone",
    ...                           settings=PhoneSettings())
    Traceback (most recent call last):
    ...
    secinfo.errors.InvalidPhoneNumber: the number has an extension, which is not allowed
    """
    rules = rules_from_policy(settings, kind=kind)
    if extension is not None:
        if not rules.allow_extension:
            raise _refuse(
                PhoneReason.EXTENSION_NOT_ALLOWED,
                "the number has an extension, which is not allowed",
            )
        if not _is_extension(extension):
            raise _refuse(PhoneReason.INVALID, f"the extension is not 1–{_MAX_EXTENSION} digits")
    result = parse(number, default_region=default_region, rules=rules)
    if extension is None:
        return result
    if result.extension is not None and result.extension != extension:
        raise _refuse(PhoneReason.INVALID, "the number and the extension field disagree")
    return attrs.evolve(result, extension=extension)
