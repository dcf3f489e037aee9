"""Hypothesis profiles for the test suite.

- ``secinfo`` (always): no per-example deadline and no "too slow" health check — the machines
  that run this suite are small and shared, and speed is measured by ``benchmarks/``, never by
  tests.
- ``ci`` (when the ``CI`` environment variable is set): the same, derandomized, so a CI run is
  reproducible; local runs keep exploring new examples.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("secinfo", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", settings.get_profile("secinfo"), derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "secinfo")
