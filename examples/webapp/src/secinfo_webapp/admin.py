"""The administrator's pages: the tenant policy, the users (issue a Temporary Access Pass, set
an office phone, delete a method) and the audit log in Entra's columns.

"Require re-registration" is secinfo's ``require_reregistration``.
A policy edit is validated by ``load_policy`` alone, checked with ``check_policy`` (problems are
shown, not enforced: the admin decides) and produces ``policy_changed`` events for every user.
Admin changes to a user are secinfo transitions with ``actor=Actor.ADMIN``.
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from secinfo import (
    Actor,
    AlternatePhone,
    Change,
    InvalidDocument,
    Method,
    MobilePhone,
    OfficePhone,
    Registration,
    SecinfoError,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
    check_policy,
    dump_policy,
    evaluate,
    load_policy,
    policy_changed,
    register,
    remove,
    require_reregistration,
    update,
)
from secinfo import phone as phones
from werkzeug.wrappers import Response

from .enroll import REGIONS
from .labels import KIND_LABELS, METHOD_LABELS, describe
from .policy_form import SECTIONS, apply_form, method_rows, read_field, section_enabled
from .store import Transaction
from .web import admin_required, ctx, flash, form_text, safe_next

__all__ = ["bp", "new_tap_code"]

bp = Blueprint("admin", __name__, url_prefix="/admin")

_TAP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"


def new_tap_code() -> str:
    """A random pass code (16 characters, about 93 bits)."""
    return "".join(secrets.choice(_TAP_ALPHABET) for _ in range(16))


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    context = ctx()
    next_url = safe_next(request.values.get("next"), url_for("admin.users"))
    if request.method == "POST":
        name = form_text("username")
        if context.store.check_admin(name, request.form.get("password", "")):
            context.rotate()
            context.set("admin", name)
            return redirect(next_url)
        return render_template(
            "admin_sign_in.html", next_url=next_url, problem="Wrong name or password."
        ), 401
    return render_template("admin_sign_in.html", next_url=next_url, problem=None)


@bp.post("/sign-out")
def sign_out() -> Response:
    ctx().set("admin", None)
    return redirect(url_for("admin.sign_in"))


# ---------------------------------------------------------------------------- policy


def _render_policy(doc: dict[str, Any], **extra: Any) -> str:
    return render_template(
        "admin_policy.html",
        sections=SECTIONS,
        doc=doc,
        read_field=read_field,
        section_enabled=section_enabled,
        value_labels={method.value: label for method, label in METHOD_LABELS.items()},
        method_rows=method_rows(doc),
        labels=METHOD_LABELS,
        **extra,
    )


@bp.route("/policy", methods=["GET", "POST"])
@admin_required
def policy() -> Any:
    context = ctx()
    old = context.policy
    doc = dump_policy(old)
    if request.method == "GET":
        return _render_policy(doc, problems=check_policy(old), error=None)
    new_doc = apply_form(doc, request.form)
    try:
        new = load_policy(new_doc)
    except InvalidDocument as error:
        return _render_policy(new_doc, problems=(), error=str(error)), 400
    users = context.store.users()
    events = [e for user in users for e in policy_changed(old, new, user, now=context.now)]
    with context.store.write() as tx:
        tx.put_policy(new)
        tx.add_events(events)
    flash(f"Policy saved. {len(events)} audit event(s) for the users it affects.", "success")
    return redirect(url_for("admin.policy"))


@bp.get("/policy.json")
@admin_required
def policy_json() -> Response:
    """The stored policy document."""
    body = json.dumps(dump_policy(ctx().policy), indent=2)
    return Response(body, mimetype="application/json")


# ----------------------------------------------------------------------------- users


@bp.get("/users")
@admin_required
def users() -> Any:
    context = ctx()
    rows = []
    for user in context.store.users():
        evaluation = evaluate(context.policy, user, now=context.now)
        rows.append((user, evaluation))
    return render_template("admin_users.html", rows=rows, labels=METHOD_LABELS)


def _user(user_id: str) -> tuple[UserState, int]:
    stored = ctx().store.user(user_id)
    if stored is None:
        abort(404)
    return stored.user, stored.version


def _masked_detail(registration: Registration) -> str:
    if isinstance(registration, MobilePhone | AlternatePhone | OfficePhone):
        return phones.mask(registration.number)
    return describe(registration)


@bp.get("/users/<user_id>")
@admin_required
def user(user_id: str) -> Any:
    context = ctx()
    state, _ = _user(user_id)
    evaluation = evaluate(context.policy, state, now=context.now)
    rows = [(r, KIND_LABELS[r.kind], _masked_detail(r)) for r in state.registrations]
    return render_template(
        "admin_user.html",
        user=state,
        tap=_tap_form(context.policy),
        evaluation=evaluation,
        rows=rows,
        labels=METHOD_LABELS,
        regions=REGIONS,
        issued=context.get("issued_tap"),
        events=context.store.events(user_id=user_id, limit=50),
    )


def _tap_form(policy: TenantPolicy) -> dict[str, Any]:
    """What the pass form offers: the policy's shortest and longest lifetime, a default inside
    them (an hour when the policy allows it), and whether a pass must be one-time."""
    setting = policy.settings_of(Method.TEMPORARY_ACCESS_PASS)
    low, high = setting.min_minutes, setting.max_minutes
    return {
        "min": low,
        "max": high,
        "minutes": min(max(60, low), high),
        "one_time_only": setting.one_time_only,
    }


def _store_admin_change(before: UserState, version: int, change: Change, extra: Any = None) -> None:
    """Store an admin transition's result: the user and *extra* writes when allowed, the
    events always, in one transaction."""
    context = ctx()
    with context.store.write() as tx:
        if change.allowed and change.user != before:
            tx.put_user(change.user, version=version)
            if extra is not None:
                extra(tx)
        tx.add_events(change.events)
    for reason in change.reasons:
        flash(reason.message, "success" if change.allowed else "error")


@bp.post("/users/<user_id>/tap")
@admin_required
def issue_tap(user_id: str) -> Response:
    """Issue a Temporary Access Pass (``register`` as the administrator); its code is shown
    once and stored hashed."""
    context = ctx()
    state, version = _user(user_id)
    try:
        minutes = int(request.form.get("minutes", "60"))
        if not 1 <= minutes <= 525_600:
            raise ValueError
    except ValueError:
        flash("Enter the lifetime as a number of minutes (1–525600).", "error")
        return redirect(url_for("admin.user", user_id=user_id))
    tap = TemporaryAccessPass(
        id=f"tap-{secrets.token_hex(4)}",
        registered_at=context.now,
        registered_by=Actor.ADMIN,
        starts_at=context.now,
        expires_at=context.now + timedelta(minutes=minutes),
        one_time=request.form.get("one_time") == "on",
    )
    change = register(context.policy, state, tap, session=None, now=context.now, actor=Actor.ADMIN)
    code = new_tap_code()

    def keep_code(tx: Transaction) -> None:
        tx.put_tap_code(user_id, tap.id, code)

    _store_admin_change(state, version, change, keep_code)
    if change.allowed:
        context.set("issued_tap", {"user_id": user_id, "code": code, "minutes": minutes})
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/users/<user_id>/tap/seen")
@admin_required
def tap_seen(user_id: str) -> Response:
    """Forget the pass code shown once."""
    ctx().set("issued_tap", None)
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/users/<user_id>/office-phone")
@admin_required
def office_phone(user_id: str) -> Response:
    """Set the user's office phone (``register`` or ``update`` as the administrator)."""
    context = ctx()
    state, version = _user(user_id)
    region = request.form.get("region", "US")
    if region not in dict(REGIONS):
        abort(400)
    existing = next((r for r in state.registrations if isinstance(r, OfficePhone)), None)
    try:
        number = phones.check_registration_number(
            form_text("number", limit=64),
            form_text("extension", limit=16) or None,
            kind="office_phone",
            settings=context.policy.phone,
            default_region=region,
        )
        phone = OfficePhone(
            id=existing.id if existing is not None else f"office-phone-{secrets.token_hex(4)}",
            registered_at=context.now,
            registered_by=Actor.ADMIN,
            number=number.e164,
            extension=number.extension,
        )
    except SecinfoError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.user", user_id=user_id))
    run = register if existing is None else update
    change = run(context.policy, state, phone, session=None, now=context.now, actor=Actor.ADMIN)
    _store_admin_change(state, version, change)
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/users/<user_id>/delete/<registration_id>")
@admin_required
def delete(user_id: str, registration_id: str) -> Response:
    context = ctx()
    state, version = _user(user_id)
    if state.find(registration_id) is None:
        abort(404)
    change = remove(
        context.policy, state, registration_id, session=None, now=context.now, actor=Actor.ADMIN
    )
    _store_admin_change(state, version, change)
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/users/<user_id>/require-reregistration")
@admin_required
def reregister(user_id: str) -> Response:
    """Entra's "Require re-register MFA": secinfo's ``require_reregistration`` deletes the
    registrations it marks for re-registration; the user sets them up again at next sign-in."""
    context = ctx()
    state, version = _user(user_id)
    change = require_reregistration(context.policy, state, now=context.now, actor=Actor.ADMIN)
    _store_admin_change(state, version, change)
    if change.allowed and not change.events:
        flash("Nothing to re-register: the user has no such method.", "success")
    else:
        flash(f"Re-registration required: {len(change.events)} audit event(s).", "success")
    return redirect(url_for("admin.user", user_id=user_id))


# ----------------------------------------------------------------------------- audit


@bp.get("/audit")
@admin_required
def audit() -> Any:
    """The audit log, newest first, in the columns of Entra's audit logs."""
    user_id = request.args.get("user") or None
    events = ctx().store.events(user_id=user_id, limit=500)
    return render_template("admin_audit.html", events=events, user_id=user_id)
