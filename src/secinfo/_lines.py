"""An :class:`~secinfo.results.Evaluation` → its JSON line, for ``secinfo report``.

The line is byte for byte ``_jsonl.encode(result.to_dict())``, put together from pieces encoded
once. ``evaluate`` hands out the same objects again and again (the usable sets in rank order,
the default and the ``view`` gate kept per policy, an interrupt's slots and block), so each is
encoded the first time it is met and its bytes are kept with the object itself: an object kept
here stays alive, so its ``id`` cannot be taken by another object while its bytes are kept.
Reasons are kept by their code and words (a grace or review sentence is a new object for every
user, but its words repeat). The user id is encoded every time. Each store is emptied when it
reaches its bound.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import _jsonl
from .results import DefaultChoice, Evaluation, Gate

__all__ = ["EvaluationLines"]

_LIMIT = 8192

_Encode = Callable[[Any], bytes]


class EvaluationLines:
    """Encode evaluations into JSON lines (no newline), keeping the bytes of repeated parts.

    One instance per process and job; it holds at most about *limit* kept pieces.
    """

    __slots__ = ("_encode", "_heads", "_kept", "_limit", "_reasons")

    def __init__(self, limit: int = _LIMIT) -> None:
        self._kept: dict[int, tuple[object, bytes]] = {}
        self._heads: dict[tuple[object, object, bool, bool], bytes] = {}
        self._reasons: dict[tuple[object, str], bytes] = {}
        self._limit = limit
        self._encode: _Encode = _jsonl.encode

    def __reduce__(self) -> tuple[type[EvaluationLines], tuple[int]]:
        # What a worker process receives: an empty store with the same bound.
        return (EvaluationLines, (self._limit,))

    def __call__(self, result: Evaluation) -> bytes:
        """``_jsonl.encode(result.to_dict())``, errors included: every piece is encoded by it."""
        return self._line(result)

    def _line(self, result: Evaluation) -> bytes:
        kept = self._kept
        get = kept.get
        keep = self._keep
        prompt = result.prompt
        parts = [b'{"user_id":', self._encode(result.user_id), b',"usable":{"mfa":']
        for value in (result.usable_mfa, result.usable_sspr):
            entry = get(id(value))
            if entry is None or entry[0] is not value:
                entry = keep(value, [m._value_ for m in value])
            parts.append(entry[1])
            parts.append(b',"sspr":')
        parts[-1] = b'},"prompt":'
        key = (prompt.mode, prompt.experience, prompt.skippable, prompt.review_due)
        head = self._heads.get(key)
        if head is None:
            head = self._heads[key] = self._encode(
                {
                    "mode": prompt.mode._value_,
                    "experience": prompt.experience._value_,
                    "skippable": prompt.skippable,
                    "review_due": prompt.review_due,
                    "slots": None,
                }
            )[: -len(b"null}")]  # the slots follow
        parts.append(head)
        slots = prompt.slots
        entry = get(id(slots))
        if entry is None or entry[0] is not slots:
            entry = keep(slots, [slot.to_dict() for slot in slots])
        parts.append(entry[1])
        blocked = prompt.blocked
        if blocked is None:
            parts.append(b',"blocked":null,"reasons":[')
        else:
            entry = get(id(blocked))
            if entry is None or entry[0] is not blocked:
                entry = keep(blocked, blocked.to_dict())
            parts.append(b',"blocked":')
            parts.append(entry[1])
            parts.append(b',"reasons":[')
        reasons = self._reasons
        texts = []
        for reason in prompt.reasons:
            # By value: a grace or review sentence is a new object for every user, but its
            # words repeat.
            reason_key = (reason.code, reason.message)
            text = reasons.get(reason_key)
            if text is None:
                if len(reasons) >= self._limit:
                    reasons.clear()
                text = reasons[reason_key] = self._encode(reason.to_dict())
            texts.append(text)
        parts.append(b",".join(texts))
        parts.append(b']},"default":')
        pieces: tuple[tuple[DefaultChoice | Gate, bytes], ...] = (
            (result.default, b',"step_up":'),
            (result.step_up, b"}"),
        )
        for decision, after in pieces:
            entry = get(id(decision))
            if entry is None or entry[0] is not decision:
                entry = keep(decision, decision.to_dict())
            parts.append(entry[1])
            parts.append(after)
        return b"".join(parts)

    def _keep(self, value: object, document: object) -> tuple[object, bytes]:
        entry = (value, self._encode(document))
        kept = self._kept
        if len(kept) >= self._limit:
            kept.clear()
        kept[id(value)] = entry
        return entry
