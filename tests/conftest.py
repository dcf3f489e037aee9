"""Hypothesis profiles: ``ci`` (loaded when the ``CI`` environment variable is set)."""

import os

from hypothesis import settings

settings.register_profile("ci", deadline=None, derandomize=False, max_examples=100)
if os.environ.get("CI"):
    settings.load_profile("ci")
