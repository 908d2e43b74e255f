"""Step 2b, ties that cross: systems swapped round the ring until no two ties cross.

Objective: no tie crosses another.  The ring's first order (`ring._face_members`) sets systems
on the side their members face, but the ways out of the centre (`centre.choose_ports`) and the
ways round it are only known once the ties are routed; where two ties then cross, the systems at
their far ends change places in the ring's order (or one of them moves to another place),
the ring's angles are shared out again (`ring._angles`), the map is routed again at the same
radius, and the change is kept when it leaves fewer pairs of crossing ties and nothing more
fails.  First improvement, within a budget of tries, deterministic; resumable (`OrderSearch`),
so that the layout searches a little round each place of the centre and on round the one it keeps.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import NamedTuple

from ..centre import circular_mean, cut_at_radius
from .quality import crossing_pairs, crossings_among
from .records import CenterLayout, Node, TieLayout

# The most layouts the swaps may try for one ring (each is a routing of the whole map), and the
# most ties routed over all of them: a map of many ties tries fewer orders.
UNCROSS_BUDGET = 40
UNCROSS_WORK = 600


# Whether the search counts only crossings between ties with no end in common (quicker, but a
# member's own ties crossing each other go unseen: measured worse, so not).
QUICK = False
# Past this many ties round the ring the order is not searched (each try routes them all).
UNCROSS_MOST_TIES = 80


def budget_for(ties: int) -> int:
    """How many orders of the ring a map of `ties` ties may try (8 to 40; none past
    `UNCROSS_MOST_TIES`)."""
    if ties > UNCROSS_MOST_TIES:
        return 0
    return max(8, min(UNCROSS_BUDGET, UNCROSS_WORK // max(1, ties)))

# How far past what it is tied to a ring member with no tie from the centre wants to stand (radians).
BESIDE = 0.01

Attempt = tuple[list[Node], list[TieLayout], int]


Try = Callable[[Sequence[int], Mapping[str, float | None], bool], Attempt]


class OrderSearch:
    """The search for the order of the ring members round the ring (indices into `ids`, the order
    they were laid out in): first the ring sorted by where its ties leave the centre
    (`_by_exits`) while that pays, then the ring members at the far ends of crossing ties swapped
    (see the module's docstring).  The orders are tried by their routes alone (`attempt`'s last
    argument: no names, no notes, which do not move a tie).  The search runs a given number of
    tries at a time (`run`), so that a layout may search a little round each place of the centre
    and go on only round the place it keeps; `result` lays the best order out whole."""

    def __init__(self, ids: Sequence[str], first: Attempt, inner: Sequence[TieLayout], centre: CenterLayout,
                 attempt: Try, routes_fail: Callable[[Sequence[TieLayout]], int] | None = None) -> None:
        """`routes_fail`: how many of the first order's routes fail as a try counts them (else the
        first order is tried again to know it)."""
        self.ids, self.first, self.inner, self.centre, self.attempt = ids, first, inner, centre, attempt
        self.routes_fail = routes_fail
        self.identity = list(range(len(ids)))
        self.first_key = (first[2], crossing_pairs([*inner, *first[1]], QUICK))
        self.order: list[int] = self.identity
        self.wanted: Mapping[str, float | None] = {}
        self.best: Attempt = first
        self.best_key = self.first_key
        self.spent = 0
        self._whole: tuple[list[int], Attempt] | None = None
        done = first[2] >= 1000 or self.first_key[1] == 0
        self._steps: Iterator[None] | None = None if done else self._search()

    def run(self, tries: int) -> None:
        """Up to `tries` more orders tried (fewer when the search ends: no two ties cross, or no
        change of the order pays)."""
        for _ in range(tries):
            if self._steps is None or next(self._steps, True) is not None:
                self._steps = None
                return

    def result(self) -> tuple[list[int], Attempt]:
        """The best order found so far and its layout, laid out whole (names and notes); the first
        order and attempt unless the best fails no more than the first and fewer ties cross."""
        if self.order == self.identity:
            return self.identity, self.first
        if self._whole is None or self._whole[0] != self.order:
            whole = self.attempt(self.order, self.wanted, True)
            keep = (whole[2], crossing_pairs([*self.inner, *whole[1]], QUICK)) < self.first_key
            self._whole = (self.order, whole if keep else self.first)
        if self._whole[1] is self.first:
            return self.identity, self.first
        return self.order, self._whole[1]

    def _try(self, order: Sequence[int], wanted: Mapping[str, float | None]
             ) -> tuple[Attempt, tuple[int, int]]:
        self.spent += 1
        got = self.attempt(order, wanted, False)
        return got, (got[2], crossing_pairs([*self.inner, *got[1]], QUICK))

    def _search(self) -> Iterator[None]:
        """The search, one try per step."""
        ids, inner = self.ids, self.inner
        if self.routes_fail is None:
            self.best, _key = self._try(self.identity, {})
            self.best_key = (self.best[2], self.first_key[1])
            yield None
        else:
            self.best = (self.first[0], self.first[1], self.routes_fail(self.first[1]))  # the first routes
            self.best_key = (self.best[2], self.first_key[1])
        tried: set[tuple[int, ...]] = {tuple(self.order)}
        while self.best_key[1] > 0:
            trial, trial_wanted = _by_exits(ids, self.best, self.centre)
            if tuple(trial) in tried:
                break
            tried.add(tuple(trial))
            got, key = self._try(trial, trial_wanted)
            better = key < self.best_key
            if better:
                self.order, self.best, self.best_key, self.wanted = trial, got, key, trial_wanted
            yield None
            if not better:
                break
        while self.best_key[1] > 0:
            improved = False
            at = {ids[k]: pos for pos, k in enumerate(self.order)}
            for move in _moves([*inner, *self.best[1]], at, len(ids)):
                trial = move.apply(self.order)
                if tuple(trial) in tried:
                    continue
                tried.add(tuple(trial))
                got, key = self._try(trial, self.wanted)
                improved = key < self.best_key
                if improved:
                    self.order, self.best, self.best_key = trial, got, key
                yield None
                if improved:
                    break
            if not improved:
                break


def uncross(ids: Sequence[str], first: Attempt, inner: Sequence[TieLayout], centre: CenterLayout,
            attempt: Try, budget: int = UNCROSS_BUDGET,
            routes_fail: Callable[[Sequence[TieLayout]], int] | None = None) -> OrderSearch:
    """The search for the ring's order (`OrderSearch`), run for `budget` tries (the first order,
    when `routes_fail` is not given, counts as one)."""
    search = OrderSearch(ids, first, inner, centre, attempt, routes_fail)
    search.run(budget if routes_fail is None else budget - 1)
    return search


def _by_exits(ids: Sequence[str], laid: Attempt, centre: CenterLayout
              ) -> tuple[list[int], dict[str, float | None]]:
    """The ring in the order of where the ties of its members leave the centre's rim (each ring
    member at the mean of its ties' exits; one with no tie from a member where it stood), and
    those exits as each one's wanted angle.  Ties from the rim to a ring whose order round the
    centre is the order of their exits do not cross (each runs out from its exit to its end)."""
    nodes, ties, _failures = laid
    members = set(centre.member_ids)
    exits: dict[str, list[float]] = {}
    for t in ties:
        a, b = t.tie.from_, t.tie.to
        if (a in members) == (b in members) or t.inner:
            continue
        pts, other = (t.points, b) if a in members else (t.points[::-1], a)
        end = cut_at_radius(pts, (centre.x, centre.y), centre.r)[-1]
        exits.setdefault(other, []).append(math.atan2(end[1] - centre.y, end[0] - centre.x))
    angle = {n.id: n.angle for n in nodes}
    wanted: dict[str, float | None] = {pid: circular_mean(exits[pid]) if pid in exits else None
                                       for pid in ids}
    # One tied only round the ring (a relative to a system) goes beside what it is tied to.
    for t in sorted(ties, key=lambda t: (t.tie.from_, t.tie.to)):
        for a, b in ((t.tie.from_, t.tie.to), (t.tie.to, t.tie.from_)):
            if a not in wanted or b not in wanted or wanted[a] is not None:
                continue
            near = wanted[b]
            wanted[a] = (near if near is not None else angle[b]) + BESIDE
    top = -math.pi / 2

    def place(k: int) -> tuple[float, int]:
        at = wanted[ids[k]]
        return ((angle[ids[k]] if at is None else at) - top) % (2 * math.pi), k

    return sorted(range(len(ids)), key=place), wanted


class Move(NamedTuple):
    """A change of the ring's order: the ring members at places `a` and `b` change places
    (`swap`), or the one at `a` is taken out and put in at place `b` (the others close up)."""

    swap: bool
    a: int
    b: int

    def apply(self, order: Sequence[int]) -> list[int]:
        out = list(order)
        if self.swap:
            out[self.a], out[self.b] = out[self.b], out[self.a]
        else:
            out.insert(self.b, out.pop(self.a))
        return out


def _moves(ties: Sequence[TieLayout], index: dict[str, int], n: int) -> Iterator[Move]:
    """The changes of the ring's order worth trying (`index`: each ring member's place), most
    promising first: the far ends of two crossing ties swapped, then each of them moved to every
    other place round the ring (a system tied to two members far apart may need to go past
    several others to the side where its ties cross none)."""
    pairs: dict[tuple[int, int], None] = {}
    ends: dict[int, None] = {}
    for crossing in crossings_among(ties, QUICK):
        ends_a = _ring_ends(crossing.first, index)
        ends_b = _ring_ends(crossing.second, index)
        pairs.update(((min(i, j), max(i, j)), None) for i in ends_a for j in ends_b if i != j)
        ends.update((i, None) for i in (*ends_a, *ends_b))
    for i, j in pairs:
        yield Move(True, i, j)
    for i in ends:
        for k in _by_distance(i, n):
            yield Move(False, i, k)


def _by_distance(i: int, n: int) -> list[int]:
    """The other places round a ring of n, nearest to place i first."""
    return sorted((k for k in range(n) if k != i), key=lambda k: (min((k - i) % n, (i - k) % n), k))


def _ring_ends(tie: TieLayout, index: dict[str, int]) -> list[int]:
    """The ring members a tie ends at (by their index round the ring)."""
    return sorted({index[e] for e in (tie.tie.from_, tie.tie.to) if e in index})
