"""Hypothesis profiles for the test suite.

- ``secinfo`` (the default): no per-example deadline and no "too slow" health check — the
  machines that run this suite are small and shared, and speed is measured by ``benchmarks/``,
  never by tests.
- ``ci`` (when the ``CI`` environment variable is set): the same, derandomized, so a CI run is
  reproducible and fast; local runs keep exploring new examples.
- ``thorough`` (on demand: ``HYPOTHESIS_PROFILE=thorough``): 2,000 examples per property that
  does not set its own count — the fuzz suite (``tests/property/test_fuzz_*.py``) in depth.

``HYPOTHESIS_PROFILE`` names the profile explicitly and wins over ``CI``.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("secinfo", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", settings.get_profile("secinfo"), derandomize=True, print_blob=True)
settings.register_profile(
    "thorough",
    settings.get_profile("secinfo"),
    max_examples=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "secinfo")
)
