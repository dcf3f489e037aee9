"""Hypothesis profiles for the test suite.

- ``secinfo`` (the default): no per-example deadline and no "too slow" health check — the
  machines that run this suite are small and shared, and speed is measured by ``benchmarks/``,
  never by tests.
- ``ci`` (when the ``CI`` environment variable is set; ``.ci/run`` exports it): the same,
  derandomized, so a CI run is reproducible; local runs keep exploring new examples. Under
  ``ci`` every property runs :data:`CI_EXAMPLE_SHARE` of its examples — of the default 100
  (the profile's ``max_examples``) or of the count its own ``@settings`` ask for (at least
  :data:`CI_MIN_EXAMPLES`) — which keeps the whole suite within two minutes on a two-core
  machine; the assertions are the same.
- ``thorough`` (on demand: ``HYPOTHESIS_PROFILE=thorough``): 2,000 examples per property that
  does not set its own count — the fuzz suite (``tests/property/test_fuzz_*.py``) in depth.

``HYPOTHESIS_PROFILE`` names the profile explicitly and wins over ``CI``.
"""

import math
import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("secinfo", deadline=None, suppress_health_check=[HealthCheck.too_slow])
CI_EXAMPLE_SHARE = 0.4
CI_MIN_EXAMPLES = 20

settings.register_profile(
    "ci",
    settings.get_profile("secinfo"),
    derandomize=True,
    print_blob=True,
    # the same share of the default 100 examples as of a property's own count (below)
    max_examples=round(settings.get_profile("secinfo").max_examples * CI_EXAMPLE_SHARE),
)
settings.register_profile(
    "thorough",
    settings.get_profile("secinfo"),
    max_examples=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "secinfo")
settings.load_profile(PROFILE)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under the ``ci`` profile, scale each property's own ``max_examples`` (Hypothesis lets a
    test's ``@settings`` override any profile, so the profile alone cannot trim them)."""
    if PROFILE != "ci":
        return
    for item in items:
        test = getattr(item, "obj", None)
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is None:
            continue
        scaled = max(CI_MIN_EXAMPLES, math.ceil(own.max_examples * CI_EXAMPLE_SHARE))
        if scaled < own.max_examples:
            test._hypothesis_internal_use_settings = settings(own, max_examples=scaled)  # type: ignore[union-attr]


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """Test ids in printable ASCII without backslashes: a string parameter's other characters
    are written ``U+XXXX``. pytest would escape them (``\\u202e``), and mutmut, which names the
    tests to rerun by their ids, then finds no such test (docs/mutation-testing.md)."""
    if isinstance(val, str) and not (val.isascii() and val.isprintable() and "\\" not in val):
        return "".join(
            c if c.isascii() and c.isprintable() and c != "\\" else f"U+{ord(c):04X}" for c in val
        )
    return None
