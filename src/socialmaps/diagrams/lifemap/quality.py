"""What the life road map's layout promises, counted: `render --check` prints it."""

from __future__ import annotations

from .layout import LifemapLayout


def label_overlaps(lay: LifemapLayout) -> int:
    """Pairs of label lines that overlap (the layout promises none); a sweep along x."""
    boxes = [b for m in lay.events + lay.hopes for b in m.label.line_boxes()]
    boxes += [t.box(lay.axis.size) for t in lay.axis.texts]
    boxes.sort(key=lambda b: b.x0)
    count = 0
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if b.x0 >= a.x1:
                break
            if a.overlap(b) > 0.01:
                count += 1
    return count
