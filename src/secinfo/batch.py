"""Many users at once: evaluate (or compare) an iterable of user documents against a policy.

The functions here are generators over what you hand them, so they run the same in one process,
in ``secinfo report``'s workers, in a ``dask.bag`` partition or in a Spark ``mapPartitions``
(docs: "Run a tenant report and scale it out"). The ``*_lines`` functions read and write JSON
Lines and produce exactly the bytes ``secinfo report`` and ``secinfo impact`` write, so a
scaled-out run can be compared with a local one line for line.

A bad document raises :class:`~secinfo.errors.InvalidDocument` (``errors="raise"``, the default)
or is left out (``errors="skip"``); a line that is not JSON is an ``InvalidDocument`` at path
``""`` too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, Literal

from . import _jsonl
from ._jsonl import BadLine
from ._report import EvaluateJob, ImpactJob
from .documents import load_user
from .errors import InvalidArgument, InvalidDocument, SecinfoError
from .evaluation import evaluate
from .impact import policy_impact
from .policy import TenantPolicy
from .user import UserState

__all__ = [
    "evaluate_documents",
    "evaluate_lines",
    "fast_codec",
    "impact_documents",
    "impact_lines",
]

Errors = Literal["raise", "skip"]


def _check_errors(errors: object) -> None:
    if errors not in ("raise", "skip"):
        raise InvalidArgument("errors", f"{errors!r} is not 'raise' or 'skip'")


def _check_policy(name: str, value: object) -> None:
    if not isinstance(value, TenantPolicy):
        raise InvalidArgument(name, "expected a TenantPolicy")


def evaluate_documents(
    policy: TenantPolicy, documents: Iterable[object], *, now: datetime, errors: Errors = "raise"
) -> Iterator[dict[str, Any]]:
    """``evaluate(policy, load_user(doc), now=now).to_dict()`` for every document, in order.

    >>> from datetime import datetime, UTC
    >>> from secinfo import MethodSetting, TenantPolicy
    >>> policy = TenantPolicy(methods=[MethodSetting(method="sms", mfa=True)])
    >>> docs = [{"schema": "secinfo/user/1", "user_id": "u1"}, {"user_id": "u2"}]
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> [r["user_id"] for r in evaluate_documents(policy, docs, now=now, errors="skip")]
    ['u1']
    """
    _check_policy("policy", policy)
    _check_errors(errors)
    for user in _users(documents, errors):
        yield evaluate(policy, user, now=now).to_dict()


def impact_documents(
    old: TenantPolicy,
    new: TenantPolicy,
    documents: Iterable[object],
    *,
    now: datetime,
    at: datetime | None = None,
    everyone: bool = False,
    errors: Errors = "raise",
) -> Iterator[dict[str, Any]]:
    """:func:`secinfo.impact.policy_impact` for every document, as ``to_dict()``; only affected
    users unless *everyone*.

    >>> from datetime import datetime, UTC
    >>> from secinfo import MethodSetting, TenantPolicy
    >>> old = TenantPolicy(methods=[MethodSetting(method="sms", mfa=True)])
    >>> new = TenantPolicy()
    >>> docs = [{"schema": "secinfo/user/1", "user_id": "u1", "registrations": [
    ...     {"kind": "mobile_phone", "id": "p1", "registered_at": "2026-01-05T09:00:00Z",
    ...      "number": "+16502530000"}]}]
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> [r["mfa"]["lost"] for r in impact_documents(old, new, docs, now=now)]
    [['sms']]
    """
    _check_policy("old", old)
    _check_policy("new", new)
    _check_errors(errors)
    for user in _users(documents, errors):
        change = policy_impact(old, new, user, now=now, at=at)
        if everyone or change.affected:
            yield change.to_dict()


def _users(documents: Iterable[object], errors: Errors) -> Iterator[UserState]:
    """The users the documents hold; a document that does not load is skipped or raised as
    *errors* says."""
    for document in documents:
        try:
            yield load_user(document)
        except SecinfoError:
            if errors == "skip":
                continue
            raise


def _raw(line: str | bytes) -> bytes:
    return line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass")


def _blank(raw: bytes) -> bool:
    return not raw or raw.isspace()


def _document_error(error: BadLine) -> SecinfoError:
    cause = error.__cause__
    return cause if isinstance(cause, SecinfoError) else InvalidDocument("", str(error))


def evaluate_lines(
    policy: TenantPolicy, lines: Iterable[str | bytes], *, now: datetime, errors: Errors = "raise"
) -> Iterator[str]:
    """JSON lines of user documents → the JSON lines ``secinfo report`` writes for them (without
    the newline; blank lines are ignored).

    >>> from datetime import datetime, UTC
    >>> from secinfo import TenantPolicy
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> out = list(evaluate_lines(TenantPolicy(), ['{"schema":"secinfo/user/1","user_id":"u1"}'],
    ...                           now=now))
    >>> out[0][:40]
    '{"user_id":"u1","usable":{"mfa":[],"sspr'
    """
    _check_policy("policy", policy)
    _check_errors(errors)
    yield from _job_lines(EvaluateJob(policy, now).line, lines, errors)


def impact_lines(
    old: TenantPolicy,
    new: TenantPolicy,
    lines: Iterable[str | bytes],
    *,
    now: datetime,
    at: datetime | None = None,
    everyone: bool = False,
    errors: Errors = "raise",
) -> Iterator[str]:
    """JSON lines of user documents → the JSON lines ``secinfo impact`` writes for them (only
    affected users unless *everyone*).

    >>> from datetime import datetime, UTC
    >>> from secinfo import MethodSetting, TenantPolicy
    >>> old = TenantPolicy(methods=[MethodSetting(method="sms", mfa=True)])
    >>> line = ('{"schema": "secinfo/user/1", "user_id": "u1", "registrations": [{"kind": '
    ...         '"mobile_phone", "id": "p1", "registered_at": "2026-01-05T09:00:00Z", '
    ...         '"number": "+16502530000"}]}')
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> [out[:45] for out in impact_lines(old, TenantPolicy(), [line], now=now)]
    ['{"user_id":"u1","mfa":{"lost":["sms"],"gained']
    """
    _check_policy("old", old)
    _check_policy("new", new)
    _check_errors(errors)
    yield from _job_lines(ImpactJob(old, new, now, at, everyone=everyone).line, lines, errors)


def _job_lines(
    line: Callable[[bytes], tuple[bytes | None, object]],
    lines: Iterable[str | bytes],
    errors: Errors,
) -> Iterator[str]:
    """Run a report job's *line* over *lines*: the text it writes, blank lines ignored, a bad
    line skipped or raised as *errors* says."""
    for each in lines:
        raw = _raw(each)
        if _blank(raw):
            continue
        try:
            text, _ = line(raw)
        except BadLine as error:
            if errors == "skip":
                continue
            raise _document_error(error) from None
        if text is not None:
            yield text.decode("utf-8")


def fast_codec() -> bool:
    """Whether the optional ``orjson`` codec (the ``fast`` extra) is in use; the output is the
    same bytes either way.

    >>> isinstance(fast_codec(), bool)
    True
    """
    return _jsonl.fast_codec()
