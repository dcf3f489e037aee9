"""``secinfo graph-import``: a tenant exported from Microsoft Graph in, secinfo documents out.

Input, a folder (every file is what Graph returns, saved as JSON)::

    SOURCE/
      authentication-methods-policy.json   GET /policies/authenticationMethodsPolicy
      settings.json                        optional: what Graph does not hold (see below)
      users.jsonl                          optional: one user per line (an export script's output)
      users/<user id>/
        methods.json                       GET /users/{id}/authentication/methods
        sign-in-preferences.json           optional: GET /beta/users/{id}/authentication/signInPreferences
        groups.json                        optional: GET /users/{id}/transitiveMemberOf, or a list of ids

A line of ``users.jsonl`` is ``{"id": …, "methods": …, "signInPreferences": …, "groups": …}``
(the last two optional; ``methods`` the response object or its ``value`` list; ``groups`` a list
of ids, of objects with an ``id``, or a response object). ``settings.json`` holds the sections
of a secinfo policy document Graph does not express: ``mfa``, ``sspr``,
``registration_strength``, and optionally ``combined_registration``, ``step_up``, ``bootstrap``,
``office_phone_user_managed``, ``phone``, ``limits``.

Output, in ``--out``: ``policy.json`` (the canonical policy document) and ``users.jsonl`` (one
canonical user document per line), written only when the import finishes. Warnings and skipped
users go to standard error; a one-line JSON summary to standard output. Exit status: 0, 1 when a
user was skipped, 2 when the policy or an argument is unusable (nothing is written).
"""  # noqa: E501

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from ._mask import describe, escape_label
from .documents import dump_policy, dump_user
from .errors import SecinfoError
from .graph import ImportWarning, policy_from_graph, user_from_graph
from .policy import TenantPolicy

__all__ = ["add_command", "run"]

POLICY_FILE = "authentication-methods-policy.json"
SETTINGS_FILE = "settings.json"
USERS_FILE = "users.jsonl"
USERS_DIR = "users"
METHODS_FILE = "methods.json"
PREFERENCES_FILE = "sign-in-preferences.json"
GROUPS_FILE = "groups.json"
_KEYWORDS = ("mfa", "sspr", "registration_strength")
_PROG = "secinfo graph-import"

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2


class _Failure(Exception):
    """Unusable input: printed to stderr, exit code 2, nothing written."""


class _Skip(Exception):
    """One user cannot be imported: reported and skipped."""


def add_command(commands: Any) -> None:
    """Add ``graph-import`` to the ``secinfo`` sub-command parsers *commands*."""
    command = commands.add_parser(
        "graph-import",
        help="import a tenant from Microsoft Graph JSON: secinfo policy.json and users.jsonl",
        description="Read a tenant exported from Microsoft Graph (a folder: the "
        "authenticationMethodsPolicy, per user the methods list, optional sign-in preferences "
        "and group ids; or the JSON Lines of an export script) and write secinfo's policy "
        "document and users JSON Lines, ready for 'secinfo report'.",
    )
    command.add_argument(
        "source", nargs="?", help=f"a folder holding {POLICY_FILE}, users/ and/or {USERS_FILE}"
    )
    command.add_argument("--policy", help=f"the Graph policy JSON (default: SOURCE/{POLICY_FILE})")
    command.add_argument(
        "--users", help=f"users as JSON Lines; - for stdin (default: SOURCE/{USERS_FILE} if any)"
    )
    command.add_argument(
        "--settings",
        help=f"what Graph does not hold: mfa, sspr, … (default: SOURCE/{SETTINGS_FILE} if any)",
    )
    command.add_argument("--out", required=True, help="folder for policy.json and users.jsonl")
    command.add_argument(
        "--imported-at",
        help="RFC 3339 time standing in for a missing createdDateTime (default: the clock)",
    )
    command.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``graph-import`` for parsed *args*; the summary goes to *out*."""
    try:
        return _import(args, out)
    except _Failure as error:
        print(f"{_PROG}: {error}", file=sys.stderr)
        return EXIT_USAGE


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def _read_json(path: Path, what: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise _Failure(f"cannot read the {what} {str(path)!r}: {error.strerror}") from None
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise _Failure(f"the {what} {str(path)!r} is not JSON: {error}") from None


def _imported_at(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise _Failure(f"--imported-at {text!r} is not an RFC 3339 time") from None
    if value.tzinfo is None:
        raise _Failure(f"--imported-at {text!r} has no time zone offset")
    return value


def _group_ids(value: object, where: str) -> list[str]:
    """Group ids from a list of ids, a list of objects with ``id``, or a response object."""
    if isinstance(value, Mapping):
        value = value.get("value")
    if not isinstance(value, list):
        raise _Skip(f"{where}: expected a list of group ids or a Graph response with 'value'")
    ids: list[str] = []
    for index, item in enumerate(value):
        group = item.get("id") if isinstance(item, Mapping) else item
        if not isinstance(group, str) or not group:
            raise _Skip(f"{where}: item {index} is not a group id or an object with an 'id'")
        ids.append(group)
    return ids


def _warn(source: str, warnings: tuple[ImportWarning, ...]) -> int:
    for warning in warnings:
        print(f"{_PROG}: warning: {source}: {warning}", file=sys.stderr)
    return len(warnings)


def _settings(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    document = _read_json(path, "settings file")
    if not isinstance(document, dict):
        raise _Failure(f"the settings file {str(path)!r} is not a JSON object")
    return document


def _paths(args: argparse.Namespace) -> tuple[Path, Path | None, Path | None, Path | None]:
    """The policy, settings, users JSONL and users folder to read."""
    source = None if args.source is None else Path(args.source)
    if source is not None and not source.is_dir():
        raise _Failure(f"{args.source!r} is not a folder")
    if args.policy is not None:
        policy = Path(args.policy)
    elif source is not None:
        policy = source / POLICY_FILE
    else:
        raise _Failure("give a SOURCE folder or --policy")

    def optional(given: str | None, name: str) -> Path | None:
        if given is not None:
            return Path(given)
        if source is not None and (source / name).exists():
            return source / name
        return None

    folder = source / USERS_DIR if source is not None and (source / USERS_DIR).is_dir() else None
    return policy, optional(args.settings, SETTINGS_FILE), optional(args.users, USERS_FILE), folder


# --------------------------------------------------------------------------------------------
# Users: (where, user id, methods, preferences, groups) from both inputs
# --------------------------------------------------------------------------------------------

_User = tuple[str, str, object, object, list[str]]


def _folder_users(folder: Path) -> Iterator[_User | _Skip]:
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.is_dir():
            continue
        where = f"{USERS_DIR}/{escape_label(entry.name)}"
        try:
            methods = _read_json(entry / METHODS_FILE, "methods file")
            preferences = (
                _read_json(entry / PREFERENCES_FILE, "sign-in preferences file")
                if (entry / PREFERENCES_FILE).exists()
                else None
            )
            groups = (
                _group_ids(_read_json(entry / GROUPS_FILE, "groups file"), f"{where}/{GROUPS_FILE}")
                if (entry / GROUPS_FILE).exists()
                else []
            )
        except (_Failure, _Skip) as error:
            yield _Skip(f"{where}: {error}")
            continue
        yield f"{where}/{METHODS_FILE}", entry.name, methods, preferences, groups


def _line_users(path: Path | None, stdin: TextIO) -> Iterator[_User | _Skip]:
    if path is None:
        return
    name = "<stdin>" if str(path) == "-" else path.name
    try:
        stream = stdin if str(path) == "-" else open(path, encoding="utf-8-sig")  # noqa: SIM115
    except OSError as error:
        raise _Failure(f"cannot read the users file {str(path)!r}: {error.strerror}") from None
    try:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            where = f"{name} line {number}"
            try:
                yield _line_user(line, where)
            except _Skip as error:
                yield error
    finally:
        if stream is not stdin:
            stream.close()


def _line_user(line: str, where: str) -> _User:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as error:
        raise _Skip(f"{where}: not JSON: {error}") from None
    if not isinstance(record, dict):
        raise _Skip(f"{where}: expected a JSON object")
    user_id = record.get("id")
    if not isinstance(user_id, str) or not user_id:
        raise _Skip(f"{where}: 'id' (the user's object id) is missing or not a string")
    if "methods" not in record:
        raise _Skip(f"{where}: 'methods' (the user's authentication methods) is missing")
    groups = record.get("groups")
    group_ids = [] if groups is None else _group_ids(groups, f"{where} (groups)")
    methods = record["methods"]
    return f"{where}, methods", user_id, methods, record.get("signInPreferences"), group_ids


# --------------------------------------------------------------------------------------------
# The import
# --------------------------------------------------------------------------------------------


def _policy(path: Path, settings: dict[str, Any]) -> tuple[TenantPolicy, int]:
    payload = _read_json(path, "policy file")
    keywords = {key: settings.get(key) for key in _KEYWORDS}
    others = {key: value for key, value in settings.items() if key not in _KEYWORDS}
    try:
        result = policy_from_graph(payload, settings=others, **keywords)
    except SecinfoError as error:
        raise _Failure(f"{path.name}: {error}") from None
    return result.value, _warn(path.name, result.warnings)


def _import(args: argparse.Namespace, out: TextIO) -> int:
    policy_path, settings_path, users_path, folder = _paths(args)
    imported_at = _imported_at(args.imported_at)
    policy, warned = _policy(policy_path, _settings(settings_path))
    target = Path(args.out)
    try:
        target.mkdir(parents=True, exist_ok=True)
        users_tmp = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w", encoding="utf-8", dir=target, prefix=".users-", suffix=".tmp", delete=False
        )
    except OSError as error:
        raise _Failure(f"cannot write into {args.out!r}: {error.strerror}") from None
    imported = skipped = 0
    seen: set[str] = set()
    sources = [] if folder is None else [_folder_users(folder)]
    try:
        with users_tmp:
            for source in (*sources, _line_users(users_path, sys.stdin)):
                for item in source:
                    if isinstance(item, _Skip):
                        print(f"{_PROG}: {item} (skipped)", file=sys.stderr)
                        skipped += 1
                        continue
                    where, user_id, methods, preferences, groups = item
                    if user_id in seen:
                        print(
                            f"{_PROG}: {where}: user {describe(user_id)} again (skipped)",
                            file=sys.stderr,
                        )
                        skipped += 1
                        continue
                    if user_id in policy.named_groups:  # a policy target that names this user
                        groups = [*groups, user_id]
                    try:
                        result = user_from_graph(
                            methods,
                            user_id=user_id,
                            imported_at=imported_at,
                            groups=groups,
                            sign_in_preferences=preferences,
                        )
                    except SecinfoError as error:
                        print(f"{_PROG}: {where}: {error} (skipped)", file=sys.stderr)
                        skipped += 1
                        continue
                    seen.add(user_id)
                    warned += _warn(where, result.warnings)
                    users_tmp.write(
                        json.dumps(dump_user(result.value), separators=(",", ":")) + "\n"
                    )
                    imported += 1
        policy_file, users_file = target / "policy.json", target / "users.jsonl"
        policy_file.with_suffix(".json.tmp").write_text(
            json.dumps(dump_policy(policy), indent=2) + "\n", encoding="utf-8"
        )
        os.replace(policy_file.with_suffix(".json.tmp"), policy_file)
        os.replace(users_tmp.name, users_file)
    except OSError as error:
        raise _Failure(f"cannot write into {args.out!r}: {error.strerror}") from None
    finally:
        if os.path.exists(users_tmp.name):
            os.unlink(users_tmp.name)
    summary = {
        "policy": str(policy_file),
        "users": str(users_file),
        "imported": imported,
        "skipped": skipped,
        "warnings": warned,
    }
    out.write(json.dumps(summary) + "\n")
    return EXIT_SKIPPED if skipped else EXIT_OK
