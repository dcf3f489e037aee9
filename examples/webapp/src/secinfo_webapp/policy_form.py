"""The admin's policy form, declared as a table of fields over secinfo's policy document.

Each field names a path in the document (``mfa.methods_required``) and how the form shows it.
The form starts from ``dump_policy`` of the stored policy, writes the fields back into that
document and hands it to ``load_policy``: secinfo's loader is the only judge of what is valid
(its ``InvalidDocument`` names the path and the value), and ``check_policy`` reports
contradictions. Settings the form does not show (phone rules, limits) are kept as they were.

Adding a setting is adding a row. A section whose value may be ``null`` in the document (the
registration strength, a passkey's key restrictions) is ``optional``: a checkbox turns it on, and
off writes ``null``. A field whose path is not in the document (a method's own setting while the
method has no entry) shows the value of secinfo's defaults (:data:`DEFAULTS`, a ``dump_policy``
of the library's defaults) and is written only when the admin changes it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs
from secinfo import (
    Bootstrap,
    CampaignState,
    KeyEnforcement,
    KeyRestrictions,
    Method,
    MethodSetting,
    Purpose,
    RegistrationStrength,
    TenantPolicy,
    dump_policy,
)

__all__ = [
    "DEFAULTS",
    "SECTIONS",
    "Field",
    "Section",
    "apply_form",
    "method_rows",
    "read_field",
    "section_enabled",
]


@attrs.frozen(kw_only=True)
class Field:
    """One input: ``bool`` (checkbox), ``int``, ``targets`` (groups, or ``all``), ``list``
    (names or ids separated by commas), ``choice`` or ``methods`` (one checkbox per choice)."""

    path: tuple[str, ...]
    label: str
    kind: str
    choices: tuple[str, ...] = ()
    hint: str = ""

    @property
    def name(self) -> str:
        """The form field's name: the dotted path."""
        return ".".join(self.path)


@attrs.frozen(kw_only=True)
class Section:
    """A fieldset of the form."""

    key: str
    title: str
    fields: tuple[Field, ...]
    optional: tuple[str, ...] | None = None
    """The path of a section that may be ``null``: a checkbox turns it on."""
    hint: str = ""

    @property
    def toggle(self) -> str:
        """The name of the optional section's checkbox."""
        return f"{self.key}.enabled"


_TARGETS_HINT = "Group ids separated by commas; 'all' for everyone; empty for nobody."

SECTIONS: tuple[Section, ...] = (
    Section(
        key="mfa",
        title="MFA registration",
        fields=(
            Field(
                path=("mfa", "enforced_for"),
                label="Enforce MFA for",
                kind="targets",
                hint=_TARGETS_HINT,
            ),
            Field(path=("mfa", "exclude"), label="Except", kind="targets"),
            Field(path=("mfa", "methods_required"), label="MFA methods required", kind="int"),
            Field(path=("mfa", "grace_days"), label="Grace period (days)", kind="int"),
        ),
    ),
    Section(
        key="sspr",
        title="Self-service password reset",
        fields=(
            Field(
                path=("sspr", "enabled_for"),
                label="SSPR enabled for",
                kind="targets",
                hint=_TARGETS_HINT,
            ),
            Field(path=("sspr", "exclude"), label="Except", kind="targets"),
            Field(
                path=("sspr", "registration_required"),
                label="Require registration at sign-in",
                kind="bool",
            ),
            Field(path=("sspr", "methods_required"), label="SSPR methods required", kind="int"),
            Field(
                path=("sspr", "reconfirm_days"),
                label="Ask to reconfirm after (days, 0 = never)",
                kind="int",
            ),
        ),
    ),
    Section(
        key="campaign",
        title="Registration campaign",
        fields=(
            Field(
                path=("campaign", "state"),
                label="State",
                kind="choice",
                choices=tuple(s.value for s in CampaignState),
            ),
            Field(
                path=("campaign", "method"),
                label="Method",
                kind="choice",
                choices=(Method.PUSH.value, Method.PASSKEY.value),
            ),
            Field(path=("campaign", "include"), label="Include", kind="targets"),
            Field(path=("campaign", "exclude"), label="Exclude", kind="targets"),
            Field(path=("campaign", "snooze_days"), label="Days between snoozes", kind="int"),
            Field(
                path=("campaign", "limited_snoozes"), label="Limit snoozes to three", kind="bool"
            ),
        ),
    ),
    Section(
        key="sign_in",
        title="Sign-in",
        fields=(
            Field(path=("system_preferred", "enabled"), label="System-preferred MFA", kind="bool"),
            Field(
                path=("bootstrap",),
                label="A user with no MFA method registers after",
                kind="choice",
                choices=tuple(b.value for b in Bootstrap),
            ),
            Field(
                path=("office_phone_user_managed",),
                label="Users manage their office phone",
                kind="bool",
            ),
            Field(
                path=("step_up", "session_minutes"),
                label="MFA stays fresh for (minutes)",
                kind="int",
            ),
            Field(
                path=("step_up", "passkey_add_minutes"),
                label="MFA fresh enough to add a passkey (minutes)",
                kind="int",
            ),
        ),
    ),
    Section(
        key="registration_strength",
        title="Registration strength (Conditional Access on registering security info)",
        optional=("registration_strength",),
        hint="Only MFA with one of these methods lets its users manage security info.",
        fields=(
            Field(
                path=("registration_strength", "methods"),
                label="Methods",
                kind="methods",
                choices=tuple(m.value for m in Method if m.capable(Purpose.MFA)),
            ),
            Field(
                path=("registration_strength", "include"),
                label="Include",
                kind="targets",
                hint=_TARGETS_HINT,
            ),
            Field(path=("registration_strength", "exclude"), label="Exclude", kind="targets"),
        ),
    ),
    Section(
        key="passkey",
        title="Passkeys (FIDO2)",
        fields=(
            Field(
                path=("methods", "passkey", "self_service"),
                label="Users may set up passkeys themselves",
                kind="bool",
            ),
        ),
    ),
    Section(
        key="key_restrictions",
        title="Passkey key restrictions",
        optional=("methods", "passkey", "key_restrictions"),
        fields=(
            Field(
                path=("methods", "passkey", "key_restrictions", "enforcement"),
                label="Enforcement",
                kind="choice",
                choices=tuple(e.value for e in KeyEnforcement),
            ),
            Field(
                path=("methods", "passkey", "key_restrictions", "aaguids"),
                label="AAGUIDs",
                kind="list",
                hint="Authenticator AAGUIDs separated by commas.",
            ),
        ),
    ),
    Section(
        key="temporary_access_pass",
        title="Temporary Access Pass",
        fields=(
            Field(
                path=("methods", "temporary_access_pass", "min_minutes"),
                label="Shortest lifetime (minutes)",
                kind="int",
            ),
            Field(
                path=("methods", "temporary_access_pass", "max_minutes"),
                label="Longest lifetime (minutes)",
                kind="int",
            ),
            Field(
                path=("methods", "temporary_access_pass", "one_time_only"),
                label="One-time use only",
                kind="bool",
            ),
        ),
    ),
    Section(
        key="external_authentication",
        title="External authentication methods",
        fields=(
            Field(
                path=("methods", "external_authentication", "providers"),
                label="Providers",
                kind="list",
                hint="Provider ids separated by commas.",
            ),
        ),
    ),
)

DEFAULTS: dict[str, Any] = dump_policy(
    TenantPolicy(
        methods=[
            MethodSetting(
                method=Method.PASSKEY,
                key_restrictions=KeyRestrictions(enforcement=KeyEnforcement.BLOCK),
            ),
            MethodSetting(method=Method.TEMPORARY_ACCESS_PASS),
            MethodSetting(method=Method.EXTERNAL_AUTHENTICATION),
        ],
        registration_strength=RegistrationStrength(methods=[Method.PASSKEY]),
    )
)
"""secinfo's defaults as a document: what a field shows while its path is not in the policy."""


_MISSING = object()


def _get(doc: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = doc
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return _MISSING
        value = value[key]
    return value


def _put(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Write *value* at *path*, copying the dicts on the way (the input is never changed)."""
    for key in path[:-1]:
        inner = doc.get(key)
        doc[key] = inner = dict(inner) if isinstance(inner, Mapping) else {}
        doc = inner
    doc[path[-1]] = value


def section_enabled(doc: Mapping[str, Any], section: Section) -> bool:
    """Whether the optional *section* is on in *doc* (a section that is not optional is)."""
    if section.optional is None:
        return True
    return _get(doc, section.optional) not in (None, _MISSING)


def read_field(doc: Mapping[str, Any], field: Field) -> Any:
    """The current value of *field* as the form shows it (secinfo's default while the path is
    not in *doc*); a ``methods`` field's value is the set of chosen methods."""
    value = _get(doc, field.path)
    if value is _MISSING:
        value = _get(DEFAULTS, field.path)
    if field.kind == "bool":
        return bool(value)
    if field.kind == "methods":
        return frozenset(value)
    if field.kind in ("targets", "list"):
        return ", ".join(value)
    return str(value)


def _targets(text: str) -> list[str]:
    return [part for part in re.split(r"[,\s]+", text) if part]


def _number(text: str) -> int | str:
    text = text.strip()
    return int(text) if re.fullmatch(r"-?[0-9]{1,9}", text) else text


def method_rows(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per method for the form's table: its flags (only for purposes it can serve)
    and its targets."""
    rows = []
    for method in Method:
        setting = doc["methods"].get(method.value, {})
        rows.append(
            {
                "method": method,
                "purposes": [
                    (purpose.value, bool(setting.get(purpose.value, False)))
                    for purpose in Purpose
                    if method.capable(purpose)
                ],
                "include": ", ".join(setting.get("include", ["all"])),
                "exclude": ", ".join(setting.get("exclude", [])),
            }
        )
    return rows


def _value(field: Field, form: Mapping[str, str]) -> Any:
    raw = form.get(field.name, "")
    if field.kind == "bool":
        return raw == "on"
    if field.kind == "int":
        return _number(raw)
    if field.kind in ("targets", "list"):
        return _targets(raw)
    if field.kind == "methods":
        return [choice for choice in field.choices if form.get(f"{field.name}.{choice}") == "on"]
    return raw


def _methods(doc: Mapping[str, Any], form: Mapping[str, str]) -> dict[str, Any]:
    methods: dict[str, Any] = {}
    for method in Method:
        before = doc["methods"].get(method.value)
        flags = {
            purpose.value: form.get(f"methods.{method.value}.{purpose.value}") == "on"
            for purpose in Purpose
            if method.capable(purpose)
        }
        include = _targets(form.get(f"methods.{method.value}.include", "all"))
        exclude = _targets(form.get(f"methods.{method.value}.exclude", ""))
        if before is not None or any(flags.values()) or include != ["all"] or exclude:
            # Settings of the method the form does not show are kept as they were.
            methods[method.value] = {
                **(before or {}),
                **flags,
                "include": include,
                "exclude": exclude,
            }
    return methods


def apply_form(doc: Mapping[str, Any], form: Mapping[str, str]) -> dict[str, Any]:
    """A new policy document: *doc* with the form's values written in (not yet validated)."""
    new = {key: (dict(value) if isinstance(value, dict) else value) for key, value in doc.items()}
    new["methods"] = _methods(doc, form)
    for section in SECTIONS:
        if section.optional is not None and form.get(section.toggle) != "on":
            if _get(new, section.optional[:-1]) is not _MISSING:
                _put(new, section.optional, None)
            continue
        for field in section.fields:
            value = _value(field, form)
            present = _get(new, field.path[:-1]) is not _MISSING
            if section.optional is not None or present or value != _get(DEFAULTS, field.path):
                _put(new, field.path, value)
    return new
