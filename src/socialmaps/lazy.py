"""``lazy``: a property computed once per instance, for immutable objects.

``functools.cached_property`` (Python 3.11) takes a lock on every first access;
drawings make thousands of label boxes and plans, each read once or twice, so
that lock is a measurable share of a render.  Without threads sharing half-built
objects, storing the value in the instance ``__dict__`` is all that is needed;
later reads find it there and never reach the descriptor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")

__all__ = ["lazy"]


class lazy(Generic[T]):  # lower case: used as a decorator, like property
    """Like ``functools.cached_property`` without the lock; works on frozen dataclasses too."""

    def __init__(self, fn: Callable[[Any], T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> lazy[T]: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> lazy[T] | T:
        if obj is None:
            return self
        value = self.fn(obj)
        obj.__dict__[self.name] = value
        return value
