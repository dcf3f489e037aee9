"""An :class:`~secinfo.results.Evaluation` → its JSON line, for ``secinfo report``.

The line is byte for byte ``_jsonl.encode(result.to_dict())``, put together from pieces encoded
once. ``evaluate`` hands out the same objects again and again (the usable sets in rank order,
the default with its ``view`` gate kept per policy, most prompts, an interrupt's slots and
block), so each is encoded the first time it is met and its bytes are kept with the object
itself (a pair is checked against both its objects: the usable sets are kept under both ids,
the default and gate under the default's): an object kept here stays alive, so its ``id``
cannot be taken by another object while its bytes are kept.
Reasons are kept by their code and words (a grace or review sentence is a new object for every
user, but its words repeat). The user id is encoded every time. Each store is emptied when it
reaches its bound.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import _jsonl
from .results import Evaluation, RegistrationPrompt

__all__ = ["EvaluationLines"]

_LIMIT = 1024
"""Entries per store. The prompts store also meets the prompts built for one user (a running grace
period names its end), and a kept entry keeps its objects alive: 8,192 per store cost about 40 MB
per process, 1,024 about 5 MB, at the same speed (measured on the example tenant). Four times
1,024 for the stores of the usable sets, the defaults and the slots alone still cost about
14 MB more per process (300,000 users)."""

_Encode = Callable[[Any], bytes]
_Entry = tuple[object, object, bytes]
"""A kept piece: the object, the object encoded with it (or ``None``), the bytes."""


class EvaluationLines:
    """Encode evaluations into JSON lines (no newline), keeping the bytes of repeated parts.

    One instance per process and job; each of its stores holds at most *limit* pieces.
    """

    __slots__ = (
        "_decisions",
        "_encode",
        "_heads",
        "_limit",
        "_parts",
        "_prompts",
        "_reasons",
        "_usable",
    )

    def __init__(self, limit: int = _LIMIT) -> None:
        # One store per role: an object may have a role's encoding only in its own store (the
        # empty tuple is both a usable set and a prompt's slots).
        self._usable: dict[tuple[int, int], _Entry] = {}
        self._prompts: dict[int, _Entry] = {}
        self._decisions: dict[int, _Entry] = {}
        self._parts: dict[int, _Entry] = {}
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
        mfa, sspr = result.usable_mfa, result.usable_sspr
        # Keyed by both: one ranked tuple is met with many others (the tuples in rank order
        # are shared per set of methods), and an entry under one of them would be replaced
        # by every other pair it is met in.
        pair = (id(mfa), id(sspr))
        usable = self._usable.get(pair)
        if usable is None or usable[0] is not mfa or usable[1] is not sspr:
            document = {"mfa": [m._value_ for m in mfa], "sspr": [m._value_ for m in sspr]}
            text = self._encode(document)
            usable = _keep(self._usable, self._limit, mfa, sspr, text, pair)
        prompt = result.prompt
        asked = self._prompts.get(id(prompt))
        if asked is None or asked[0] is not prompt:
            asked = _keep(self._prompts, self._limit, prompt, None, self._prompt(prompt))
        default, gate = result.default, result.step_up
        decided = self._decisions.get(id(default))
        if decided is None or decided[0] is not default or decided[1] is not gate:
            text = b"".join(
                (
                    self._encode(default.to_dict()),
                    b',"step_up":',
                    self._encode(gate.to_dict()),
                )
            )
            decided = _keep(self._decisions, self._limit, default, gate, text)
        return b"".join(
            (
                b'{"user_id":',
                self._encode(result.user_id),
                b',"usable":',
                usable[2],
                b',"prompt":',
                asked[2],
                b',"default":',
                decided[2],
                b"}",
            )
        )

    def _prompt(self, prompt: RegistrationPrompt) -> bytes:
        """The prompt's JSON, from its head (mode, experience, flags), its slots and block
        (kept by object) and its reasons (kept by their words)."""
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
        parts = self._parts
        slots = prompt.slots
        listed = parts.get(id(slots))
        if listed is None or listed[0] is not slots:
            encoded = self._encode([slot.to_dict() for slot in slots])
            listed = _keep(parts, self._limit, slots, None, encoded)
        blocked = prompt.blocked
        if blocked is None:
            block = b"null"
        else:
            found = parts.get(id(blocked))
            if found is None or found[0] is not blocked:
                encoded = self._encode(blocked.to_dict())
                found = _keep(parts, self._limit, blocked, None, encoded)
            block = found[2]
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
        return b"".join(
            (head, listed[2], b',"blocked":', block, b',"reasons":[', b",".join(texts), b"]}")
        )


def _keep(
    store: dict[Any, _Entry],
    limit: int,
    value: object,
    companion: object,
    text: bytes,
    key: object = None,
) -> _Entry:
    """Keep *text* for *value* (and the *companion* it was encoded with) in *store*, under
    *key* (default: the ``id`` of *value*), emptied first when full."""
    entry = (value, companion, text)
    if len(store) >= limit:
        store.clear()
    store[id(value) if key is None else key] = entry
    return entry
