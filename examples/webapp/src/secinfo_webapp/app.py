"""The Flask application: blueprints, the per-request context, error pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from . import admin, auth, enroll, manage, wizard
from .clock import Clock, system_clock
from .labels import method_label
from .store import Conflict, Store
from .web import close_request, ctx, flash, open_request, take_flashes

__all__ = ["create_app"]


def create_app(database: str | Path, *, clock: Clock = system_clock) -> Flask:
    """The app over the SQLite database at *database* (created with its schema when missing).

    *clock* is read once per request; every secinfo call of that request gets that ``now``.
    """
    app = Flask(__name__)
    store = Store(database)
    app.config["STORE"] = store
    app.config["CLOCK"] = clock
    for blueprint in (auth.bp, wizard.bp, enroll.bp, manage.bp, admin.bp):
        app.register_blueprint(blueprint)

    @app.before_request
    def _open() -> None:
        if request.endpoint == "static":
            return
        open_request(store, clock)

    app.after_request(close_request)

    @app.context_processor
    def _globals() -> dict[str, Any]:
        if request.endpoint == "static":
            return {}
        context = ctx()
        return {
            "csrf_token": context.csrf,
            "flashes": take_flashes,
            "stage": context.stage,
            "signed_in_user": context.user_id if context.stage == "in" else None,
            "admin_name": context.get("admin"),
            "now": context.now,
            "method_label": method_label,
        }

    @app.errorhandler(Conflict)
    def _conflict(_error: Conflict) -> Response:
        flash("Your security info changed in another window. Check it and try again.", "error")
        return redirect(url_for("security.page"))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str, int]:
        return render_template("error.html", error=error), error.code or 500

    return app
