"""Per-request plumbing shared by the pages: the clock reading, the sign-in session, CSRF, flash
messages, and storing what a secinfo transition returned."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar, cast

import attrs
from flask import abort, current_app, g, redirect, request, url_for
from secinfo import (
    AuditEvent,
    Change,
    Method,
    Session,
    TenantPolicy,
    UserState,
    dump_session,
    load_session,
)
from werkzeug.wrappers import Response

from .clock import Clock
from .store import Store, StoredUser, Transaction

__all__ = [
    "COOKIE",
    "Context",
    "admin_required",
    "commit",
    "ctx",
    "flash",
    "safe_next",
    "signed_in",
    "to_step_up",
]

COOKIE = "secinfo_webapp_session"
SESSION_HOURS = 12

F = TypeVar("F", bound=Callable[..., Any])


def _new_data() -> dict[str, Any]:
    return {"csrf": secrets.token_urlsafe(24), "flash": []}


class Context:
    """Everything one request knows: the time (read once), the store, the policy, the cookie's
    session, and the signed-in user."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.now: datetime = clock()
        self.policy: TenantPolicy = store.policy()
        self.session_id = ""
        self.created_at = self.now
        self.data: dict[str, Any] = {}
        self.dirty = False
        self._stored: StoredUser | None = None

    # ------------------------------------------------------------ the session

    def open(self, session_id: str | None) -> None:
        """Load the session named by the cookie, or start an anonymous one."""
        found = None if session_id is None else self.store.session(session_id)
        if (
            found is not None
            and session_id is not None
            and self.now - found[0] < timedelta(hours=SESSION_HOURS)
        ):
            self.session_id = session_id
            self.created_at, self.data = found
            return
        self.restart()

    def restart(self) -> None:
        """Drop the current session and start an anonymous one (sign-in and sign-out)."""
        if self.session_id:
            self.store.delete_session(self.session_id)
        self.session_id = secrets.token_urlsafe(32)
        self.created_at = self.now
        self.data = _new_data()
        self._stored = None
        self.dirty = True

    def rotate(self) -> None:
        """Keep the session's data under a new id (an administrator signing in)."""
        data = self.data
        self.restart()
        self.data = {**data, "csrf": self.data["csrf"]}

    def save(self) -> None:
        """Write the session back when it changed."""
        if self.dirty:
            self.store.put_session(self.session_id, self.created_at, self.data)
            self.dirty = False

    def get(self, key: str) -> Any:
        """A value of the session's data."""
        return self.data.get(key)

    def set(self, key: str, value: Any) -> None:
        """Set (or with ``None`` clear) a value of the session's data."""
        if value is None:
            self.data.pop(key, None)
        else:
            self.data[key] = value
        self.dirty = True

    @property
    def csrf(self) -> str:
        """The form token of this session."""
        return cast(str, self.data["csrf"])

    # --------------------------------------------------------------- the user

    @property
    def user_id(self) -> str | None:
        """The user who passed the first factor, if any."""
        return cast("str | None", self.data.get("user_id"))

    @property
    def stage(self) -> str:
        """``anonymous``, ``mfa`` (first factor done, MFA pending) or ``in``."""
        return cast(str, self.data.get("stage", "anonymous"))

    @property
    def stored(self) -> StoredUser:
        """The signed-in user's stored document (read once per request)."""
        if self._stored is None:
            if self.user_id is None:
                abort(403)
            found = self.store.user(self.user_id)
            if found is None:
                abort(403)
            self._stored = found
        return self._stored

    @property
    def user(self) -> UserState:
        """The signed-in user's secinfo state."""
        return self.stored.user

    @property
    def session(self) -> Session:
        """The secinfo session: how and when the user signed in, and their last MFA."""
        return load_session(self.data["secinfo"])

    def set_session(self, session: Session) -> None:
        """Replace the secinfo session."""
        self.set("secinfo", dump_session(session))

    def record_mfa(self, method: Method) -> None:
        """The user just proved *method*: MFA evidence at the request's time."""
        self.set_session(attrs.evolve(self.session, mfa_at=self.now, mfa_method=method))

    def forget_user(self) -> None:
        """Read the user's document again on next use (after a change was stored)."""
        self._stored = None

    def sign_in(self, user_id: str, session: Session, *, stage: str) -> None:
        """Start a fresh session for *user_id* (a new cookie: no session fixation)."""
        self.store.delete_sessions_before(self.now - timedelta(hours=SESSION_HOURS))
        self.restart()
        self.set("user_id", user_id)
        self.set("stage", stage)
        self.set_session(session)


def ctx() -> Context:
    """The current request's context."""
    return cast(Context, g.ctx)


def open_request(store: Store, clock: Clock) -> None:
    """Before each request: read the clock, open the session, check the form token."""
    g.ctx = context = Context(store, clock)
    context.open(request.cookies.get(COOKIE))
    if request.method == "POST":
        sent = request.form.get("csrf", "")
        if not hmac.compare_digest(sent.encode(), context.csrf.encode()):
            abort(400, description="The form expired. Reload the page and try again.")


def close_request(response: Response) -> Response:
    """After each request: save the session and set the cookie and the security headers."""
    context: Context | None = g.get("ctx")
    if context is not None:
        context.save()
        response.set_cookie(COOKIE, context.session_id, httponly=True, samesite="Lax", path="/")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def flash(message: str, category: str = "info") -> None:
    """A message shown once on the next page (``info``, ``success`` or ``error``)."""
    context = ctx()
    context.set("flash", [*context.data.get("flash", []), [category, message]])


def take_flashes() -> list[tuple[str, str]]:
    """The pending messages, removed from the session."""
    context = ctx()
    messages = [(c, m) for c, m in context.data.get("flash", [])]
    if messages:
        context.set("flash", [])
    return messages


def safe_next(target: str | None, fallback: str) -> str:
    """*target* when it is a path on this site, else *fallback* (no open redirects)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback


def signed_in(view: F) -> F:
    """Only for a user who completed sign-in (first factor and any MFA the gate asked for)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        context = ctx()
        if context.stage == "mfa":
            return redirect(url_for("auth.verify"))
        if context.stage != "in":
            return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return cast(F, wrapper)


def admin_required(view: F) -> F:
    """Only for a signed-in administrator."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not ctx().get("admin"):
            return redirect(url_for("admin.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return cast(F, wrapper)


def to_step_up(methods: Iterable[Method], next_url: str) -> Response:
    """Send the user to MFA with *methods* (the gate's list, default first), then to
    *next_url*."""
    context = ctx()
    context.set("step_up", {"methods": [Method(m).value for m in methods], "next": next_url})
    context.set("challenge", None)
    return redirect(url_for("auth.verify"))


def commit(
    change: Change | None = None,
    *,
    events: Iterable[AuditEvent] = (),
    extra: Callable[[Transaction], None] | None = None,
) -> None:
    """Store a transition's result in one transaction: the new user document when the change
    was allowed and changed it, its events always (a denial's failure event included), and any
    *extra* writes of the same change (a TOTP secret, a pass code)."""
    context = ctx()
    with context.store.write() as tx:
        if change is not None:
            if change.allowed and change.user != context.user:
                tx.put_user(change.user, version=context.stored.version)
            tx.add_events(change.events)
        tx.add_events(events)
        if extra is not None:
            extra(tx)
    if change is not None and change.allowed:
        context.forget_user()


def form_text(name: str, *, limit: int = 256) -> str:
    """A form field, stripped, at most *limit* characters (longer input is refused)."""
    value = request.form.get(name, "").strip()
    if len(value) > limit:
        abort(400, description=f"The field {name} is longer than {limit} characters.")
    return value


def current_app_config(key: str) -> Any:
    """A setting of the running app."""
    return current_app.config[key]
