"""Machine-readable reasons that accompany every decision."""

from __future__ import annotations

import attrs

__all__ = ["Reason"]


@attrs.frozen(kw_only=True)
class Reason:
    """One part of a decision: a stable machine ``code`` and a plain-English ``message``.

    >>> Reason(code="mfa_not_fresh", message="The session has no recent MFA.").to_dict()
    {'code': 'mfa_not_fresh', 'message': 'The session has no recent MFA.'}
    """

    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """The JSON form: ``{"code": …, "message": …}``."""
        return {"code": self.code, "message": self.message}
