"""Hypothesis strategies for secinfo's domain values, for your own property-based tests.

Importing this module imports :mod:`hypothesis` (``pip install secinfo[test]``); importing
:mod:`secinfo` itself never does.

>>> from hypothesis import given
>>> from secinfo.testing import policies, users
>>> @given(policies().flatmap(lambda policy: users(policy=policy)))
... def test_users_are_valid(user):
...     assert len({r.id for r in user.registrations}) == len(user.registrations)
>>> test_users_are_valid()

:func:`registration_for` is a plain function (no Hypothesis involved) that builds a registration
providing a given method.
"""

from ._strategies import (
    DEFAULT_GROUPS,
    REFERENCE_NOW,
    SAMPLE_AAGUIDS,
    SAMPLE_PROVIDERS,
    aware_datetimes,
    phone_numbers,
    policies,
    registration_for,
    registrations,
    sessions,
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
    "registration_for",
    "registrations",
    "sessions",
    "users",
]
