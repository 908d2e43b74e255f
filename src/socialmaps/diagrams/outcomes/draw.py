"""Outcome chart drawing: each measure an `sm-measure` (data-name), each reading an `sm-reading`
(data-value, data-when) holding its bar or point and its labels; a legend of what is used."""

from __future__ import annotations

from ...drawing import Context, Drawing
from ...geometry import Box
from ...legend import LegendEntry, draw_legend, legend_under
from ...style import Style
from ...svg import Element, SvgDocument
from .layout import MeasurePanel, OutcomesLayout, ReadingMark, number_text

HATCH_ID = "sm-outcomes-hatch"


def bar_fill(style: Style) -> str:
    """Bars in colour; in black and white a hatch (the pattern is in the file's defs)."""
    if style.monochrome:
        return f"url(#{HATCH_ID})"
    return str(style.get("outcomes.bar", "#93c5fd"))


def _hatch(doc: SvgDocument, style: Style) -> None:
    pattern = doc.defs.el("pattern", id=HATCH_ID, width=5, height=5, patternUnits="userSpaceOnUse",
                          patternTransform="rotate(45)")
    pattern.rect(0, 0, 5, 5, fill=style.background)
    pattern.line(0, 0, 0, 5, stroke=style.line.ink, stroke_width=1.6)


def goal_pen(style: Style) -> dict[str, str | float]:
    return {"stroke": style.accent("goal", style.line.ink), "stroke_width": style.line.width,
            "stroke_dasharray": "7 4"}


def _axes(group: Element, panel: MeasurePanel, style: Style) -> None:
    axes = group.g("sm-axes")
    plot = panel.plot
    for tick in panel.ticks:
        axes.line(plot.x0, tick.y, plot.x1, tick.y, stroke=style.line.muted, stroke_width=0.4,
                  stroke_dasharray="2 3")
        axes.line(plot.x0 - 0.3 * tick.label.size, tick.y, plot.x0, tick.y, stroke=style.line.ink,
                  stroke_width=style.line.thin)
        tick.label.draw(axes, style.line.ink)
    axes.line(plot.x0, plot.y0, plot.x0, plot.y1, stroke=style.line.ink, stroke_width=style.line.thin)
    axes.line(plot.x0, panel.base_y, plot.x1, panel.base_y, stroke=style.line.ink,
              stroke_width=style.line.thin)
    if panel.axis_title is not None:
        panel.axis_title.draw(axes, style.line.ink)


def _reading(group: Element, mark: ReadingMark, style: Style) -> None:
    r = mark.reading
    part = group.g("sm-reading", data_value=number_text(r.value), data_when=mark.when, data_label=r.label)
    if r.note:
        part.el("title", r.note)
    if mark.bar is not None:
        b = mark.bar
        part.rect(b.x0, b.y0, b.width, max(b.height, 0.5), fill=bar_fill(style), stroke=style.line.ink,
                  stroke_width=style.line.thin)
    else:
        part.circle(mark.x, mark.y, 0.3 * style.font.size, fill=style.background, stroke=style.line.ink,
                    stroke_width=style.line.width)
    mark.value_label.draw(part, style.line.ink)
    mark.axis_label.draw(part, style.line.ink)


def draw_panel(parent: Element, panel: MeasurePanel, style: Style) -> Element:
    m = panel.measure
    group = parent.part("sm-measure", name=m.name, better=m.better, low=number_text(m.range[0]),
                        high=number_text(m.range[1]), chart=panel.chart,
                        goal=number_text(m.goal) if m.goal is not None else None)
    panel.title.draw(group, style.line.ink)
    panel.hint.draw(group, style.line.muted)
    _axes(group, panel, style)
    if panel.goal is not None:
        g = panel.goal
        goal = group.g("sm-goal", data_value=number_text(g.value))
        goal.line(panel.plot.x0, g.y, panel.plot.x1, g.y, **goal_pen(style))
        g.label.draw(goal, style.line.ink)
    if panel.chart == "line" and len(panel.readings) > 1:
        group.polyline([(mk.x, mk.y) for mk in panel.readings], fill="none", stroke=style.line.ink,
                       stroke_width=style.line.width, stroke_linejoin="round")
    for mark in panel.readings:
        _reading(group, mark, style)
    return group


def legend_entries(ctx: Context, lay: OutcomesLayout) -> list[LegendEntry]:
    style, words = ctx.style, ctx.words
    charts = {p.chart for p in lay.panels}
    entries = []

    def bars(g: Element, box: Box) -> None:
        w = box.width / 5
        for i, share in enumerate((0.9, 0.45)):
            x = box.x0 + (1 + 2 * i) * w
            g.rect(x, box.y1 - share * box.height, w, share * box.height, fill=bar_fill(style),
                   stroke=style.line.ink, stroke_width=style.line.thin)

    def line(g: Element, box: Box) -> None:
        pts = [(box.x0 + 0.15 * box.width, box.y1 - 0.2 * box.height),
               (box.center[0], box.y0 + 0.3 * box.height),
               (box.x1 - 0.15 * box.width, box.y0 + 0.15 * box.height)]
        g.polyline(pts, fill="none", stroke=style.line.ink, stroke_width=style.line.width)
        for x, y in pts:
            g.circle(x, y, 0.2 * box.height, fill=style.background, stroke=style.line.ink,
                     stroke_width=style.line.thin)

    def goal(g: Element, box: Box) -> None:
        y = box.center[1]
        g.line(box.x0, y, box.x1, y, **goal_pen(style))

    if "bars" in charts:
        entries.append(LegendEntry("bars", words["outcomes.bars"], bars))
    if "line" in charts:
        entries.append(LegendEntry("line", words["outcomes.line"], line))
    if any(p.goal is not None for p in lay.panels):
        entries.append(LegendEntry("goal", words["outcomes.goal"], goal))
    return entries


def _desc(ctx: Context, lay: OutcomesLayout) -> str:
    summary = "; ".join(
        ctx.words.format("outcomes.reading", name=p.measure.name,
                         first=number_text(p.measure.readings[0].value),
                         last=number_text(p.measure.readings[-1].value))
        for p in lay.panels)
    return ctx.words.format("outcomes.desc", name=ctx.subject_name(), count=len(lay.panels), summary=summary)


def draw(ctx: Context, lay: OutcomesLayout) -> Drawing:
    style = ctx.style
    legend = legend_under(legend_entries(ctx, lay), style.margin, lay.height - style.margin,
                          lay.width - 2 * style.margin, style, gap=style.font.size)
    width, height = lay.width, lay.height
    if legend is not None:
        width = max(width, legend.box.x1 + style.margin)
        height = legend.box.y1 + style.margin
    doc = SvgDocument("outcomes", ctx.case.case.id, width, height, ctx.caption("outcomes"),
                      _desc(ctx, lay), background=style.background)
    if style.monochrome and any(p.chart == "bars" for p in lay.panels):
        _hatch(doc, style)
    for panel in lay.panels:
        draw_panel(doc.body, panel, style)
    if legend is not None:
        draw_legend(doc.body, legend, ctx.words, style)
    readings = sum(len(p.readings) for p in lay.panels)
    return Drawing("outcomes", doc.to_string(), doc.width, doc.height,
                   metrics={"measures": float(len(lay.panels)), "readings": float(readings)})
