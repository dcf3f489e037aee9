"""The caller's state in SQLite: the tenant policy, users, their TOTP secrets and Temporary Access
Pass codes, sign-in sessions and the audit log.

secinfo keeps no state; this module is where an identity service would keep it. The policy and
user documents are secinfo's own JSON documents (``dump_*``/``load_*``); the schema is created
at start (``CREATE TABLE IF NOT EXISTS``: no migrations). Every change is one transaction: a
user's new document and the events of the transition that produced it land together or not at
all, and a user document carries a version so that two concurrent changes cannot overwrite each
other.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
from secinfo import (
    AuditEvent,
    TenantPolicy,
    UserState,
    dump_policy,
    dump_user,
    load_policy,
    load_user,
)
from werkzeug.security import check_password_hash, generate_password_hash

__all__ = ["Conflict", "OtpCredential", "Store", "StoredUser", "Transaction"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tenant (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    policy TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    user_id TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    document TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS admins (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS otp_credentials (
    user_id TEXT NOT NULL,
    registration_id TEXT NOT NULL,
    secret TEXT NOT NULL,
    last_step INTEGER,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, registration_id)
);
CREATE TABLE IF NOT EXISTS tap_codes (
    user_id TEXT NOT NULL,
    registration_id TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    PRIMARY KEY (user_id, registration_id)
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id TEXT NOT NULL,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_events_user ON audit_events (user_id, seq);
"""


class Conflict(Exception):
    """The user's document changed since it was read (another request won); try again."""


@attrs.frozen(kw_only=True)
class StoredUser:
    """A user document as stored, with its version (for optimistic concurrency)."""

    user: UserState
    version: int


@attrs.frozen(kw_only=True)
class OtpCredential:
    """The TOTP secret the app holds for one registration (never shown after enrollment)."""

    registration_id: str
    secret: str = attrs.field(repr=False)
    last_step: int | None
    failed_attempts: int


def _json(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


class Transaction:
    """The writes of one change; obtained from :meth:`Store.write`."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def put_policy(self, policy: TenantPolicy) -> None:
        """Replace the tenant policy."""
        self._db.execute(
            "INSERT INTO tenant (id, policy) VALUES (1, ?) "
            "ON CONFLICT (id) DO UPDATE SET policy = excluded.policy",
            (_json(dump_policy(policy)),),
        )

    def add_user(self, user: UserState, password: str) -> None:
        """Create a user with a password (an existing id is an error)."""
        self._db.execute(
            "INSERT INTO users (user_id, password_hash, document) VALUES (?, ?, ?)",
            (user.user_id, generate_password_hash(password), _json(dump_user(user))),
        )

    def add_admin(self, name: str, password: str) -> None:
        """Create or reset an administrator account."""
        self._db.execute(
            "INSERT INTO admins (name, password_hash) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash",
            (name, generate_password_hash(password)),
        )

    def put_user(self, user: UserState, *, version: int) -> None:
        """Store *user* if its stored version is still *version*; else :class:`Conflict`.
        TOTP secrets and pass codes of registrations the user no longer holds are dropped."""
        updated = self._db.execute(
            "UPDATE users SET document = ?, version = version + 1 "
            "WHERE user_id = ? AND version = ?",
            (_json(dump_user(user)), user.user_id, version),
        ).rowcount
        if updated != 1:
            raise Conflict(user.user_id)
        held = [registration.id for registration in user.registrations]
        marks = ",".join("?" * len(held))
        for table in ("otp_credentials", "tap_codes"):
            self._db.execute(
                f"DELETE FROM {table} WHERE user_id = ? AND registration_id NOT IN ({marks})",
                (user.user_id, *held),
            )

    def add_events(self, events: Iterable[AuditEvent]) -> None:
        """Append audit events (in order)."""
        self._db.executemany(
            "INSERT INTO audit_events (at, user_id, document) VALUES (?, ?, ?)",
            [(e.to_dict()["at"], e.user_id, _json(e.to_dict())) for e in events],
        )

    def put_otp(
        self, user_id: str, registration_id: str, secret: str, last_step: int | None
    ) -> None:
        """Store the TOTP secret of a registration (replacing any earlier one)."""
        self._db.execute(
            "INSERT INTO otp_credentials (user_id, registration_id, secret, last_step) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (user_id, registration_id) DO UPDATE SET "
            "secret = excluded.secret, last_step = excluded.last_step, failed_attempts = 0",
            (user_id, registration_id, secret, last_step),
        )

    def record_otp(
        self, user_id: str, registration_id: str, *, last_step: int | None, failed_attempts: int
    ) -> None:
        """Store the outcome of a TOTP verification (the consumed step, the failure count)."""
        self._db.execute(
            "UPDATE otp_credentials SET last_step = ?, failed_attempts = ? "
            "WHERE user_id = ? AND registration_id = ?",
            (last_step, failed_attempts, user_id, registration_id),
        )

    def put_tap_code(self, user_id: str, registration_id: str, code: str) -> None:
        """Store the (hashed) code of a Temporary Access Pass; a new pass replaces the old."""
        self._db.execute("DELETE FROM tap_codes WHERE user_id = ?", (user_id,))
        self._db.execute(
            "INSERT INTO tap_codes (user_id, registration_id, code_hash) VALUES (?, ?, ?)",
            (user_id, registration_id, generate_password_hash(code)),
        )


class Store:
    """The app's SQLite database at *path* (created with its schema when missing)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            yield db
        finally:
            db.close()

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        """One write transaction: everything in the block is applied, or nothing."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(db)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _one(self, sql: str, args: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        with self._connect() as db:
            row: tuple[Any, ...] | None = db.execute(sql, args).fetchone()
            return row

    def _all(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._connect() as db:
            return list(db.execute(sql, args).fetchall())

    # ------------------------------------------------------------------ reads

    def policy(self) -> TenantPolicy:
        """The tenant policy (the default policy when none was stored)."""
        row = self._one("SELECT policy FROM tenant WHERE id = 1")
        return TenantPolicy() if row is None else load_policy(json.loads(row[0]))

    def user(self, user_id: str) -> StoredUser | None:
        """The user *user_id* and its version, or ``None``."""
        row = self._one("SELECT document, version FROM users WHERE user_id = ?", (user_id,))
        if row is None:
            return None
        return StoredUser(user=load_user(json.loads(row[0])), version=row[1])

    def users(self) -> list[UserState]:
        """Every user, by id."""
        rows = self._all("SELECT document FROM users ORDER BY user_id")
        return [load_user(json.loads(row[0])) for row in rows]

    def check_password(self, user_id: str, password: str) -> bool:
        """Whether *password* is the user's password (``False`` for an unknown user)."""
        row = self._one("SELECT password_hash FROM users WHERE user_id = ?", (user_id,))
        return row is not None and check_password_hash(row[0], password)

    def check_admin(self, name: str, password: str) -> bool:
        """Whether *name*/*password* is an administrator account."""
        row = self._one("SELECT password_hash FROM admins WHERE name = ?", (name,))
        return row is not None and check_password_hash(row[0], password)

    def check_tap_code(self, user_id: str, code: str) -> str | None:
        """The registration id of the user's pass whose code is *code*, or ``None``."""
        for registration_id, code_hash in self._all(
            "SELECT registration_id, code_hash FROM tap_codes WHERE user_id = ?", (user_id,)
        ):
            if check_password_hash(code_hash, code):
                return str(registration_id)
        return None

    def otp_credentials(self, user_id: str) -> dict[str, OtpCredential]:
        """The TOTP secrets the app holds for the user, by registration id."""
        rows = self._all(
            "SELECT registration_id, secret, last_step, failed_attempts FROM otp_credentials "
            "WHERE user_id = ?",
            (user_id,),
        )
        return {
            row[0]: OtpCredential(
                registration_id=row[0], secret=row[1], last_step=row[2], failed_attempts=row[3]
            )
            for row in rows
        }

    def events(self, *, user_id: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
        """Audit events, newest first (``AuditEvent.to_dict()`` documents)."""
        if user_id is None:
            rows = self._all(
                "SELECT document FROM audit_events ORDER BY seq DESC LIMIT ?", (limit,)
            )
        else:
            rows = self._all(
                "SELECT document FROM audit_events WHERE user_id = ? ORDER BY seq DESC LIMIT ?",
                (user_id, limit),
            )
        return [json.loads(row[0]) for row in rows]

    # --------------------------------------------------------------- sessions

    def session(self, session_id: str) -> tuple[datetime, dict[str, Any]] | None:
        """A sign-in session's creation time and data, or ``None``."""
        row = self._one("SELECT created_at, data FROM sessions WHERE id = ?", (session_id,))
        if row is None:
            return None
        return datetime.fromisoformat(row[0]), json.loads(row[1])

    def put_session(self, session_id: str, created_at: datetime, data: Mapping[str, Any]) -> None:
        """Create or replace a session."""
        with self._connect() as db:
            db.execute(
                "INSERT INTO sessions (id, created_at, data) VALUES (?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET data = excluded.data",
                (session_id, created_at.isoformat(), _json(dict(data))),
            )

    def delete_session(self, session_id: str) -> None:
        """End a session."""
        with self._connect() as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    def delete_sessions_before(self, moment: datetime) -> None:
        """End every session created before *moment*."""
        with self._connect() as db:
            db.execute("DELETE FROM sessions WHERE created_at < ?", (moment.isoformat(),))
