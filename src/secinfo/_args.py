"""Argument checks shared by the public evaluators: a wrong type is an :class:`InvalidArgument`
naming the argument, never a stray AttributeError deeper down."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from ._mask import describe
from ._validate import enum_value, invalid, require_aware
from .errors import InvalidArgumentType
from .methods import Actor, Method, Purpose
from .policy import TenantPolicy
from .registrations import REGISTRATION_CLASSES, Registration
from .session import Session
from .user import UserState

T = TypeVar("T")


def instance(field: str, value: object, cls: type[T]) -> T:
    """*value* if it is a *cls*, else :class:`InvalidArgumentType` naming *field*."""
    if not isinstance(value, cls):
        raise InvalidArgumentType(field, f"expected a {cls.__name__}, got {describe(value)}")
    return value


def check_call(
    policy: object, user: object, *, now: object, session: object = None
) -> tuple[TenantPolicy, UserState, datetime, Session | None]:
    """Check the common arguments of an evaluator and return them typed."""
    if not isinstance(policy, TenantPolicy):
        raise InvalidArgumentType("policy", f"expected a TenantPolicy, got {describe(policy)}")
    if not isinstance(user, UserState):
        raise InvalidArgumentType("user", f"expected a UserState, got {describe(user)}")
    if session is not None and not isinstance(session, Session):
        raise InvalidArgumentType("session", f"expected a Session or None, got {describe(session)}")
    return policy, user, require_aware("now", now), session


def registration(value: object, field: str = "registration") -> Registration:
    """*value* if it is a registration of one of the kinds, else :class:`InvalidArgumentType`."""
    if not isinstance(value, REGISTRATION_CLASSES):
        raise InvalidArgumentType(field, f"expected a registration, got {describe(value)}")
    return value


def purpose(value: object) -> Purpose:
    """A :class:`Purpose` from a member or its wire string."""
    converted = enum_value(Purpose, value)
    if not isinstance(converted, Purpose):
        raise invalid("purpose", value, f"{describe(value)} is not a Purpose (mfa or sspr)")
    return converted


def actor(value: object) -> Actor:
    """An :class:`Actor` from a member or its wire string."""
    converted = enum_value(Actor, value)
    if not isinstance(converted, Actor):
        raise invalid("actor", value, f"{describe(value)} is not an Actor")
    return converted


def method(value: object, field: str = "method") -> Method:
    """A :class:`Method` from a member or its wire string."""
    converted = enum_value(Method, value)
    if not isinstance(converted, Method):
        raise invalid(field, value, f"{describe(value)} is not a Method")
    return converted
