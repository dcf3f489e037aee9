"""Setting up one method, from the interrupt wizard or from the Security info page.

Every step asks secinfo: the gate (``step_up`` with the registration as target) before the form
and again when it is sent, then the transition (``register`` or ``update``) once the user proved
the method: a TOTP code checked with ``secinfo.otp`` against the secret shown as a QR code, or a
simulated text, call or email code, or a simulated passkey ceremony. A denial is stored with its
failure event and its reasons are shown; the app adds no rule of its own.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime
from typing import Any

import attrs
import segno
from flask import Blueprint, abort, redirect, render_template, request, url_for
from markupsafe import Markup
from secinfo import (
    Action,
    AlternatePhone,
    AuthenticatorApp,
    Change,
    Email,
    ExternalAuthentication,
    GateOutcome,
    KeyEnforcement,
    Kind,
    Method,
    MobilePhone,
    OfficePhone,
    Passkey,
    Purpose,
    Registration,
    SecinfoError,
    SecurityQuestions,
    SoftwareOath,
    UserState,
    WindowsHello,
    dump_user,
    load_user,
    register,
    step_up,
    update,
    usable_methods,
)
from secinfo import otp as totp
from secinfo import phone as phones
from werkzeug.wrappers import Response

from .labels import KIND_LABELS, METHOD_LABELS
from .store import Transaction
from .web import commit, ctx, flash, form_text, signed_in, to_step_up
from .wizard import current_header

__all__ = ["CHANGEABLE_KINDS", "FORM_KINDS", "REGIONS", "bp", "candidate", "setup_method"]

bp = Blueprint("setup", __name__, url_prefix="/setup")

ISSUER = "secinfo demo"
MAX_ATTEMPTS = 5
PLACEHOLDER_NUMBER = "+10000000000"  # syntax only; used to ask the gate about a kind

FORM_KINDS: frozenset[Kind] = frozenset(
    {
        Kind.AUTHENTICATOR_APP,
        Kind.SOFTWARE_OATH,
        Kind.MOBILE_PHONE,
        Kind.ALTERNATE_PHONE,
        Kind.OFFICE_PHONE,
        Kind.EMAIL,
        Kind.SECURITY_QUESTIONS,
        Kind.PASSKEY,
        Kind.WINDOWS_HELLO,
        Kind.EXTERNAL_AUTHENTICATION,
    }
)
"""Kinds this app has a set-up form for (the others are set up by an administrator)."""

CHANGEABLE_KINDS: frozenset[Kind] = frozenset(
    {Kind.MOBILE_PHONE, Kind.ALTERNATE_PHONE, Kind.OFFICE_PHONE, Kind.EMAIL}
)
"""Kinds with a "Change" form on the Security info page (the rest are deleted and re-added)."""

_CODE_KINDS = frozenset({Kind.MOBILE_PHONE, Kind.ALTERNATE_PHONE, Kind.OFFICE_PHONE, Kind.EMAIL})
_TOTP_KINDS = frozenset({Kind.AUTHENTICATOR_APP, Kind.SOFTWARE_OATH})

REGIONS: tuple[tuple[str, str], ...] = (
    ("US", "United States (+1)"),
    ("CA", "Canada (+1)"),
    ("GB", "United Kingdom (+44)"),
    ("IE", "Ireland (+353)"),
    ("NL", "Netherlands (+31)"),
    ("DE", "Germany (+49)"),
    ("FR", "France (+33)"),
    ("ES", "Spain (+34)"),
    ("IN", "India (+91)"),
    ("AU", "Australia (+61)"),
    ("JP", "Japan (+81)"),
)
QUESTIONS = (
    "In what city were you born?",
    "What was the name of your first pet?",
    "What was your childhood nickname?",
)


def setup_method(kind: Kind, user_groups: frozenset[str]) -> Method | None:
    """The method whose form sets up *kind*: the kind's best method the policy enables for the
    user (for any purpose), or ``None`` when it enables none."""
    policy = ctx().policy
    enabled = policy.enabled_methods(Purpose.MFA, user_groups) | policy.enabled_methods(
        Purpose.SSPR, user_groups
    )
    return next((m for m in kind.methods if m in enabled), None)


def candidate(kind: Kind, now: datetime) -> Registration:
    """A registration of *kind* with placeholder values, to ask the gate about adding one."""
    common: dict[str, Any] = {"id": _new_id(kind), "registered_at": now}
    match kind:
        case Kind.AUTHENTICATOR_APP:
            return AuthenticatorApp(**common, device_name="candidate", notifications=True)
        case Kind.SOFTWARE_OATH:
            return SoftwareOath(**common, name="candidate")
        case Kind.MOBILE_PHONE:
            return MobilePhone(**common, number=PLACEHOLDER_NUMBER)
        case Kind.ALTERNATE_PHONE:
            return AlternatePhone(**common, number=PLACEHOLDER_NUMBER)
        case Kind.OFFICE_PHONE:
            return OfficePhone(**common, number=PLACEHOLDER_NUMBER)
        case Kind.EMAIL:
            return Email(**common, address="candidate@example.invalid")
        case Kind.SECURITY_QUESTIONS:
            return SecurityQuestions(**common, answered=len(QUESTIONS))
        case Kind.PASSKEY:
            # Under an allow list, ask about a key it permits (the form offers those keys).
            permitted = _permitted_keys()
            aaguid = permitted[0] if permitted else None
            return Passkey(**common, name="candidate", aaguid=aaguid)
        case Kind.WINDOWS_HELLO:
            return WindowsHello(**common, device_name="candidate")
        case Kind.EXTERNAL_AUTHENTICATION:
            listed = providers()
            provider = listed[0] if listed else "candidate"
            return ExternalAuthentication(**common, provider=provider, display_name="candidate")
    raise ValueError(f"no set-up form for {kind.value}")


def providers() -> tuple[str, ...]:
    """The external authentication providers the tenant's policy lists, sorted."""
    return tuple(sorted(ctx().policy.settings_of(Method.EXTERNAL_AUTHENTICATION).providers))


def _new_id(kind: Kind) -> str:
    return f"{kind.value.replace('_', '-')}-{secrets.token_hex(4)}"


def dump_registration(registration: Registration) -> dict[str, Any]:
    """One registration as its document (through the user document of secinfo)."""
    doc: dict[str, Any] = dump_user(UserState(user_id="pending", registrations=[registration]))
    return dict(doc["registrations"][0])


def load_registration(doc: dict[str, Any]) -> Registration:
    """The registration of :func:`dump_registration`."""
    return load_user(
        {"schema": "secinfo/user/1", "user_id": "pending", "registrations": [doc]}
    ).registrations[0]


def _flow() -> str:
    flow = request.values.get("flow", "manage")
    if flow not in ("wizard", "manage"):
        abort(400, description="unknown flow")
    return flow


def _target(kind: Kind) -> tuple[Action, Registration | None]:
    """``add`` a new registration, or ``update`` the one named by ``replace``."""
    replace = request.values.get("replace")
    if not replace:
        return Action.ADD, None
    existing = ctx().user.find(replace)
    if existing is None or existing.kind is not kind or kind not in CHANGEABLE_KINDS:
        abort(404)
    return Action.UPDATE, existing


def _form_url(method: Method, flow: str, replaced: Registration | None) -> str:
    if replaced is None:
        return url_for("setup.form", method=method.value, flow=flow)
    return url_for("setup.form", method=method.value, flow=flow, replace=replaced.id)


def _enrollment(method: Method, *, fresh: bool = False) -> totp.Enrollment:
    """The TOTP enrollment in progress for *method* (its secret is kept in the session until
    the code confirms it)."""
    context = ctx()
    held = context.get("enrollment")
    if held is not None and held.get("method") == method.value and not fresh:
        return totp.Enrollment(secret=held["secret"], failed_attempts=held["failed_attempts"])
    failed = 0 if held is None else int(held.get("failed_attempts", 0))
    state = totp.start_enrollment(failed_attempts=failed)
    _keep_enrollment(method, state)
    return state


def _keep_enrollment(method: Method, state: totp.Enrollment) -> None:
    ctx().set(
        "enrollment",
        {"method": method.value, "secret": state.secret, "failed_attempts": state.failed_attempts},
    )


def _render(
    method: Method,
    flow: str,
    replaced: Registration | None,
    *,
    errors: list[str] | None = None,
    denied: list[str] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    context = ctx()
    kind = method.kind
    qr = secret = None
    if kind in _TOTP_KINDS and not denied:
        state = _enrollment(method)
        uri = state.provisioning_uri(account=context.user.user_id, issuer=ISSUER)
        qr = Markup(segno.make(uri, error="m").svg_inline(scale=4, title="QR code to scan"))
        secret = state.secret
    return render_template(
        "setup.html",
        wizard=current_header() if flow == "wizard" else None,
        method=method,
        kind=kind,
        kind_label=KIND_LABELS[kind],
        method_label=METHOD_LABELS[method],
        flow=flow,
        replaced=replaced,
        errors=errors or [],
        denied=denied or [],
        qr=qr,
        secret=secret,
        regions=REGIONS,
        questions=QUESTIONS,
        providers=providers() if kind is Kind.EXTERNAL_AUTHENTICATION else (),
        permitted_keys=_permitted_keys() if kind is Kind.PASSKEY else None,
        values=request.form,
    ), status


def _permitted_keys() -> tuple[str, ...] | None:
    """The AAGUIDs the policy's key restrictions allow, in order; ``None`` when they do not
    name the keys allowed (no restrictions, or a block list)."""
    restrictions = ctx().policy.settings_of(Method.PASSKEY).key_restrictions
    if restrictions is None or restrictions.enforcement is not KeyEnforcement.ALLOW:
        return None
    return tuple(sorted(restrictions.aaguids))


def _gate(action: Action, registration: Registration) -> Any:
    context = ctx()
    return step_up(
        context.policy,
        context.user,
        action,
        session=context.session,
        now=context.now,
        target=registration,
    )


def _transition(action: Action, registration: Registration) -> Change:
    context = ctx()
    run = register if action is Action.ADD else update
    return run(context.policy, context.user, registration, session=context.session, now=context.now)


@bp.route("/<method>", methods=["GET", "POST"])
@signed_in
def form(method: str) -> Any:
    try:
        chosen = Method(method)
    except ValueError:
        abort(404)
    kind = chosen.kind
    if kind not in FORM_KINDS:
        abort(404)
    context = ctx()
    flow = _flow()
    action, replaced = _target(kind)
    here = _form_url(chosen, flow, replaced)

    if request.method == "GET":
        probe = replaced if replaced is not None else candidate(kind, context.now)
        gate = _gate(action, probe)
        if gate.outcome is GateOutcome.STEP_UP:
            return to_step_up(gate.methods, here)
        if gate.outcome is GateOutcome.DENY:
            assert gate.remedy is not None
            reasons = [r.message for r in gate.reasons] + [gate.remedy.message]
            return _render(chosen, flow, replaced, denied=reasons, status=403)
        return _render(chosen, flow, replaced)

    registration_id = replaced.id if replaced is not None else _new_id(kind)
    try:
        registration, proved = _build(chosen, registration_id)
    except (SecinfoError, FormProblem) as error:
        return _render(chosen, flow, replaced, errors=[str(error)], status=400)
    gate = _gate(action, registration)
    if gate.outcome is GateOutcome.STEP_UP:
        return to_step_up(gate.methods, here)
    if gate.outcome is GateOutcome.DENY:
        change = _transition(action, registration)  # stores the failure event
        commit(change)
        return _render(
            chosen, flow, replaced, errors=[r.message for r in change.reasons], status=403
        )

    if kind in _TOTP_KINDS:
        state = _enrollment(chosen)
        result = totp.confirm_enrollment(state, form_text("code", limit=16), now=context.now)
        if not result.ok:
            _keep_enrollment(chosen, result.enrollment)
            return _render(chosen, flow, replaced, errors=[_otp_problem(result.reason)], status=400)
        secret, step = state.secret, result.step

        def keep_secret(tx: Transaction) -> None:
            tx.put_otp(context.user.user_id, registration.id, secret, step)

        context.set("enrollment", None)
        return _finish(_transition(action, registration), proved, flow, here, keep_secret)

    if kind in _CODE_KINDS:
        context.set(
            "pending",
            {
                "registration": dump_registration(registration),
                "action": action.value,
                "flow": flow,
                "method": chosen.value,
                "proved": proved.value,
                "code": f"{secrets.randbelow(1_000_000):06d}",
                "attempts": 0,
                "back": here,
            },
        )
        return redirect(url_for("setup.confirm"))
    return _finish(_transition(action, registration), proved, flow, here)


def _otp_problem(reason: totp.OtpReason) -> str:
    if reason is totp.OtpReason.THROTTLED:
        return "Too many wrong codes. Start again later or ask an administrator."
    if reason is totp.OtpReason.INVALID_FORMAT:
        return "Enter the 6-digit code your app shows."
    return "That code is not right. Check the time on your phone and try again."


def _build(method: Method, registration_id: str) -> tuple[Registration, Method]:
    """The registration the form describes, and the method its set-up proves. Raises
    :class:`secinfo.SecinfoError` (an invalid number, address or label) or :class:`FormProblem`
    with the message to show."""
    context = ctx()
    kind = method.kind
    common: dict[str, Any] = {"id": registration_id, "registered_at": context.now}
    match kind:
        case Kind.AUTHENTICATOR_APP:
            notifications = request.form.get("notifications") == "on"
            name = form_text("device_name") or "Microsoft Authenticator"
            app = AuthenticatorApp(**common, device_name=name, notifications=notifications)
            return app, Method.AUTHENTICATOR_CODE
        case Kind.SOFTWARE_OATH:
            name = form_text("name") or "Authenticator app"
            return SoftwareOath(**common, name=name), Method.SOFTWARE_OATH
        case Kind.MOBILE_PHONE:
            channels = {
                Method.SMS.value: Method.SMS,
                Method.VOICE_MOBILE.value: Method.VOICE_MOBILE,
            }
            channel = channels.get(request.form.get("verified_with", Method.SMS.value))
            if channel is None:
                abort(400)
            number = _number(kind)
            return MobilePhone(**common, number=number.e164, verified_with=channel), channel
        case Kind.ALTERNATE_PHONE:
            return AlternatePhone(**common, number=_number(kind).e164), Method.VOICE_ALTERNATE
        case Kind.OFFICE_PHONE:
            number = _number(kind, extension=form_text("extension", limit=16) or None)
            phone = OfficePhone(**common, number=number.e164, extension=number.extension)
            return phone, Method.VOICE_OFFICE
        case Kind.EMAIL:
            return Email(**common, address=form_text("address")), Method.EMAIL
        case Kind.SECURITY_QUESTIONS:
            answered = sum(1 for i in range(len(QUESTIONS)) if form_text(f"answer{i}"))
            if answered < len(QUESTIONS):
                raise FormProblem("Answer every question.")
            return SecurityQuestions(**common, answered=answered), Method.SECURITY_QUESTIONS
        case Kind.PASSKEY:
            name = form_text("name") or "Passkey"
            aaguid = form_text("aaguid", limit=64) or None
            return Passkey(**common, name=name, aaguid=aaguid), Method.PASSKEY
        case Kind.WINDOWS_HELLO:
            device = form_text("device_name") or "Windows PC"
            return WindowsHello(**common, device_name=device), Method.WINDOWS_HELLO
        case Kind.EXTERNAL_AUTHENTICATION:
            provider = request.form.get("provider", "")
            if provider not in providers():
                raise FormProblem("Choose one of the providers your organization lists.")
            display = form_text("display_name") or provider
            external = ExternalAuthentication(**common, provider=provider, display_name=display)
            return external, Method.EXTERNAL_AUTHENTICATION
    abort(404)


class FormProblem(Exception):
    """A form the app cannot read (an unanswered question); the message is shown."""


def _number(kind: Kind, *, extension: str | None = None) -> phones.PhoneNumber:
    """The typed number, validated by ``secinfo.phone`` under the tenant's phone settings."""
    region = request.form.get("region", "US")
    if region not in dict(REGIONS):
        abort(400)
    return phones.check_registration_number(
        form_text("number", limit=64),
        extension,
        kind=kind,
        settings=ctx().policy.phone,
        default_region=region,
    )


@bp.route("/confirm", methods=["GET", "POST"])
@signed_in
def confirm() -> Any:
    """Enter the code the (simulated) text, call or email delivered."""
    context = ctx()
    pending = context.get("pending")
    if pending is None:
        return redirect(url_for("security.page"))
    registration = load_registration(pending["registration"])
    action = Action(pending["action"])
    problem = None
    if request.method == "POST":
        gate = _gate(action, registration)
        if gate.outcome is GateOutcome.STEP_UP:
            return to_step_up(gate.methods, url_for("setup.confirm"))
        answer = form_text("code", limit=16)
        if hmac.compare_digest(answer.encode(), pending["code"].encode()):
            context.set("pending", None)
            change = _transition(action, registration)
            return _finish(change, Method(pending["proved"]), pending["flow"], pending["back"])
        attempts = pending["attempts"] + 1
        if attempts >= MAX_ATTEMPTS:
            context.set("pending", None)
            flash("Too many wrong codes. Start again.", "error")
            return redirect(pending["back"])
        context.set("pending", {**pending, "attempts": attempts})
        problem = "That code is not right. Try again."
    proved = Method(pending["proved"])
    if isinstance(registration, Email):
        where = registration.address
    elif isinstance(registration, MobilePhone | AlternatePhone | OfficePhone):
        where = phones.mask(registration.number)
    else:
        where = ""
    return render_template(
        "setup_confirm.html",
        pending=pending,
        proved=proved,
        where=where,
        registration=registration,
        kind_label=KIND_LABELS[registration.kind],
        problem=problem,
    ), (200 if problem is None else 400)


def _finish(change: Change, proved: Method, flow: str, back: str, extra: Any = None) -> Response:
    """Store the transition's result and go on: back to the wizard or the Security info page.

    A method proved while setting it up (a TOTP code, a text or call code, a passkey ceremony)
    is MFA evidence for the session when it is usable for MFA now (the one predicate decides)."""
    context = ctx()
    commit(change, extra=extra if change.allowed else None)
    if not change.allowed:
        for reason in change.reasons:
            flash(reason.message, "error")
        return redirect(back)
    session = attrs.evolve(context.session, registered_in_session=True)
    context.set_session(session)
    usable = usable_methods(context.policy, change.user, Purpose.MFA, now=context.now)
    if proved in usable:
        context.record_mfa(proved)
    for reason in change.reasons:
        flash(reason.message, "success")
    if flow == "wizard":
        context.set("wizard_done", int(context.get("wizard_done") or 0) + 1)
        return redirect(url_for("wizard.interrupt"))
    return redirect(url_for("security.page"))
