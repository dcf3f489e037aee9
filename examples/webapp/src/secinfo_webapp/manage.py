"""The Security info page: the default sign-in method, every registration (an office phone an
administrator set included), add / change / delete, and "Change default".

The page opens only when the ``view`` gate allows; otherwise the user passes the MFA the gate
lists first. Which buttons a row gets is the gate's answer for that row (``delete`` with the
registration's id, ``update`` with the registration itself): a structural denial, such as an
office phone users may not manage, leaves the row listed with the gate's reason instead of
buttons. "Change default" offers the usable MFA methods that ``set_default`` accepts.
"""

from __future__ import annotations

from typing import Any

import attrs
from flask import Blueprint, abort, redirect, render_template, request, url_for
from secinfo import (
    Action,
    Evaluation,
    Gate,
    GateOutcome,
    Kind,
    Method,
    Purpose,
    Registration,
    evaluate,
    remove,
    set_default,
    step_up,
    usable_methods,
)
from werkzeug.wrappers import Response

from .enroll import CHANGEABLE_KINDS, FORM_KINDS, candidate, setup_method
from .labels import KIND_LABELS, METHOD_LABELS, describe
from .web import commit, ctx, flash, signed_in, to_step_up

__all__ = ["bp"]

bp = Blueprint("security", __name__, url_prefix="/security-info")


@attrs.frozen(kw_only=True)
class Row:
    """One registration as the page lists it."""

    registration: Registration
    label: str
    detail: str
    mfa: tuple[str, ...]
    sspr: tuple[str, ...]
    can_change: bool
    can_delete: bool
    note: str | None


def _gate(action: Action, target: object) -> Gate:
    context = ctx()
    return step_up(
        context.policy,
        context.user,
        action,
        session=context.session,
        now=context.now,
        target=target,
    )


def _view_gate() -> Response | Gate:
    """The ``view`` gate: a step-up redirect, or the gate itself (allow or deny)."""
    gate = _gate(Action.VIEW, None)
    if gate.outcome is GateOutcome.STEP_UP:
        return to_step_up(gate.methods, request.full_path.rstrip("?"))
    return gate


def _rows(evaluation: Evaluation) -> list[Row]:
    context = ctx()
    mfa = usable_methods(context.policy, context.user, Purpose.MFA, now=context.now)
    sspr = usable_methods(context.policy, context.user, Purpose.SSPR, now=context.now)
    rows = []
    for registration in context.user.registrations:
        delete = _gate(Action.DELETE, registration.id)
        change = (
            _gate(Action.UPDATE, registration) if registration.kind in CHANGEABLE_KINDS else None
        )
        denied = [g for g in (delete, change) if g is not None and g.outcome is GateOutcome.DENY]
        note = None
        if denied:
            first = denied[0]
            assert first.remedy is not None
            note = f"{first.reasons[-1].message} {first.remedy.message}"
        rows.append(
            Row(
                registration=registration,
                label=KIND_LABELS[registration.kind],
                detail=describe(registration),
                mfa=tuple(METHOD_LABELS[m] for m in registration.methods if m in mfa),
                sspr=tuple(METHOD_LABELS[m] for m in registration.methods if m in sspr),
                can_change=change is not None and change.outcome is not GateOutcome.DENY,
                can_delete=delete.outcome is not GateOutcome.DENY,
                note=note,
            )
        )
    return rows


@bp.get("")
@signed_in
def page() -> Any:
    context = ctx()
    gate = _view_gate()
    if isinstance(gate, Response):
        return gate
    if gate.outcome is GateOutcome.DENY:
        return render_template("security_denied.html", gate=gate), 403
    evaluation = evaluate(context.policy, context.user, now=context.now, session=context.session)
    return render_template(
        "security.html",
        evaluation=evaluation,
        rows=_rows(evaluation),
        default_options=_default_options(evaluation),
        default_label=_default_label(evaluation),
    )


def _default_label(evaluation: Evaluation) -> str:
    method = evaluation.default.method
    if method is None:
        return "none"
    label = METHOD_LABELS[method]
    for registration in ctx().user.registrations:
        if method in registration.methods and registration.kind in (
            Kind.MOBILE_PHONE,
            Kind.ALTERNATE_PHONE,
            Kind.OFFICE_PHONE,
        ):
            return f"{label} {describe(registration)}"
    return label


def _default_options(evaluation: Evaluation) -> list[Method]:
    """The usable MFA methods that ``set_default`` would accept now (a dry run of the pure
    transition), the current default excluded."""
    context = ctx()
    options = []
    for method in evaluation.usable_mfa:
        if method == evaluation.default.method:
            continue
        trial = set_default(
            context.policy, context.user, method, session=context.session, now=context.now
        )
        if trial.allowed:
            options.append(method)
    return options


@bp.get("/add")
@signed_in
def add() -> Any:
    """ "Add sign-in method": each kind the policy enables for the user, with the gate's
    answer for adding one (a denial is listed with its reason)."""
    context = ctx()
    gate = _view_gate()
    if isinstance(gate, Response):
        return gate
    offers = []
    for kind in sorted(FORM_KINDS, key=lambda k: k.rank):
        method = setup_method(kind, context.user.groups)
        if method is None:
            continue
        verdict = _gate(Action.ADD, candidate(kind, context.now))
        reason = None
        if verdict.outcome is GateOutcome.DENY:
            reason = " ".join(r.message for r in verdict.reasons)
        offers.append((kind, method, KIND_LABELS[kind], reason))
    return render_template("security_add.html", offers=offers)


@bp.route("/default", methods=["GET", "POST"])
@signed_in
def change_default() -> Any:
    context = ctx()
    gate = _gate(Action.VIEW, None)
    if gate.outcome is GateOutcome.STEP_UP:
        return to_step_up(gate.methods, url_for("security.change_default"))
    evaluation = evaluate(context.policy, context.user, now=context.now, session=context.session)
    if request.method == "GET":
        return render_template(
            "security_default.html",
            options=_default_options(evaluation),
            current=_default_label(evaluation),
            labels=METHOD_LABELS,
        )
    try:
        method = Method(request.form.get("method", ""))
    except ValueError:
        abort(400)
    step = _gate(Action.SET_DEFAULT, method)
    if step.outcome is GateOutcome.STEP_UP:
        return to_step_up(step.methods, url_for("security.change_default"))
    change = set_default(
        context.policy, context.user, method, session=context.session, now=context.now
    )
    commit(change)
    for reason in change.reasons:
        flash(reason.message, "success" if change.allowed else "error")
    return redirect(url_for("security.page"))


@bp.route("/delete/<registration_id>", methods=["GET", "POST"])
@signed_in
def delete(registration_id: str) -> Any:
    context = ctx()
    registration = context.user.find(registration_id)
    if registration is None:
        abort(404)
    here = url_for("security.delete", registration_id=registration_id)
    gate = _gate(Action.DELETE, registration_id)
    if gate.outcome is GateOutcome.STEP_UP:
        return to_step_up(gate.methods, here)
    if request.method == "GET":
        return render_template(
            "security_delete.html",
            registration=registration,
            label=KIND_LABELS[registration.kind],
            detail=describe(registration),
            gate=gate,
        )
    change = remove(
        context.policy, context.user, registration_id, session=context.session, now=context.now
    )
    commit(change)
    for reason in change.reasons:
        flash(reason.message, "success" if change.allowed else "error")
    return redirect(url_for("security.page"))
