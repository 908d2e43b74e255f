"""Foreign dates -> the case format's partial dates (a year, a month or a day; 1000-2200).

GEDCOM qualifiers: an approximate date (ABT, CAL, EST, INT) keeps its value, since the case
format's dates are already read as "about"; a bound or a span (BEF, AFT, BET … AND, FROM … TO)
keeps a date only when both ends name the same year or month (BET JAN 1900 AND DEC 1900 -> 1900),
otherwise it is left out: the case format cannot say "before 1850".  Dates outside the Gregorian
and Julian calendars, B.C. dates, and years the case format does not take are left out too.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import PartialDate

MIN_YEAR, MAX_YEAR = 1000, 2200


def partial(year: int | None, month: int | None = None, day: int | None = None) -> PartialDate | None:
    """A PartialDate if the parts make a real date within the case format's range, else None."""
    import datetime as dt

    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        if month is None:
            return None
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
    return PartialDate(year, month, day)


def _calendar_date(date: Any) -> PartialDate | None:
    """A ged4py CalendarDate -> PartialDate (Gregorian as is; Julian to the year only)."""
    calendar = type(date).__name__
    if calendar not in ("GregorianDate", "JulianDate") or getattr(date, "bc", False):
        return None
    year = getattr(date, "year", None)
    if not isinstance(year, int):
        return None
    if calendar == "JulianDate":  # the day and month shift by 10-13 days: keep what stays true
        return partial(year)
    return partial(year, getattr(date, "month_num", None), getattr(date, "day", None))


def _common(first: PartialDate | None, second: PartialDate | None) -> PartialDate | None:
    """The most precise date both ends of a span agree on, or None."""
    if first is None or second is None or first.year != second.year:
        return None
    if first.month is None or first.month != second.month:
        return PartialDate(first.year)
    if first.day is None or first.day != second.day:
        return PartialDate(first.year, first.month)
    return first


def gedcom_date(value: Any) -> PartialDate | None:
    """A ged4py DateValue (or None) -> PartialDate, following the module's rules."""
    if value is None:
        return None
    kind = type(value).__name__
    if kind in ("DateValueSimple", "DateValueAbout", "DateValueCalculated", "DateValueEstimated",
                "DateValueInterpreted"):
        return _calendar_date(value.date)
    if kind in ("DateValuePeriod", "DateValueRange"):
        return _common(_calendar_date(value.date1), _calendar_date(value.date2))
    if kind == "DateValuePhrase" and isinstance(value.phrase, str):
        return loose_date(value.phrase)
    return None  # BEF, AFT, FROM, TO: a bound, not a date


_LOOSE = re.compile(r"^\s*(\d{4})(?:[-./](\d{1,2})(?:[-./](\d{1,2}))?)?\s*$")


def loose_date(text: str | int | float | None) -> PartialDate | None:
    """`1975`, `1975-09`, `1975.09.18`, `1975/9/18` -> PartialDate; anything else None."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return partial(int(text)) if float(text).is_integer() else None
    match = _LOOSE.match(text)
    if not match:
        return None
    return partial(int(match[1]), int(match[2]) if match[2] else None, int(match[3]) if match[3] else None)
