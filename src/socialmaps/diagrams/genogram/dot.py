"""The genogram as Graphviz DOT, for users who edit in Graphviz tools and as a peer to compare
our layout against (bench/bench_scale.py).

One node per person (box: male, ellipse: female, diamond: unknown; a double outline for the
client, diagonals for the deceased; labelled with the name and the years the drawing writes under
the symbol), one point node per union placed between its partners, one
rank per generation (`rank=same` groups), edges partner -> union point -> child, orthogonal
(`splines=ortho`) unless asked otherwise.  Adopted children hang on dashed edges, foster on dotted
ones; a union's type and dates are the point's external label ("m. 1990, div. 2001").
Written with the `graphviz` package (the `graphviz` extra): only the DOT text, no drawing, so
the `dot` program is not needed to write it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ...lang import Words, words
from ...model import Case, Person, Union
from .symbols import years_text

_SHAPE = {"male": "box", "female": "ellipse", "unknown": "diamond"}
_CHILD_STYLE = {"biological": "solid", "adopted": "dashed", "foster": "dotted", "step": "dashed"}
_PARTNER_STYLE = {"married": "solid", "engaged": "dashed", "cohabiting": "dashed",
                  "relationship": "dashed", "affair": "dotted"}
_ABBREV = {"married": "m.", "engaged": "eng.", "cohabiting": "cohab.", "relationship": "rel.",
           "affair": "aff."}


def generations(case: Case) -> dict[str, int]:
    """A generation number per person: a child at least one below each parent, partners level
    (the later of the two), founders at 0.  Relaxed to a fixed point: a valid case has no
    ancestry loop, so each pass settles at least one more level (bounded by the people count)."""
    rank = {p.id: 0 for p in case.people}
    for _ in range(len(case.people) + 1):
        changed = False
        for union in case.unions:
            top = max(rank[p] for p in union.partners)
            for partner in union.partners:
                if rank[partner] < top:
                    rank[partner], changed = top, True
            for child in union.children:
                if rank[child.id] < top + 1:
                    rank[child.id], changed = top + 1, True
        if not changed:
            break
    return rank


def _union_label(union: Union) -> str:
    parts = []
    if union.start or union.type != "married":
        parts.append(f"{_ABBREV[union.type]} {union.start or ''}".strip())
    if union.status != "together":
        parts.append(f"{union.status} {union.end or ''}".strip())
    return ", ".join(parts)


def _person_attrs(person: Person, client: str | None, words: Words) -> dict[str, str]:
    # the name and the years as the drawing writes them under the symbol ("b. 1920", "1931–2004"),
    # on two lines (DOT's centred line break, "\\n")
    years = years_text(person.born, person.died, words)
    label = _escaped(person.name) + (f"\\n{_escaped(years)}" if years else "")
    attrs = {"shape": _SHAPE[person.sex], "label": label}
    if person.id == client:
        attrs["peripheries"] = "2"
    if person.deceased:
        attrs["style"] = "diagonals"
    return attrs


def _escaped(text: str) -> str:
    """Text as a DOT label shows it literally: a backslash would start an escape ("\\n", "\\N")."""
    return text.replace("\\", "\\\\")


def genogram_dot(case: Case, *, ortho: bool = True) -> str:
    """The case's people and unions as DOT text (deterministic: the file's order throughout)."""
    import graphviz

    graph: Any = graphviz.Digraph(name=case.case.id, strict=False)
    graph.attr(rankdir="TB", nodesep="0.3", ranksep="0.6", newrank="true")
    if ortho:
        graph.attr(splines="ortho")
    graph.attr("node", fontname="DejaVu Sans", fontsize="10", width="0.4", height="0.4")
    graph.attr("edge", arrowhead="none")
    rank = generations(case)
    said = words(case.case.language)
    by_rank: dict[int, list[str]] = defaultdict(list)
    for person in case.people:
        graph.node(person.id, **_person_attrs(person, case.case.client, said))
        by_rank[rank[person.id]].append(person.id)
    for union in case.unions:
        assert union.id is not None  # the model gives every union an id
        point = f"union.{union.id}"  # a dot: never in a person id, and not a port as ":" would be
        graph.node(point, shape="point", width="0.06", xlabel=_union_label(union))
        by_rank[max(rank[p] for p in union.partners)].append(point)
        for partner in union.partners:
            graph.edge(partner, point, style=_PARTNER_STYLE[union.type], weight="10")
        for child in union.children:
            graph.edge(point, child.id, style=_CHILD_STYLE[child.relation])
    for level in sorted(by_rank):
        with graph.subgraph(name=f"generation_{level}") as row:
            row.attr(rank="same")
            for node in by_rank[level]:
                row.node(node)
    return str(graph.source)
