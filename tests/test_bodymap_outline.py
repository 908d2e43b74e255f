"""Body-map geometry: outline, named regions, anchors, client-left placement."""

from __future__ import annotations

import math
import re

import pytest

from socialmaps.diagrams.bodymap import outline as bm
from socialmaps.lang import words

Point = tuple[float, float]
CASES = [(view, figure) for figure in bm.FIGURES for view in bm.VIEWS]
SIDED = ("shoulder", "upper-arm", "elbow", "forearm", "hand", "hip", "thigh", "knee",
         "lower-leg", "ankle", "foot")
REQUIRED = {"head", "face", "neck", "chest", "abdomen", "pelvis", "upper-back", "lower-back",
            "buttocks", "back-of-head"} | {f"{s}-{k}" for s in ("left", "right") for k in SIDED}


def flatten_path(d: str, steps: int = 24) -> list[Point]:
    """Independent reading of the path: only M, C and Z are expected."""
    tokens = re.findall(r"[A-Za-z]|-?\d+(?:\.\d+)?", d)
    assert tokens[0] == "M" and tokens[-1] == "Z"
    assert set(t for t in tokens if t.isalpha()) == {"M", "C", "Z"}
    nums = [float(t) for t in tokens if not t.isalpha()]
    cur = (nums[0], nums[1])
    pts = [cur]
    rest = nums[2:]
    assert len(rest) % 6 == 0
    for i in range(0, len(rest), 6):
        x1, y1, x2, y2, x3, y3 = rest[i:i + 6]
        x0, y0 = cur
        for s in range(1, steps + 1):
            t = s / steps
            u = 1 - t
            pts.append((u ** 3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t ** 3 * x3,
                        u ** 3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y3))
        cur = (x3, y3)
    assert cur == pts[0], "path must close where it started"
    return pts[:-1]


def mirrored(poly: list[Point]) -> list[Point]:
    return sorted((round(200 - x, 2), y) for x, y in poly)


def bbox(poly: list[Point]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in poly], [p[1] for p in poly]
    return min(xs), min(ys), max(xs), max(ys)


def test_region_lists() -> None:
    assert set(bm.REGIONS) >= REQUIRED
    assert len(set(bm.REGIONS)) == len(bm.REGIONS)
    front, back = set(bm.regions_for("front")), set(bm.regions_for("back"))
    assert {"face", "chest", "abdomen", "pelvis"} <= front - back
    assert {"upper-back", "lower-back", "buttocks", "back-of-head"} <= back - front
    assert front | back == set(bm.REGIONS)
    assert {"head", "neck", "left-knee", "right-hip", "left-hand"} <= front & back
    for view in bm.VIEWS:  # documented order kept
        order = [bm.REGIONS.index(r) for r in bm.regions_for(view)]
        assert order == sorted(order)
    with pytest.raises(ValueError):
        bm.regions_for("side")


def test_names_in_both_languages() -> None:
    """Every region has a display name in both languages' word lists, and nothing else does."""
    for code in ("id", "en"):
        table = words(code).table
        named = {key.removeprefix("bodymap.region.") for key in table if key.startswith("bodymap.region.")}
        assert named == set(bm.REGIONS)
        assert all(table[f"bodymap.region.{r}"].strip() for r in bm.REGIONS)
    assert (words("id")["bodymap.region.left-knee"], words("en")["bodymap.region.left-knee"]) == (
        "lutut kiri", "left knee")
    assert words("id")["bodymap.region.right-shoulder"] == "bahu kanan"
    assert words("id")["bodymap.region.abdomen"] == "perut"
    assert words("id")["bodymap.region.buttocks"] == "bokong"
    assert words("id")["bodymap.region.back-of-head"] == "kepala belakang"


def test_aliases() -> None:
    assert all(target in bm.REGIONS for target in bm.ALIASES.values())
    assert not set(bm.ALIASES) & set(bm.REGIONS)
    assert bm.ALIASES["stomach"] == "abdomen"
    assert bm.ALIASES["left-shin"] == "left-lower-leg"
    assert bm.canonical_region("Stomach") == "abdomen"
    assert bm.region_polygon("left-shin", "front") == bm.region_polygon("left-lower-leg", "front")
    assert bm.region_anchor("stomach", "front") == bm.region_anchor("abdomen", "front")
    with pytest.raises(ValueError):
        bm.canonical_region("leg")
    with pytest.raises(ValueError):
        bm.region_polygon("face", "back")
    with pytest.raises(ValueError):
        bm.region_polygon("buttocks", "front")
    with pytest.raises(ValueError):
        bm.region_polygon("head", "front", figure="baby")


@pytest.mark.parametrize(("view", "figure"), CASES)
def test_path_is_deterministic_and_rounded(view: str, figure: str) -> None:
    d = bm.outline_path(view, figure)
    assert d == bm.outline_path(view, figure)
    assert not re.search(r"\d\.\d{3}", d)
    assert d.count("M") == 1 and d.endswith("Z")


def test_child_outline_is_shorter_with_bigger_head() -> None:
    ax0, ay0, ax1, ay1 = bm.outline_bounds("front", "adult")
    cx0, cy0, cx1, cy1 = bm.outline_bounds("front", "child")
    assert ax0 >= 0 and ax1 <= 200 and 170 <= ax1 - ax0 <= 200
    assert ay0 == pytest.approx(0, abs=0.5) and ay1 == pytest.approx(480, abs=1)
    assert cy1 == pytest.approx(480, abs=1) and cy1 - cy0 < 0.85 * (ay1 - ay0)
    assert cx1 - cx0 < ax1 - ax0

    def head_share(figure: str, y0: float, y1: float) -> float:
        neck_top = max(y for _, y in bm.region_polygon("face", "front", figure))
        return (neck_top - y0) / (y1 - y0)

    assert head_share("child", cy0, cy1) > 1.3 * head_share("adult", ay0, ay1)


@pytest.mark.parametrize(("view", "figure"), CASES)
def test_bounds_match_path(view: str, figure: str) -> None:
    pts = flatten_path(bm.outline_path(view, figure))
    x0, y0, x1, y1 = bm.outline_bounds(view, figure)
    fx0, fy0, fx1, fy1 = bbox(pts)
    assert (fx0, fy0, fx1, fy1) == pytest.approx((x0, y0, x1, y1), abs=0.05)


@pytest.mark.parametrize(("view", "figure"), CASES)
def test_anchors_inside_own_region_only_and_inside_silhouette(view: str, figure: str) -> None:
    silhouette = flatten_path(bm.outline_path(view, figure))
    polys = {r: bm.region_polygon(r, view, figure) for r in bm.regions_for(view)}
    for region, poly in polys.items():
        anchor = bm.region_anchor(region, view, figure)
        assert bm.point_in_polygon(anchor, poly), region
        assert bm.distance_to_boundary(anchor, poly) >= 3, f"{region} anchor too close to its edge"
        assert bm.point_in_polygon(anchor, silhouette), region
        others = [r for r, p in polys.items() if r != region and bm.point_in_polygon(anchor, p)]
        assert not others, (region, others)
        assert bm.regions_at(anchor, view, figure) == (region,)


def row_crossings(poly: list[Point], y: float) -> list[float]:
    """x where the horizontal line at y crosses the polygon's edges (even-odd rule)."""
    xs = []
    for i in range(len(poly)):
        (x1, y1), (x2, y2) = poly[i - 1], poly[i]
        if (y1 > y) != (y2 > y):
            xs.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    return sorted(xs)


@pytest.mark.parametrize(("view", "figure"), CASES)
def test_regions_tile_the_silhouette_without_overlap(view: str, figure: str) -> None:
    """Every sample point of the body lies in exactly one region; none outside it."""
    silhouette = bm.outline_polygon(view, figure)
    polys = {r: bm.region_polygon(r, view, figure) for r in bm.regions_for(view)}
    x0, y0, x1, y1 = bm.outline_bounds(view, figure)
    step = 1.5
    checked = 0
    y = y0 + 0.137  # never on a vertex row: vertices have 2 decimals
    while y < y1:
        body = row_crossings(silhouette, y)
        rows = {r: row_crossings(p, y) for r, p in polys.items()}
        edges = body + [x for xs in rows.values() for x in xs]
        x = x0 + 0.291
        while x < x1:
            if all(abs(x - e) > 0.05 for e in edges):
                inside = sum(c < x for c in body) % 2 == 1
                hits = [r for r, xs in rows.items() if sum(c < x for c in xs) % 2 == 1]
                assert len(hits) == (1 if inside else 0), ((x, y), hits, inside)
                if hits:
                    assert bm.point_in_polygon((x, y), polys[hits[0]])
                checked += inside
            x += step
        y += step
    assert checked > 4000


@pytest.mark.parametrize(("view", "figure"), CASES)
def test_region_vertices_stay_within_outline(view: str, figure: str) -> None:
    """Each region vertex is inside the drawn path or on it (within 0.05 units)."""
    silhouette = flatten_path(bm.outline_path(view, figure), steps=12)
    cells: dict[tuple[int, int], list[Point]] = {}
    for i in range(len(silhouette)):  # edges bucketed by 4-unit cells of their end points
        for x, y in (silhouette[i - 1], silhouette[i]):
            cells.setdefault((int(x // 4), int(y // 4)), []).extend([silhouette[i - 1], silhouette[i]])
    for region in bm.regions_for(view):
        for pt in bm.region_polygon(region, view, figure):
            if bm.point_in_polygon(pt, silhouette):
                continue
            cx, cy = int(pt[0] // 4), int(pt[1] // 4)
            near = [q for dx in (-1, 0, 1) for dy in (-1, 0, 1) for q in cells.get((cx + dx, cy + dy), [])]
            gap = min((bm.distance_to_boundary(pt, near[k:k + 2]) for k in range(0, len(near), 2)),
                      default=math.inf)
            assert gap < 0.05, (region, pt)


@pytest.mark.parametrize("figure", bm.FIGURES)
def test_client_left_follows_view(figure: str) -> None:
    assert bm.is_client_left_on_viewer_right("front") is True
    assert bm.is_client_left_on_viewer_right("back") is False
    for kind in SIDED:
        left_front = bm.region_anchor(f"left-{kind}", "front", figure)
        right_front = bm.region_anchor(f"right-{kind}", "front", figure)
        left_back = bm.region_anchor(f"left-{kind}", "back", figure)
        right_back = bm.region_anchor(f"right-{kind}", "back", figure)
        assert left_front[0] > 100 > right_front[0], kind
        assert left_back[0] < 100 < right_back[0], kind
    knee = {(side, view): bm.region_anchor(f"{side}-knee", view, figure)[0]
            for side in ("left", "right") for view in bm.VIEWS}
    assert knee["left", "front"] > knee["right", "front"]
    assert knee["left", "back"] < knee["right", "back"]


@pytest.mark.parametrize(("view", "figure"), CASES)
def test_symmetric_regions_mirror_each_other(view: str, figure: str) -> None:
    for kind in SIDED:
        left = bm.region_polygon(f"left-{kind}", view, figure)
        right = bm.region_polygon(f"right-{kind}", view, figure)
        assert mirrored(left) == sorted(right), kind
        lx, ly = bm.region_anchor(f"left-{kind}", view, figure)
        rx, ry = bm.region_anchor(f"right-{kind}", view, figure)
        assert (round(200 - lx, 2), ly) == (rx, ry)
    for region in bm.regions_for(view):
        if not region.startswith(("left-", "right-")):
            poly = bm.region_polygon(region, view, figure)
            assert mirrored(poly) == sorted(poly), region
            assert bm.region_anchor(region, view, figure)[0] == pytest.approx(100, abs=1.5), region
    # the client's left knee on the back is the mirror image of the same knee seen from the front
    assert mirrored(bm.region_polygon("left-knee", "front", figure)) == sorted(
        bm.region_polygon("left-knee", "back", figure))


def _runs(view: str, figure: str, y: float, xa: float, xb: float) -> list[bool]:
    silhouette = flatten_path(bm.outline_path(view, figure))
    n = 200
    states = [bm.point_in_polygon((xa + (xb - xa) * i / n, y), silhouette) for i in range(n + 1)]
    return [s for i, s in enumerate(states) if i == 0 or s != states[i - 1]]


@pytest.mark.parametrize(("view", "figure"), CASES)
def test_limbs_stand_apart(view: str, figure: str) -> None:
    # a horizontal line from an elbow to the belly leaves the body in between
    ex, ey = bm.region_anchor("right-elbow" if view == "front" else "left-elbow", view, figure)
    assert _runs(view, figure, ey, ex, 100) == [True, False, True]
    hx, hy = bm.region_anchor("right-hand" if view == "front" else "left-hand", view, figure)
    tx = bm.region_anchor("right-thigh" if view == "front" else "left-thigh", view, figure)[0]
    assert _runs(view, figure, hy, hx, tx) == [True, False, True]
    # knee to knee, ankle to ankle: the legs are apart
    for kind in ("knee", "ankle", "lower-leg"):
        ax, ay = bm.region_anchor(f"left-{kind}", view, figure)
        bx, _ = bm.region_anchor(f"right-{kind}", view, figure)
        assert _runs(view, figure, ay, ax, bx) == [True, False, True], kind


def test_regions_at_and_point_in_polygon() -> None:
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    assert bm.point_in_polygon((5, 5), square)
    assert not bm.point_in_polygon((15, 5), square)
    assert not bm.point_in_polygon((5, -1), square)
    assert bm.regions_at((100, -20), "front") == ()
    assert bm.regions_at((2, 470), "back") == ()
    x, y = bm.region_anchor("chest", "front")
    assert bm.regions_at((x, y), "front") == ("chest",)
    assert bm.regions_at((x, y), "back") == ("upper-back",)
