"""One JSON line of a user → one finished output line, for ``secinfo report``/``impact`` and
:mod:`secinfo.batch`; and the jobs that do it for a whole block of lines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import datetime
from typing import TypeVar

import attrs

from . import _fastread, _jsonl, _msgread
from ._jsonl import BadLine
from ._lines import EvaluationLines
from ._pipeline import MAX_LINE_BYTES, Block, BlockResult
from .documents import load_user
from .errors import SecinfoError
from .evaluation import evaluate
from .impact import UserImpact, impact_counts, policy_impact
from .policy import TenantPolicy
from .results import DefaultSource, Evaluation, GateOutcome, PromptMode
from .user import UserState

__all__ = ["EvaluateJob", "ImpactJob", "read_user"]


_typed = _msgread.read_user


def read_user(raw: bytes) -> UserState:
    """A JSON line → the user; :class:`BadLine` with the reader's message when it is not one.

    With the fast codec a refused document is read again by the standard library, so the
    message is the same whichever codec is installed (a number beyond 64 bits, say). With
    msgspec (the same extra) the line is first decoded straight into the user by the typed
    reader (:mod:`secinfo._msgread`); whatever it is not sure of is read as before.
    """
    if _typed is not None:
        user = _typed(raw)
        if user is not _fastread.DEFER:
            return user
    document = _jsonl.decode(raw)
    user = _fastread.read_user(document)  # what load_user does first, without its wrapping
    if user is not _fastread.DEFER:
        return user
    try:
        return load_user(document)
    except SecinfoError as error:
        if _jsonl.fast_codec():
            try:
                return load_user(_jsonl.decode(raw, careful=True))
            except SecinfoError as careful:
                raise BadLine(str(careful)) from careful
        raise BadLine(str(error)) from error


_Tally = tuple[PromptMode, DefaultSource, GateOutcome, bool, bool]


def _tally(result: Evaluation) -> _Tally:
    """What the summary reads of *result*, as a key: a block counts keys and names them once
    per key (cheaper than naming them per user)."""
    prompt = result.prompt
    return (
        prompt.mode,
        result.default.source,
        result.step_up.outcome,
        prompt.blocked is not None,
        prompt.review_due,
    )


def _count_names(tally: _Tally) -> list[str]:
    """The summary keys (``secinfo report``'s table) a result of *tally* adds to."""
    mode, source, outcome, blocked, review_due = tally
    keys = [  # ``_value_``: the member's value without the ``value`` property's descriptor call
        "users",
        "prompt: " + mode._value_,
        "default: " + source._value_,
        "view gate: " + outcome._value_,
    ]
    if blocked:
        keys.append("blocked")
    if review_due:
        keys.append("review due")
    return keys


_R = TypeVar("_R")
_K = TypeVar("_K", bound=Hashable)

_TOO_LONG = f"longer than {MAX_LINE_BYTES} bytes"


@attrs.frozen
class EvaluateJob:
    """Evaluate every user line of a block under *policy* at *now*."""

    policy: TenantPolicy
    now: datetime
    encode: EvaluationLines = attrs.field(factory=EvaluationLines, eq=False, repr=False)

    def line(self, raw: bytes) -> tuple[bytes, Evaluation]:
        """One line → its output line (no newline) and the evaluation."""
        result = evaluate(self.policy, read_user(raw), now=self.now)
        return self.encode(result), result

    def __call__(self, block: Block) -> BlockResult:
        """Process one block."""
        return _run_block(block, self.line, _tally, _count_names)


@attrs.frozen
class ImpactJob:
    """Compare every user line of a block under *old* at *now* and *new* at *at*; only
    affected users are written unless *everyone*."""

    old: TenantPolicy
    new: TenantPolicy
    now: datetime
    at: datetime | None = None
    everyone: bool = False

    def line(self, raw: bytes) -> tuple[bytes | None, UserImpact]:
        """One line → its output line (``None`` when not written) and the comparison."""
        change = policy_impact(self.old, self.new, read_user(raw), now=self.now, at=self.at)
        if not (self.everyone or change.affected):
            return None, change
        return _jsonl.encode(change.to_dict()), change

    def __call__(self, block: Block) -> BlockResult:
        """Process one block."""
        return _run_block(block, self.line, _impact_tally, dict)


def _impact_tally(change: UserImpact) -> tuple[tuple[str, int], ...]:
    """:func:`~secinfo.impact.impact_counts` as a key (see :func:`_tally`)."""
    return tuple(sorted(impact_counts(change).items()))


def _run_block(
    block: Block,
    line: Callable[[bytes], tuple[bytes | None, _R]],
    tally: Callable[[_R], _K],
    names: Callable[[_K], Iterable[str] | Mapping[str, int]],
) -> BlockResult:
    """Run *line* over the block's lines: the written lines (``None``: nothing to write), the
    summed counts, and every bad line by number. Each result is counted under its *tally*
    key; *names* turns a key into the summary's counts once per key and block."""
    out: list[bytes] = []
    tallies: dict[_K, int] = {}
    errors: list[tuple[int, str]] = []
    if block.data is None:
        errors.append((block.start, _TOO_LONG))
        lines: list[bytes] = []
    else:
        # The block's lines without their newlines (the readers need none); after the last
        # newline comes the input's last line or an empty part, skipped as blank.
        lines = block.data.split(b"\n")
    number = block.start - 1
    for raw in lines:
        number += 1
        if not raw or raw.isspace():
            continue
        try:
            text, result = line(raw)
        except BadLine as error:
            errors.append((number, str(error)))
            continue
        if text is not None:
            out.append(text)
        key = tally(result)
        tallies[key] = tallies.get(key, 0) + 1
    counts: Counter[str] = Counter()
    for key, users in tallies.items():
        named = names(key)
        for name, count in (named if isinstance(named, Mapping) else Counter(named)).items():
            counts[name] += count * users
    return BlockResult(_joined(out), counts, tuple(errors), block.count)


def _joined(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n" if lines else b""
