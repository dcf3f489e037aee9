"""Hypothesis strategies for secinfo's domain values, for your own property-based tests, and a
Hypothesis extension: ``st.from_type(UserState)`` (and ``TenantPolicy``, ``Session``, every
registration class) draws from these strategies.

It needs Hypothesis (``pip install 'secinfo[testing]'``); importing :mod:`secinfo` itself never
imports it.

>>> from hypothesis import given, strategies as st
>>> from secinfo import UserState
>>> from secinfo.testing import policies, users
>>> @given(policies().flatmap(lambda policy: users(policy=policy)))
... def test_users_are_valid(user):
...     assert len({r.id for r in user.registrations}) == len(user.registrations)
>>> test_users_are_valid()
>>> @given(st.from_type(UserState))
... def test_from_type(user):
...     assert isinstance(user, UserState)
>>> test_from_type()

:func:`registration_for` is a plain function (no Hypothesis involved) that builds a registration
providing a given method.
"""


def _hypothesis_setup_hook() -> None:
    """Hypothesis's entry point (``[project.entry-points.hypothesis]``): registers the type
    strategies when Hypothesis starts, so ``st.from_type`` knows secinfo's classes.

    Defined before Hypothesis is imported: importing this module first imports Hypothesis,
    which calls the hook while this module is still half-imported; the registration at the end
    of the module then does the work.
    """
    register = globals().get("register_type_strategies")
    if register is not None:
        register()


try:
    import hypothesis  # noqa: F401
except ImportError as error:  # pragma: no cover - tested in a subprocess without Hypothesis
    raise ImportError(
        "secinfo.testing needs Hypothesis: pip install 'secinfo[testing]'", name=error.name
    ) from error

from ._strategies import (  # noqa: E402
    DEFAULT_GROUPS,
    REFERENCE_NOW,
    SAMPLE_AAGUIDS,
    SAMPLE_PROVIDERS,
    aware_datetimes,
    phone_numbers,
    policies,
    register_type_strategies,
    registration_for,
    registrations,
    sessions,
    tenants,
    users,
)

__all__ = [
    "DEFAULT_GROUPS",
    "REFERENCE_NOW",
    "SAMPLE_AAGUIDS",
    "SAMPLE_PROVIDERS",
    "aware_datetimes",
    "phone_numbers",
    "policies",
    "register_type_strategies",
    "registration_for",
    "registrations",
    "sessions",
    "tenants",
    "users",
]


register_type_strategies()
