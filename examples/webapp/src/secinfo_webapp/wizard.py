"""The sign-in prompts: the interrupt wizard ("Keep your account secure"), the review and the
campaign nudge. What to ask, which alternatives "Choose security info" lists, and whether the
user may skip all come from ``evaluate``; skipping is the ``cancel`` (or ``snooze``)
transition, confirming is ``review``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from secinfo import Evaluation, Method, PromptMode, cancel, evaluate, review, snooze
from werkzeug.wrappers import Response

from .labels import METHOD_LABELS
from .web import commit, ctx, flash, signed_in

__all__ = ["bp"]

bp = Blueprint("wizard", __name__)


def _evaluation() -> Evaluation:
    context = ctx()
    return evaluate(context.policy, context.user, now=context.now, session=context.session)


@bp.get("/wizard")
@signed_in
def interrupt() -> Any:
    """The interrupt: the first slot's first choice (or the one picked in "Choose security
    info") is set up next; a blocked interrupt shows its remedy; once the prompt is gone, the
    success page shows the default the transitions stored."""
    evaluation = _evaluation()
    prompt = evaluation.prompt
    if prompt.mode is not PromptMode.INTERRUPT:
        return render_template("wizard_done.html", evaluation=evaluation)
    slot = prompt.slots[0] if prompt.slots else None
    if prompt.blocked is not None or slot is None or not slot.choices:
        return render_template("wizard.html", prompt=prompt, wizard=wizard_header(evaluation))
    asked = request.args.get("method")
    method = Method(asked) if asked in slot.choices else slot.choices[0]
    return redirect(url_for("setup.form", method=method.value, flow="wizard"))


def wizard_header(evaluation: Evaluation) -> dict[str, Any] | None:
    """What the wizard shows above a set-up form: the step, whether the user may skip, the
    prompt's reasons and the current slot's choices; ``None`` when there is no interrupt."""
    prompt = evaluation.prompt
    if prompt.mode is not PromptMode.INTERRUPT:
        return None
    done = int(ctx().get("wizard_done") or 0)
    return {
        "step": done + 1,
        "total": done + len(prompt.slots),
        "skippable": prompt.skippable,
        "reasons": [reason.message for reason in prompt.reasons],
        "choices": prompt.slots[0].choices if prompt.slots else (),
    }


def current_header() -> dict[str, Any] | None:
    """:func:`wizard_header` for the signed-in user now."""
    return wizard_header(_evaluation())


@bp.get("/wizard/choose")
@signed_in
def choose() -> Any:
    """ "Choose security info": every choice of the current slot."""
    prompt = _evaluation().prompt
    if prompt.mode is not PromptMode.INTERRUPT or not prompt.slots:
        return redirect(url_for("wizard.interrupt"))
    return render_template("wizard_choose.html", slot=prompt.slots[0], labels=METHOD_LABELS)


@bp.post("/wizard/skip")
@signed_in
def skip() -> Response:
    """Skip the interrupt or the review (secinfo's ``cancel`` decides whether one may)."""
    context = ctx()
    change = cancel(context.policy, context.user, session=context.session, now=context.now)
    commit(change)
    if not change.allowed:
        for reason in change.reasons:
            flash(reason.message, "error")
        return redirect(url_for("auth.after_sign_in"))
    return redirect(url_for("auth.home"))


@bp.route("/review", methods=["GET", "POST"])
@signed_in
def review_page() -> Any:
    """ "Review your security info": confirm with "Looks good", or skip."""
    context = ctx()
    evaluation = _evaluation()
    if request.method == "GET":
        if evaluation.prompt.mode is not PromptMode.REVIEW:
            return redirect(url_for("auth.home"))
        return render_template("review.html", evaluation=evaluation, user=context.user)
    change = review(context.policy, context.user, session=context.session, now=context.now)
    commit(change)
    for reason in change.reasons:
        flash(reason.message, "success" if change.allowed else "error")
    return redirect(url_for("auth.home" if change.allowed else "security.page"))


@bp.route("/nudge", methods=["GET", "POST"])
@signed_in
def nudge() -> Any:
    """The registration campaign's nudge: set the method up now, or snooze."""
    context = ctx()
    evaluation = _evaluation()
    prompt = evaluation.prompt
    if request.method == "GET":
        if prompt.mode is not PromptMode.NUDGE or not prompt.slots:
            return redirect(url_for("auth.home"))
        return render_template("nudge.html", prompt=prompt, labels=METHOD_LABELS)
    if request.form.get("choice") != "snooze":
        abort(400)
    change = snooze(context.policy, context.user, session=context.session, now=context.now)
    commit(change)
    for reason in change.reasons:
        flash(reason.message, "info" if change.allowed else "error")
    return redirect(url_for("auth.home" if change.allowed else "wizard.nudge"))
