"""A plain YAML scalar's value (YAML 1.2's core schema): null, a boolean, a number, or the text.

A number written otherwise than Python writes it keeps its spelling for where the case file expects
text (a case number `007`, `2.10`): the model turns a number given for text into `str` of it.
"""

from __future__ import annotations

import re
from typing import Any

# Python refuses to convert integers of more than 4,300 digits; longer digit strings stay text.
MAX_INT_DIGITS = 4000
NOT_ONLY_TEXT = frozenset("~nNtTfF+-.0123456789")  # first characters of null, booleans and numbers
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


def plain_scalar(value: str) -> Any:
    """A plain scalar's value: null, a boolean, a number, or the text itself.  A number written
    otherwise than Python writes it (`007`, `2.10`, `1e3`) keeps its spelling for where text is
    expected (`SpelledInt`, `SpelledFloat`)."""
    if value and value[0] not in NOT_ONLY_TEXT:  # a plain word: no need to try the patterns
        return value
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _INT.match(value):
        # Too long for Python to convert: keep the digits as text (fine where text is expected; a
        # number field then says the value is too large, at its position).
        if len(value) > MAX_INT_DIGITS:
            return value
        whole = int(value)
        return whole if str(whole) == value else SpelledInt.of(whole, value)
    if _FLOAT.match(value):
        number = float(value)
        return number if repr(number) == value else SpelledFloat.of(number, value)
    return value


class _Spelled:
    """A number as the file spells it: the number where a number is expected, the text as written
    where text is (the model turns a number given for text into `str` of it)."""

    text: str

    def __str__(self) -> str:
        return self.text


class SpelledInt(_Spelled, int):
    """A whole number as the file spells it: a case number `007` or a name `0123` would otherwise
    lose its zeros."""

    @classmethod
    def of(cls, number: int, text: str) -> SpelledInt:
        made = cls(number)
        made.text = text
        return made


class SpelledFloat(_Spelled, float):
    """A number with a point as the file spells it: a case number `2.10` would otherwise be `2.1`."""

    @classmethod
    def of(cls, number: float, text: str) -> SpelledFloat:
        made = cls(number)
        made.text = text
        return made
