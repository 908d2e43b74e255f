"""The body map's named regions: which names a mark may give, which view shows each, and the
synonyms accepted.  Part of the case format (validation reads it), not of the drawing: the body
outline (``diagrams/bodymap/outline.py``) draws these regions, and their display names live in
``lang/*/bodymap.toml`` under ``[region]``.
"""

from __future__ import annotations

VIEWS: tuple[str, ...] = ("front", "back")

_SIDED = ("shoulder", "upper-arm", "elbow", "forearm", "hand", "hip", "thigh", "knee",
          "lower-leg", "ankle", "foot")


def _pairs(*kinds: str) -> tuple[str, ...]:
    return tuple(f"{side}-{kind}" for kind in kinds for side in ("left", "right"))


#: Every region name, in documentation order.
REGIONS: tuple[str, ...] = (
    "head", "face", "neck",
    *_pairs("shoulder", "upper-arm", "elbow", "forearm", "hand"),
    "chest", "abdomen", "pelvis",
    *_pairs("hip", "thigh", "knee", "lower-leg", "ankle", "foot"),
    "upper-back", "lower-back", "buttocks", "back-of-head",
)

_FRONT_ONLY = frozenset({"face", "chest", "abdomen", "pelvis"})
_BACK_ONLY = frozenset({"upper-back", "lower-back", "buttocks", "back-of-head"})

#: Which regions each view shows, in ``REGIONS`` order.
VIEW_REGIONS: dict[str, tuple[str, ...]] = {
    "front": tuple(r for r in REGIONS if r not in _BACK_ONLY),
    "back": tuple(r for r in REGIONS if r not in _FRONT_ONLY),
}

#: Common synonyms, mapped onto the strict region names.
ALIASES: dict[str, str] = {
    "stomach": "abdomen", "belly": "abdomen", "tummy": "abdomen",
    "groin": "pelvis", "forehead": "face", "skull": "head", "scalp": "head",
    "occiput": "back-of-head", "nape": "neck", "throat": "neck", "breast": "chest",
    "bottom": "buttocks", "buttock": "buttocks", "lumbar": "lower-back",
    **{f"{s}-{a}": f"{s}-{k}" for s in ("left", "right") for a, k in (
        ("shin", "lower-leg"), ("calf", "lower-leg"), ("heel", "foot"), ("toes", "foot"),
        ("palm", "hand"), ("fingers", "hand"), ("arm", "upper-arm"), ("upperarm", "upper-arm"),
        ("lower-arm", "forearm"), ("leg", "lower-leg"), ("upper-leg", "thigh"))},
}

#: Below this age (in whole years at the assessment) a body map without ``figure`` draws the
#: child outline: the age Indonesian law (UU 35/2014 on child protection) and the social worker's
#: case ("klien anak") call a child; a worker who finds an older teenager nearer the adult
#: outline writes ``figure: adult``.
CHILD_BELOW_AGE = 18


def canonical_region(name: str) -> str:
    """The strict region name for ``name`` or one of its ``ALIASES``; ValueError if unknown."""
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    key = ALIASES.get(key, key)
    if key not in REGIONS:
        raise ValueError(f"unknown body region {name!r}")
    return key


def regions_for(view: str) -> tuple[str, ...]:
    """The regions drawn on ``view``, in ``REGIONS`` order; ValueError for an unknown view."""
    if view not in VIEW_REGIONS:
        raise ValueError(f"unknown view {view!r}; expected one of {VIEWS}")
    return VIEW_REGIONS[view]


def is_sided(region: str) -> bool:
    """True for a region the body has twice (``left-…`` / ``right-…``)."""
    side, _, kind = region.partition("-")
    return side in ("left", "right") and kind in _SIDED


__all__ = ["ALIASES", "CHILD_BELOW_AGE", "REGIONS", "VIEWS", "VIEW_REGIONS", "canonical_region",
           "is_sided", "regions_for"]
