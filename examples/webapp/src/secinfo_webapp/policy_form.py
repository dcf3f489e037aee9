"""The admin's policy form, declared as a table of fields over secinfo's policy document.

Each field names a path in the document (``mfa.methods_required``) and how the form shows it.
The form starts from ``dump_policy`` of the stored policy, writes the fields back into that
document and hands it to ``load_policy``: secinfo's loader is the only judge of what is valid
(its ``InvalidDocument`` names the path and the value), and ``check_policy`` reports
contradictions. Settings the form does not show (phone rules, limits) are kept as they were.

Adding a setting is adding a row: for example, once secinfo's policy has a
``registration_strength`` section, a ``Section("registration_strength", …)`` with a ``methods``
field is all the form needs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs
from secinfo import Bootstrap, CampaignState, Method, Purpose

__all__ = ["SECTIONS", "Field", "Section", "apply_form", "method_rows", "read_field"]


@attrs.frozen(kw_only=True)
class Field:
    """One input: ``bool`` (checkbox), ``int``, ``targets`` (groups, or ``all``) or ``choice``."""

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
)


def _get(doc: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = doc
    for key in path:
        value = value[key]
    return value


def _put(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        doc = doc.setdefault(key, {})
    doc[path[-1]] = value


def read_field(doc: Mapping[str, Any], field: Field) -> str | bool:
    """The current value of *field* as the form shows it."""
    value = _get(doc, field.path)
    if field.kind == "bool":
        return bool(value)
    if field.kind == "targets":
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


def apply_form(doc: Mapping[str, Any], form: Mapping[str, str]) -> dict[str, Any]:
    """A new policy document: *doc* with the form's values written in (not yet validated)."""
    new = {key: (dict(value) if isinstance(value, dict) else value) for key, value in doc.items()}
    for section in SECTIONS:
        for field in section.fields:
            raw = form.get(field.name, "")
            value: Any
            if field.kind == "bool":
                value = raw == "on"
            elif field.kind == "int":
                value = _number(raw)
            elif field.kind == "targets":
                value = _targets(raw)
            else:
                value = raw
            _put(new, field.path, value)
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
    new["methods"] = methods
    return new
