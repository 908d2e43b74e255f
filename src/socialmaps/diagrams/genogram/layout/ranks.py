"""The links between neighbouring rows' clusters as numbers, for the order's counts and sweeps.

An `Orderer` changes only the rows' orders; the clusters, and which union of a row leads to
which sibship of the next, stay as they are.  `RowLinks` numbers each row's unions once (their
place among the row's clusters' unions, cluster by cluster) and keeps, per cluster, the numbers
the counts read, so that a crossing count or a sweep reads lists of numbers instead of building
dictionaries of ids each time (the same counts and the same orders: see test_genogram_order_index).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .order import RowData


@dataclass
class RowLinks:
    """Row r's clusters, numbered.  A row's unions are the ones its clusters lead down from (each
    in one cluster's ``down``), numbered left to right over the clusters as built."""

    down: list[list[int]]  # per cluster: its unions' numbers, left to right
    cluster_of: list[int]  # union number -> the cluster it leads down from
    # per cluster: the sibships it hangs from that are unions of the row above, as their numbers
    # there (the entries a count of the crossings above this row reads), left to right
    up: list[list[int]]
    up_count: list[int]  # per cluster: how many sibships it names (of any row)
    # per cluster: (place among its sibships, number in the row above) of the entries of ``up``
    up_placed: list[list[tuple[int, int]]]
    # no sibship named by two clusters of the row: its sibship ranks are then plain places
    up_unique: bool
    up_names: list[list[str]]  # per cluster: its sibships (for a row where one is named twice)
    # per cluster: its unions that name a sibship of the row below (the keys of an upward sweep)
    down_named: list[list[int]]
    names: list[str]  # union number -> union id


def row_links(rows: list[RowData]) -> list[RowLinks]:
    """Every row's `RowLinks` (the rows' clusters as they are now)."""
    numbers: list[dict[str, int]] = []
    out: list[RowLinks] = []
    for data in rows:
        number: dict[str, int] = {}
        down: list[list[int]] = []
        cluster_of: list[int] = []
        for ci, cl in enumerate(data.clusters):
            ids = []
            for uid in cl.down:
                ids.append(len(number))
                number[uid] = len(number)
                cluster_of.append(ci)
            down.append(ids)
        numbers.append(number)
        out.append(RowLinks(down, cluster_of, [], [], [], True, [], [], list(number)))
    for r, data in enumerate(rows):
        above = numbers[r - 1] if r > 0 else {}
        links = out[r]
        named: set[str] = set()
        for cl in data.clusters:
            placed = [(at, above[p]) for at, p in enumerate(cl.up) if p in above]
            links.up_placed.append(placed)
            links.up.append([n for _, n in placed])
            links.up_count.append(len(cl.up))
            links.up_names.append(list(cl.up))
            links.up_unique = links.up_unique and named.isdisjoint(cl.up)
            named.update(cl.up)
        if r > 0:
            previous = out[r - 1]
            previous.down_named = [[n for n in ids if previous.names[n] in named] for ids in previous.down]
    if out:
        out[-1].down_named = [[] for _ in out[-1].down]
    return out


def union_ranks(links: RowLinks, order: list[int]) -> list[int]:
    """Union number -> its place among the row's unions in this order (`Orderer.union_rank`)."""
    rank = [0] * len(links.cluster_of)
    k = 0
    for ci in order:
        for n in links.down[ci]:
            rank[n] = k
            k += 1
    return rank


def sibship_ranks(below: RowLinks, order: list[int], n_unions: int) -> list[int]:
    """Union number of the row above -> its sibship's place among the sibships of the row
    ``below`` in its ``order`` (`Orderer.sib_rank`; -1 for a union named by no sibship there)."""
    rank = [-1] * n_unions
    if below.up_unique:
        k = 0
        for ci in order:
            for at, n in below.up_placed[ci]:
                rank[n] = k + at
            k += below.up_count[ci]
        return rank
    seen: dict[str, int] = {}
    for ci in order:
        for p in below.up_names[ci]:
            if p not in seen:
                seen[p] = len(seen)
    for ci in order:
        for at, n in below.up_placed[ci]:
            rank[n] = seen[below.up_names[ci][at]]
    return rank
