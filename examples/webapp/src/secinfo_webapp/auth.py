"""Sign-in: the first factor (password or Temporary Access Pass), then the MFA the gate asks
for, then whatever the registration prompt says (interrupt, review, nudge or nothing).

Nothing here decides policy: the gate (``step_up``) says whether the sign-in needs MFA and with
which methods, ``usable_methods`` says whether a pass can sign in, and ``evaluate`` says what
comes after. The challenges are simulated honestly: TOTP codes are verified with
``secinfo.otp`` against the secret enrolled here; text, call, email and push codes are shown in a
visible "simulator" box; passkeys and the like are a button that records the evidence.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

import attrs
from flask import Blueprint, redirect, render_template, request, url_for
from secinfo import (
    Action,
    AlternatePhone,
    GateOutcome,
    Method,
    MobilePhone,
    OfficePhone,
    PromptMode,
    Purpose,
    Session,
    TemporaryAccessPass,
    evaluate,
    step_up,
    usable_methods,
)
from secinfo import otp as totp
from secinfo import phone as phones
from werkzeug.wrappers import Response

from .labels import describe
from .web import ctx, form_text, safe_next, signed_in

__all__ = ["bp", "challenge_kind"]

bp = Blueprint("auth", __name__)

MAX_ATTEMPTS = 5
_OTP_METHODS = {Method.AUTHENTICATOR_CODE, Method.SOFTWARE_OATH, Method.HARDWARE_OATH}
_BUTTON_METHODS = {Method.PASSKEY, Method.WINDOWS_HELLO, Method.CERTIFICATE}


def challenge_kind(method: Method, has_secret: bool) -> str:
    """How the page asks for *method*: ``otp`` (a TOTP code checked against the enrolled
    secret), ``tap`` (the pass's code), ``button`` (a simulated authenticator ceremony) or
    ``code`` (a simulated code shown in the simulator box: text, call, email, push)."""
    if method in _OTP_METHODS and has_secret:
        return "otp"
    if method is Method.TEMPORARY_ACCESS_PASS:
        return "tap"
    if method in _BUTTON_METHODS:
        return "button"
    return "code"


def _simulated_code(method: Method) -> str:
    if method is Method.PUSH:  # number matching: two digits
        return f"{secrets.randbelow(90) + 10}"
    return f"{secrets.randbelow(1_000_000):06d}"


@bp.get("/")
def home() -> Any:
    context = ctx()
    if context.stage != "in":
        return redirect(url_for("auth.sign_in"))
    evaluation = evaluate(context.policy, context.user, now=context.now, session=context.session)
    prompt = evaluation.prompt
    if prompt.mode is PromptMode.INTERRUPT and not prompt.skippable:
        return redirect(url_for("wizard.interrupt"))  # the user may not go on without it
    return render_template("home.html", evaluation=evaluation)


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    context = ctx()
    next_url = safe_next(request.values.get("next"), url_for("auth.after_sign_in"))
    if request.method == "GET":
        return render_template("sign_in.html", next_url=next_url, problem=None)
    user_id = form_text("username")
    secret = request.form.get("password", "")
    with_pass = request.form.get("credential") == "temporary_access_pass"
    stored = context.store.user(user_id) if user_id else None
    if stored is None:
        return _refused(next_url)
    user = stored.user
    if with_pass:
        registration_id = context.store.check_tap_code(user_id, secret)
        usable = usable_methods(context.policy, user, Purpose.MFA, now=context.now)
        if registration_id is None or Method.TEMPORARY_ACCESS_PASS not in usable:
            return _refused(next_url, "That Temporary Access Pass is not valid now.")
        session = Session(signed_in_at=context.now, signed_in_with=["temporary_access_pass"])
        user = _consume_pass(user, registration_id)
        if user != stored.user:
            with context.store.write() as tx:
                tx.put_user(user, version=stored.version)
    elif not context.store.check_password(user_id, secret):
        return _refused(next_url)
    else:
        session = Session(signed_in_at=context.now)

    gate = step_up(context.policy, user, Action.VIEW, session=session, now=context.now)
    if gate.outcome is GateOutcome.DENY:
        assert gate.remedy is not None
        return render_template(
            "sign_in.html", next_url=next_url, problem=gate.remedy.message, details=gate.reasons
        ), 403
    if gate.outcome is GateOutcome.ALLOW:
        context.sign_in(user_id, session, stage="in")
        return redirect(next_url)
    context.sign_in(user_id, session, stage="mfa")
    context.set("step_up", {"methods": [m.value for m in gate.methods], "next": next_url})
    return redirect(url_for("auth.verify"))


def _refused(next_url: str, message: str = "Your account or password is incorrect.") -> Any:
    return render_template("sign_in.html", next_url=next_url, problem=message), 401


def _consume_pass(user: Any, registration_id: str) -> Any:
    """A one-time pass is used by the sign-in that presents it (a fact the app records)."""
    registrations = tuple(
        attrs.evolve(r, used=True)
        if r.id == registration_id and isinstance(r, TemporaryAccessPass) and r.one_time
        else r
        for r in user.registrations
    )
    return attrs.evolve(user, registrations=registrations)


@bp.post("/sign-out")
def sign_out() -> Response:
    ctx().restart()
    return redirect(url_for("auth.sign_in"))


@bp.get("/continue")
@signed_in
def after_sign_in() -> Response:
    """What the registration prompt asks of the user now that they signed in."""
    context = ctx()
    prompt = evaluate(context.policy, context.user, now=context.now, session=context.session).prompt
    if prompt.mode is PromptMode.INTERRUPT:
        context.set("wizard_done", 0)
        return redirect(url_for("wizard.interrupt"))
    if prompt.mode is PromptMode.REVIEW:
        return redirect(url_for("wizard.review_page"))
    if prompt.mode is PromptMode.NUDGE:
        return redirect(url_for("wizard.nudge"))
    return redirect(url_for("auth.home"))


# ----------------------------------------------------------------------- MFA challenges


def _providers(method: Method) -> list[Any]:
    return [r for r in ctx().user.registrations if method in r.methods]


def _challenge(method: Method) -> dict[str, Any]:
    """The challenge for *method* in this session (a new one when the method changed)."""
    context = ctx()
    current = context.get("challenge")
    if current is not None and current.get("method") == method.value:
        return dict(current)
    secrets_held = context.store.otp_credentials(context.user.user_id)
    has_secret = any(r.id in secrets_held for r in _providers(method))
    kind = challenge_kind(method, has_secret)
    challenge = {
        "method": method.value,
        "kind": kind,
        "code": _simulated_code(method) if kind == "code" else None,
        "attempts": 0,
    }
    context.set("challenge", challenge)
    return challenge


def _where(method: Method) -> str:
    """Where the simulated code went: the masked number, or the device or address."""
    for registration in _providers(method):
        if isinstance(registration, MobilePhone | AlternatePhone | OfficePhone):
            return phones.mask(registration.number)
        return describe(registration)
    return ""


@bp.route("/verify", methods=["GET", "POST"])
def verify() -> Any:
    context = ctx()
    pending = context.get("step_up")
    if context.stage == "anonymous" or pending is None:
        return redirect(url_for("auth.home"))
    methods = [Method(m) for m in pending["methods"]]
    asked = request.values.get("method", "")
    method = Method(asked) if asked in pending["methods"] else methods[0]
    challenge = _challenge(method)
    problem = None
    if request.method == "POST":
        problem = _check(method, challenge)
        if problem is None:
            context.record_mfa(method)
            context.set("stage", "in")
            context.set("step_up", None)
            context.set("challenge", None)
            return redirect(safe_next(pending.get("next"), url_for("auth.home")))
    return render_template(
        "verify.html",
        method=method,
        methods=methods,
        challenge=context.get("challenge") or challenge,
        where=_where(method),
        problem=problem,
        sign_in=context.stage == "mfa",
    ), (200 if problem is None else 400)


def _check(method: Method, challenge: dict[str, Any]) -> str | None:
    """Check the user's answer; ``None`` when it proves *method*, else the message to show."""
    context = ctx()
    answer = request.form.get("code", "").strip()
    kind = challenge["kind"]
    if kind == "button":
        return None
    if kind == "tap":
        registration_id = context.store.check_tap_code(context.user.user_id, answer)
        if registration_id is None:
            return "That Temporary Access Pass is not valid."
        spent = _consume_pass(context.user, registration_id)
        if spent != context.user:
            with context.store.write() as tx:
                tx.put_user(spent, version=context.stored.version)
            context.forget_user()
        return None
    if kind == "otp":
        return _check_totp(method, answer)
    attempts = challenge["attempts"] + 1
    if hmac.compare_digest(answer.encode(), str(challenge["code"]).encode()):
        return None
    if attempts >= MAX_ATTEMPTS:
        context.set("challenge", None)
        return "Too many wrong codes. We sent a new one."
    context.set("challenge", {**challenge, "attempts": attempts})
    return "That code is not right. Try again."


def _check_totp(method: Method, answer: str) -> str | None:
    context = ctx()
    user_id = context.user.user_id
    held = context.store.otp_credentials(user_id)
    reasons = []
    for registration in _providers(method):
        credential = held.get(registration.id)
        if credential is None:
            continue
        result = totp.verify(
            credential.secret,
            answer,
            now=context.now,
            last_step=credential.last_step,
            failed_attempts=credential.failed_attempts,
            max_attempts=totp.DEFAULT_MAX_ATTEMPTS,
        )
        with context.store.write() as tx:
            if result.ok:
                tx.record_otp(user_id, registration.id, last_step=result.step, failed_attempts=0)
                return None
            if result.reason is totp.OtpReason.INVALID_CODE:
                tx.record_otp(
                    user_id,
                    registration.id,
                    last_step=credential.last_step,
                    failed_attempts=credential.failed_attempts + 1,
                )
        reasons.append(result.reason)
    if totp.OtpReason.THROTTLED in reasons:
        return "Too many wrong codes. Ask an administrator for help."
    if totp.OtpReason.CODE_REUSED in reasons:
        return "That code was already used. Wait for the next code."
    if totp.OtpReason.INVALID_FORMAT in reasons:
        return "Enter the 6-digit code your app shows."
    return "That code is not right. Try again."
