"""secinfo_webapp: a reference web app for secinfo — the interrupt wizard and the Security info
page of combined MFA/SSPR registration, an admin page, and the audit log, with every decision
taken by secinfo."""

from .app import create_app
from .clock import Clock, FixedClock, OffsetClock, system_clock
from .demo import DEMO_ADMIN, DEMO_PASSWORD, seed_demo
from .store import Store

__all__ = [
    "DEMO_ADMIN",
    "DEMO_PASSWORD",
    "Clock",
    "FixedClock",
    "OffsetClock",
    "Store",
    "create_app",
    "seed_demo",
    "system_clock",
]
