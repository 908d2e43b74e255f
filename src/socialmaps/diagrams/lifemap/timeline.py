"""Time on the life road map: where a date or an age falls, and how years become x.

Dates here are local helpers of the life road map (the case model keeps its own
comparisons): every time is a decimal year, as `PartialDate.decimal` gives it
(a year alone is its middle, a month alone its middle, a full date its first
moment).

- A birthday is the same month and day in a later year, as precise as the birth
  date is: with the year alone, the middle of that year.
- An `{age: N}` event lies inside the client's N-th year of life, between
  birthday N and birthday N + 1: at its middle.
- An age shown for a dated event is the number of birthdays before it, counted
  on the same scale as the axis, so the label and the axis never disagree.
- A long stretch with no event (6 years or more, and a fifth of the span or
  more) is compressed: a few years of it are kept on either side at the normal
  scale and the rest is drawn as a short break.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass

from ...model import AgeWhen, Event, PartialDate


def birthday(born: PartialDate, age: int) -> float:
    """Decimal year of the client's `age`-th birthday (age 0: the birth)."""
    year = born.year + age
    if born.month is None:
        return year + 0.5
    if born.day is None:
        return PartialDate(year, born.month).decimal
    day = born.day
    if born.month == 2 and day == 29 and not _leap(year):
        day = 28   # a leap-day birthday is kept on 28 February in other years
    return PartialDate(year, born.month, day).decimal


def _leap(year: int) -> bool:
    try:
        dt.date(year, 2, 29)
    except ValueError:
        return False
    return True


def age_at(born: PartialDate, when: float) -> int:
    """Whole years of life at the decimal year `when` (birthdays counted on the axis's scale)."""
    age = max(0, math.floor(when - born.decimal) - 1)
    while birthday(born, age + 1) <= when + 1e-9:
        age += 1
    return age


def age_when(born: PartialDate, age: int) -> float:
    """The middle of the client's year of life `age` (between birthdays age and age + 1)."""
    return (birthday(born, age) + birthday(born, age + 1)) / 2


def event_when(event: Event, born: PartialDate | None) -> float:
    """Decimal year of an event; `{age: N}` is the middle of the client's N-th year of life."""
    if isinstance(event.when, AgeWhen):
        if born is None:  # validation refuses this; a direct caller gets a clear error
            raise ValueError("an event given by age needs the client's birth date")
        return age_when(born, event.when.age)
    return event.when.decimal


# --------------------------------------------------------------------------- the scale


@dataclass(frozen=True)
class TimeScale:
    """Decimal years to x: `ppy` units a year, except that each break (t0, t1) is drawn
    `break_width` wide whatever its length (time runs linearly across it)."""

    t_start: float
    x_start: float
    ppy: float
    breaks: tuple[tuple[float, float], ...] = ()
    break_width: float = 0.0

    def x(self, t: float) -> float:
        x = self.x_start + (t - self.t_start) * self.ppy
        for t0, t1 in self.breaks:
            if t >= t1:
                x -= (t1 - t0) * self.ppy - self.break_width
            elif t > t0:
                x -= (t - t0) * (self.ppy - self.break_width / (t1 - t0))
        return x

    def break_spans(self) -> list[tuple[float, float]]:
        """The x ranges the breaks take."""
        return [(self.x(t0), self.x(t1)) for t0, t1 in self.breaks]

    def in_break(self, t: float, pad: float = 0.0) -> bool:
        """Whether `t` falls inside a break, or within `pad` x units of one."""
        x = self.x(t)
        return any(a - pad < x < b + pad for a, b in self.break_spans())


def find_breaks(times: list[float], least: float, keep: float,
                share: float = 0.2) -> tuple[tuple[float, float], ...]:
    """Empty stretches to compress: between neighbouring times (sorted) at least `least` years
    and at least `share` of the whole span apart, all but `keep` years at either end.  The
    share keeps a long life told in steady steps (an event every 7 years over 66) unbroken:
    only a stretch that would take a large part of the road is cut."""
    ordered = sorted(times)
    if len(ordered) < 2:
        return ()
    longest = max(least, share * (ordered[-1] - ordered[0]), 2 * keep + 1)
    return tuple((a + keep, b - keep) for a, b in itertools.pairwise(ordered) if b - a >= longest)


def kept_years(t_start: float, t_end: float, breaks: tuple[tuple[float, float], ...]) -> float:
    """Years drawn at the normal scale between t_start and t_end."""
    return (t_end - t_start) - sum(t1 - t0 for t0, t1 in breaks)


def ticks(born: PartialDate | None, t_start: float, t_end: float,
          step: int) -> list[tuple[float, int, int | None]]:
    """(decimal year, year label, age label) of each tick on the time axis.

    With the birth known, the ticks stand at the client's birthdays, every `step`
    years of age, and carry both labels: the age turned there and the calendar
    year of that birthday.  One tick, one pair, and the pair is true: born in
    1958, the tick of age 2 reads 1960 over 2.  (Year starts and birthdays are
    different moments; two rows of ticks at each made readers pair 1960 with
    age 0.)  A year-only birth puts the birthdays mid-year, where a year-only
    event is drawn, so "born 1997, event 2014" sits on the tick 2014 / 17.
    Without a birth date, the ticks stand at the start of each `step`-th year.
    """
    out: list[tuple[float, int, int | None]] = []
    if born is not None:
        # Before the birth (a parents' marriage), the same ticks carry the year alone.
        age = -step * math.ceil(max(0.0, born.decimal - t_start) / step)
        while (when := birthday(born, age)) <= t_end + 1e-9:
            if when >= t_start - 1e-9:
                out.append((when, born.year + age, age if age >= 0 else None))
            age += step
        return out
    for year in range(math.ceil(t_start), math.floor(t_end) + 1):
        if year % step == 0:
            out.append((float(year), year, None))
    return out


def tick_step(pixels_per_year: float, label_width: float) -> int:
    """The smallest of 1, 2, 5, 10, … years between ticks that keeps labels apart."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100):
        if step * pixels_per_year >= label_width:
            return step
    return 200
