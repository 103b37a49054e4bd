"""Altair builders for the training pages: pure functions from `training_frames`' DataFrames.

Class 0 is blue and class 1 red (a diverging scale with white at 0.5, the decision boundary);
points also differ by shape, so the pictures read in greyscale. Training and test series differ
by dash as well as colour, and so does a run's weight penalty Ω on the loss chart. Input
features have a diverging scale of their own, white at 0. A regression over two inputs draws its
prediction on the same square, its points filled by their targets on the prediction's
sequential scale (PREDICTION_SCHEME), so a point the network misses stands out of its cell.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from ann_app.charts.training_frames import PICK
from ann_app.content.drawn_points import CELL, DOT
from ann_app.content.labels import (
    BLANK_SURFACE,
    CLASS_COLOURS,
    FEATURE_COLOURS,
    MARK_COLOUR,
    NEGATIVE,
    OUTCOME_COLOURS,
    PALETTE,
    PENALTY,
    PICKED_COLOUR,
    PINNED,
    POSITIVE,
    PREDICTION_SCHEME,
    SET_STYLE,
    UNIT_COLOURS,
)
from ann_core.activations import get_activation

HEIGHT = 360
#: A loss or accuracy chart's whole height, two of them stacked beside the main chart (the
#: presenter view draws them as tall as the main chart: at least 200 px of plot).
METRIC_HEIGHT = HEIGHT // 2 + 80
#: See `needs_log_scale`: the overfitting preset's losses span 22 times (4.9 to 0.22 per sample).
LOG_SPAN = 10.0
SMALL_HEIGHT = 220  # a pinned run's surface or fit, by the current one (its title and axes too)
#: The Vega-Lite parameter an animated chart draws its epoch from (see Animation).
EPOCH_PARAM = "play_epoch"
#: The Vega-Lite parameter from which a surface chart draws a hidden unit in place of the
#: network's output while the pointer is on that unit elsewhere on the page (training/
#: unit_hover.py sets it, on a hidden text input): "" for the output, else the chart's title
#: then SHOWN_SEPARATOR and the unit's shade at each cell of the units' grid (x₁ fastest), its
#: place in its layer's colour range in SHADE_STEPS steps, two hex digits each (`shades_text`).
SHOWN_UNIT_PARAM = "shown_unit"
SHOWN_SEPARATOR = "|"
SHADE_STEPS = 255
#: The point selection that a unit maps chart or a network picture makes of the unit under the
#: pointer (its name, empty off a unit), bound to a hidden text input of the name HOVER_INPUT
#: (Vega-Lite names a bound selection's input after the selection and its field).
HOVER_SELECTION = "hover"
HOVER_INPUT = f"{HOVER_SELECTION}_unit"


@dataclass(frozen=True)
class Animation:
    """A chart that carries every epoch's frame up to `last` and draws the one EPOCH_PARAM
    holds (training/player.py moves it with the epoch slider and Play; its frame has each
    epoch's values as columns f"{field}_{epoch}", training_frames.by_epoch). The frames hold
    every `stride`-th epoch (a long run's, thinned to keep the data sent small); the rules move
    every epoch. The spec does not depend on the epoch shown, so a scrub leaves it unchanged."""

    last: int
    stride: int = 1


# The small maps' and curves' grid: sized so that it fits the column beside the network at a
# small screen's 1024 px (about 300 px wide, 270 inside the section's expander; a facet chart
# does not shrink to its column: two curves 100 px wide ran 3 px past it).
MAP_SIZE = 72
MAP_COLUMNS = 3
CURVE_WIDTH = 90
FACET_SPACING = 10


def _output_scale(discrete: bool) -> alt.Scale:
    if discrete:
        return alt.Scale(type="threshold", domain=[0.5], range=list(CLASS_COLOURS))
    return alt.Scale(domain=[0, 0.5, 1], range=[CLASS_COLOURS[0], "#f7f7f7", CLASS_COLOURS[1]])


def _prediction_scale(targets: tuple[float, float]) -> alt.Scale:
    """A real-valued output's scale: PREDICTION_SCHEME over the targets' range, an output
    beyond it in the colour of its end (the range stays the same at every epoch)."""
    return alt.Scale(scheme=PREDICTION_SCHEME, domain=list(targets), clamp=True, nice=False)


def surface_chart(
    cells: pd.DataFrame,
    points: pd.DataFrame,
    view: tuple[float, float],
    discrete: bool = False,
    selectable: bool = False,
    play: Animation | None = None,
    height: int = HEIGHT,
    targets: tuple[float, float] | None = None,
    unit_grid: int | None = None,
) -> alt.LayerChart:
    """The network's output over the input square with the data on top (Figures 8 to 12),
    `height` px high (the page picks columns that keep its plot about square: x₁ and x₂ share
    their range, so a unit's line keeps its angle).

    `selectable`: a click selects the cell (CELL) or the point (DOT) under it, for drawing
    points (training/drawing.py; drawn_points.after_click reads the selection). With `play`,
    `cells` holds every animated epoch's output (see EPOCH_PARAM). With `targets` (a
    regression's, `training_frames.target_extent`), the output is a prediction: it and the
    points' targets y share one sequential scale over that range, in place of the classes'.
    With `unit_grid` (the hidden units' maps' points per side), the chart draws the hidden
    unit SHOWN_UNIT_PARAM holds, in the unit maps' colours and titled with its name, in place
    of the output (`_shown_unit`: its cells come from a Vega sequence, no data).
    """
    heat = _cells(cells, view, selectable)
    if play is not None:
        heat = heat.transform_calculate(**at_play_epoch(play, "output"))
    if targets is None:
        colour = _output_colour(discrete, height)
    else:
        colour = _prediction_colour(targets, height)
    heat = heat.encode(
        color=colour,
        tooltip=[alt.Tooltip("output:Q", format=".3f")],
    )
    title = "Decision surface" if targets is None else "Prediction ŷ over (x₁, x₂)"
    if unit_grid is None:
        chart = _with_points(heat, points, selectable, title, height, targets)
    else:
        unit, params = _shown_unit(view, unit_grid)
        chart = _with_points(
            heat, points, selectable, _shown_title(title), height, targets, unit
        ).add_params(*params)
    return chart if play is None else chart.add_params(play_param(play))


def _shown_unit(view: tuple[float, float], grid: int) -> tuple[alt.Chart, list[alt.Parameter]]:
    """The layer that draws SHOWN_UNIT_PARAM's unit over the output (nothing while it is ""):
    a rect per cell of the units' `grid` over `view` (a cell's index from a Vega sequence, its
    corners from the index), coloured by the unit's shade on the unit maps' scale; and the
    parameters it reads (the bound one, and its shades cut out once per change)."""
    low, high = view
    step = (high - low) / (grid - 1)
    shown, sep = SHOWN_UNIT_PARAM, SHOWN_SEPARATOR
    param = alt.param(name=shown, value="", bind=alt.binding(input="text"))
    shades = alt.param(
        name=f"{shown}_shades",
        expr=f"length({shown}) ? slice({shown}, indexof({shown}, '{sep}') + 1) : ''",
    )
    scale = alt.Scale(domain=list(view), nice=False)
    layer = (
        alt.Chart(alt.sequence(0, grid * grid, as_="cell"))
        .transform_filter(f"length({shown}) > 0")
        .transform_calculate(
            x1=f"{low} + (datum.cell % {grid} - 0.5) * {step}",
            x2=f"{low} + (floor(datum.cell / {grid}) - 0.5) * {step}",
            shade=f"parseInt(substring({shown}_shades, 2 * datum.cell, 2 * datum.cell + 2), 16)"
            f" / {SHADE_STEPS}",
        )
        .transform_calculate(x1_end=f"datum.x1 + {step}", x2_end=f"datum.x2 + {step}")
        .mark_rect()
        .encode(
            x=alt.X("x1:Q", scale=scale),
            x2=alt.X2("x1_end:Q"),
            y=alt.Y("x2:Q", scale=scale),
            y2=alt.Y2("x2_end:Q"),
            color=alt.Color(
                "shade:Q",
                scale=alt.Scale(domain=[0, 0.5, 1], range=list(UNIT_COLOURS)),
                legend=None,
            ),
        )
    )
    return layer, [param, shades]


def _shown_title(title: str) -> alt.TitleParams:
    """`title`, or SHOWN_UNIT_PARAM's title while it holds a unit."""
    shown, sep = SHOWN_UNIT_PARAM, SHOWN_SEPARATOR
    fallback = json.dumps(title, ensure_ascii=False)
    return alt.TitleParams(
        text=alt.ExprRef(
            f"length({shown}) ? slice({shown}, 0, indexof({shown}, '{sep}')) : {fallback}"
        )
    )


def shades_text(values: np.ndarray, low: float, high: float) -> str:
    """A unit's activations as SHOWN_UNIT_PARAM carries them: each one's place in [low, high]
    (its layer's colour range, clamped) in SHADE_STEPS steps, as two hex digits (a step, 1/255
    of the scale, is finer than the eye tells apart on it; the text is half as long as the
    decimals')."""
    place = np.clip((np.asarray(values, dtype=float) - low) / (high - low), 0.0, 1.0)
    place = np.nan_to_num(place, nan=0.5)
    return bytes(np.rint(place * SHADE_STEPS).astype(np.uint8)).hex()


def hover_selection() -> alt.Parameter:
    """HOVER_SELECTION: the name of the unit under the pointer (of the field "unit"), on its
    hidden input, empty off a unit (the unit maps chart's and the network picture's)."""
    return alt.selection_point(
        name=HOVER_SELECTION,
        on="pointermove",
        fields=["unit"],
        bind=alt.binding(input="text"),
    )


def _played_extent(
    curves: pd.DataFrame,
    points: pd.DataFrame,
    stack: pd.DataFrame | None,
    play: Animation | None,
) -> alt.Scale:
    """While playing, the y axis spans every frame's values and the data, so that it stays
    still (and need not be laid out again each frame); otherwise each epoch's own extent."""
    if play is None:
        return alt.Scale()
    frames = [curves.filter(regex=r"^value_\d+$"), points[["y"]]]
    if stack is not None:
        frames.append(stack.filter(regex=r"^(lower|upper)_\d+$"))
    values = np.concatenate([frame.to_numpy(float).ravel() for frame in frames])
    finite = values[np.isfinite(values)]
    return alt.Scale(domain=[float(finite.min()), float(finite.max())])


def play_param(play: Animation) -> alt.Parameter:
    """The epoch drawn, the run's last until the player sets it, on a range input the player
    moves (and hides)."""
    return alt.param(
        name=EPOCH_PARAM,
        value=play.last,
        bind=alt.binding_range(min=0, max=max(play.last, 1), step=1),
    )


def at_play_epoch(play: Animation, *fields: str) -> dict[str, str]:
    """Calculations that give each field its value at the animated epoch's frame (the columns
    of training_frames.by_epoch): the last frame at or before it (thinned frames keep the
    run's last epoch too, cached.play_epochs)."""
    step, last = play.stride, play.last
    frame = (
        EPOCH_PARAM
        if step == 1
        else f"{EPOCH_PARAM} >= {last} ? {last} : floor({EPOCH_PARAM} / {step}) * {step}"
    )
    return {field: f"datum['{field}_' + ({frame})]" for field in fields}


def _output_colour(discrete: bool, height: int) -> alt.Color:
    """The surface's colour, the output on the classes' scale, with its legend."""
    return alt.Color(
        "output:Q",
        scale=_output_scale(discrete),
        title=["output", "(class 0 → 1)"],
        # a third of the height leaves room above it for the class and points
        # legends, at the presenter view's larger labels too
        legend=alt.Legend(orient="right", gradientLength=height // 3),
    )


def _prediction_colour(targets: tuple[float, float], height: int) -> alt.Color:
    """A regression surface's colour, the prediction on `_prediction_scale`, with its legend
    (which the points' targets share)."""
    return alt.Color(
        "output:Q",
        scale=_prediction_scale(targets),
        title=["prediction ŷ", "(points: target y)"],
        legend=alt.Legend(orient="right", gradientLength=height // 3),
    )


def _point_fill(targets: tuple[float, float] | None, legend: alt.Legend | None) -> alt.Fill:
    """The data points' fill: a classifier's by class (with `legend`); a regression's by target
    y, on the prediction's scale (the surface's legend says it)."""
    if targets is None:
        scale = alt.Scale(domain=["0", "1"], range=list(CLASS_COLOURS))
        return alt.Fill("class:N", scale=scale, legend=legend)
    return alt.Fill("y:Q", scale=_prediction_scale(targets), legend=None)


def blank_surface_chart(
    cells: pd.DataFrame, points: pd.DataFrame, view: tuple[float, float], height: int = HEIGHT
) -> alt.LayerChart:
    """The square before there is a network to draw: blank cells to click on under the drawn
    points (same axes, points and selections as a selectable `surface_chart`). It keeps the
    surface's output legend, so that its plot has the surface's size and place: the trained
    surface then replaces it without a jump."""
    blank = alt.condition("true", alt.value(BLANK_SURFACE), _output_colour(False, height))
    heat = _cells(cells, view, selectable=True).encode(color=blank)
    return _with_points(heat, points, True, "Draw your data", height)


def _cells(cells: pd.DataFrame, view: tuple[float, float], selectable: bool) -> alt.Chart:
    """The square's cells as rects on the view's axes (no colour yet), clickable if asked."""
    heat = (
        alt.Chart(cells)
        .mark_rect(**({"cursor": "crosshair"} if selectable else {}))
        .encode(
            x=alt.X("x1:Q", title="x₁", scale=alt.Scale(domain=list(view), nice=False)),
            x2=alt.X2("x1_end:Q"),
            y=alt.Y("x2:Q", title="x₂", scale=alt.Scale(domain=list(view), nice=False)),
            y2=alt.Y2("x2_end:Q"),
        )
    )
    if selectable:  # the cell's corners: its centre is where a click adds a point
        heat = heat.add_params(
            alt.selection_point(
                name=CELL, fields=["x1", "x1_end", "x2", "x2_end"], toggle=False, clear=False
            )
        )
    return heat


def _with_points(
    heat: alt.Chart,
    points: pd.DataFrame,
    selectable: bool,
    title: str | alt.TitleParams,
    height: int,
    targets: tuple[float, float] | None = None,
    *over_heat: alt.Chart,
) -> alt.LayerChart:
    """`heat` (and `over_heat`'s layers) with the data's points on top: fill by class (by
    target y, with a regression's `targets`: `_point_fill`), shape by set (training or test)."""
    dots = (
        alt.Chart(points)
        .mark_point(
            filled=True,
            size=45,
            stroke="black",
            strokeWidth=0.6,
            opacity=0.9,
            **({"cursor": "pointer"} if selectable else {}),
        )
        .encode(
            x=alt.X("x1:Q"),
            y=alt.Y("x2:Q"),
            fill=_point_fill(targets, alt.Legend(title="class", orient="right")),
            shape=alt.Shape(
                "set:N",
                scale=alt.Scale(domain=["training", "test"], range=["circle", "triangle-up"]),
                legend=alt.Legend(title="points", orient="right"),
            ),
            size=alt.Size(
                "set:N",
                scale=alt.Scale(domain=["training", "test"], range=[40, 110]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip(f)
                for f in ("x1:Q", "x2:Q", "class:N" if targets is None else "y:Q", "set:N")
            ],
        )
    )
    if selectable:  # the class tells a click on a point from one on a cell (after_click)
        dots = dots.add_params(
            alt.selection_point(name=DOT, fields=["x1", "x2", "class"], toggle=False, clear=False)
        )
    return (
        alt.layer(heat, *over_heat, dots)
        .resolve_scale(color="independent")
        .properties(height=height, title=title)
    )


def metric_chart(
    frame: pd.DataFrame,
    field: str,
    epoch: int,
    title: str,
    y_title: str,
    pinned: pd.DataFrame | None = None,
    play: Animation | None = None,
    height: int | None = None,
    log: bool = False,
) -> alt.LayerChart:
    """One line per set (training, test) over epochs, with a rule at the selected epoch (at the
    animated one with `play`, see `surface_chart`); with `pinned`
    (`training_frames.pinned_frame`), a pinned run's series beside them. `height` is the
    whole chart's (METRIC_HEIGHT, or the presenter view's); `log` puts y on a log scale."""
    if pinned is not None:
        frame = pd.concat([frame, pinned], ignore_index=True)
    sets = [s for s in SET_STYLE if s in set(frame["set"])]
    y_scale = alt.Scale(type="log") if log else alt.Undefined
    lines = (
        alt.Chart(frame)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("epoch:Q", title="epoch"),
            y=alt.Y(f"{field}:Q", title=y_title + (" (log scale)" if log else ""), scale=y_scale),
            color=alt.Color(
                "set:N",
                scale=alt.Scale(domain=sets, range=[SET_STYLE[s][0] for s in sets]),
                legend=alt.Legend(title=None, orient="top", columns=2),  # a third wraps
            ),
            strokeDash=alt.StrokeDash(
                "set:N", scale=alt.Scale(domain=sets, range=[SET_STYLE[s][1] for s in sets])
            ),
            tooltip=[
                alt.Tooltip("set:N"),
                alt.Tooltip("epoch:Q"),
                alt.Tooltip(f"{field}:Q", title=y_title, format=".4f"),
            ],
        )
    )
    # animated, the rule's data holds no epoch: the spec stays the same whatever the epoch
    rule = alt.Chart(pd.DataFrame({"epoch": [epoch if play is None else play.last]}))
    if play is not None:
        rule = rule.transform_calculate(epoch=EPOCH_PARAM)
    rule = rule.mark_rule(color="#111111", strokeDash=[2, 2]).encode(x=alt.X("epoch:Q"))
    chart = alt.layer(lines, rule).properties(height=height or METRIC_HEIGHT, title=title)
    return chart if play is None else chart.add_params(play_param(play))


def loss_chart(
    frame: pd.DataFrame,
    epoch: int,
    pinned: pd.DataFrame | None = None,
    play: Animation | None = None,
    height: int | None = None,
) -> alt.LayerChart:
    """`metric_chart` of `training_frames.loss_frame` (and a pinned run's, see there): the
    loss per sample, and the penalty Ω when the frame has it (titled so that the axis says
    which is which), animated with `play`; on a log scale when `needs_log_scale`."""
    log = needs_log_scale(frame if pinned is None else pd.concat([frame, pinned]))
    if PENALTY in set(frame["set"]):
        titles = ("Loss and penalty Ω", "loss per sample; penalty Ω")
    else:
        titles = ("Loss", "loss per sample")
    return metric_chart(frame, "loss", epoch, *titles, pinned, play, height, log)


def needs_log_scale(frame: pd.DataFrame) -> bool:
    """A loss chart with test losses whose values span more than LOG_SPAN times (all of them
    positive): on a linear axis the first epochs' large loss flattens the test loss's rise."""
    values = frame["loss"].to_numpy(dtype=float)
    values = values[np.isfinite(values)]
    if "test" not in set(frame["set"]) or not values.size or values.min() <= 0:
        return False
    return bool(values.max() > LOG_SPAN * values.min())


def pinned_surface_chart(
    cells: pd.DataFrame,
    points: pd.DataFrame,
    view: tuple[float, float],
    title: list[str],
    discrete: bool = False,
    targets: tuple[float, float] | None = None,
) -> alt.LayerChart:
    """A pinned run's small decision surface (or prediction, with a regression's `targets`),
    beside the current one: the same colours and points as `surface_chart`, without legends
    (the big one has them), titled with `title`."""
    small = alt.Axis(title=None, tickCount=3)  # the big surface beside it names the axes
    scale = _output_scale(discrete) if targets is None else _prediction_scale(targets)
    heat = _cells(cells, view, selectable=False).encode(
        x=alt.X("x1:Q", axis=small, scale=alt.Scale(domain=list(view), nice=False)),
        y=alt.Y("x2:Q", axis=small, scale=alt.Scale(domain=list(view), nice=False)),
        color=alt.Color("output:Q", scale=scale, legend=None),
        tooltip=[alt.Tooltip("output:Q", format=".3f")],
    )
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=14, stroke="black", strokeWidth=0.4, opacity=0.9)
        .encode(
            x=alt.X("x1:Q"),
            y=alt.Y("x2:Q"),
            fill=_point_fill(targets, None),
            shape=alt.Shape(
                "set:N",
                scale=alt.Scale(domain=["training", "test"], range=["circle", "triangle-up"]),
                legend=None,
            ),
        )
    )
    return (
        alt.layer(heat, dots)
        .resolve_scale(color="independent")
        .properties(height=SMALL_HEIGHT, title=_small_title(title))
    )


def pinned_fit_chart(curve: pd.DataFrame, points: pd.DataFrame, title: list[str]) -> alt.LayerChart:
    """A pinned run's small fit (`training_frames.curve_frame`) over its data, beside the
    current one, in the pinned series' style of the loss chart."""
    colour, dash = SET_STYLE[PINNED]
    dots = (
        alt.Chart(points)
        .mark_circle(size=8, color="#9aa4b1", opacity=0.7)
        .encode(x=alt.X("x:Q", title="x"), y=alt.Y("y:Q", title="y"))
    )
    line = (
        alt.Chart(curve)
        .mark_line(color=colour, strokeDash=dash, strokeWidth=2.4)
        .encode(
            x=alt.X("x:Q"),
            y=alt.Y("value:Q"),
            tooltip=[alt.Tooltip("x:Q"), alt.Tooltip("value:Q", format=".3f")],
        )
    )
    return alt.layer(dots, line).properties(height=SMALL_HEIGHT, title=_small_title(title))


def _small_title(lines: list[str]) -> alt.TitleParams:
    return alt.TitleParams(lines, fontSize=12, anchor="start")


def with_marks(chart: alt.LayerChart, marks: pd.DataFrame) -> alt.LayerChart:
    """`chart` (epochs along x) with a solid rule where each segment of a continued run starts
    and, at its top, what the segment changed (`training_frames.marks_frame`)."""
    if marks.empty:
        return chart
    base = alt.Chart(marks).encode(
        x=alt.X("epoch:Q"), tooltip=[alt.Tooltip("epoch:Q"), alt.Tooltip("change:N")]
    )
    rules = base.mark_rule(color=MARK_COLOUR, strokeWidth=1.5)
    notes = base.mark_text(
        align="left", baseline="top", dx=3, dy=2, fontSize=10, color=MARK_COLOUR
    ).encode(y=alt.YValue(0), text=alt.Text("change:N"))
    return chart + rules + notes


def _in_order(labels: pd.Series) -> list[str]:
    """The distinct labels in their frame's order, for a facet's sort (Vega-Lite sorts a facet's
    labels alphabetically unless told an order: h¹₁₀ before h¹₂, sin x₁ before x₁)."""
    return list(dict.fromkeys(labels))


def unit_colour_domain(activation: str, outputs: np.ndarray) -> tuple[float, float]:
    """The colour scale's ends for units of `activation`: its output interval where that is
    finite (sigmoid: 0 to 1), the outputs' own extent where it is not (ReLU, linear)."""
    low, high = get_activation(activation).output_range
    if not np.isfinite(low):
        low = float(np.min(outputs))
    if not np.isfinite(high):
        high = float(np.max(outputs))
    return (low, high) if high > low else (low, low + 1.0)


def unit_maps_chart(
    cells: pd.DataFrame, low: float, high: float, hoverable: bool = False
) -> alt.FacetChart:
    """Small maps, one per hidden unit, of its activation over the input square; `hoverable`:
    the unit under the pointer is its `hover_selection`."""
    mid = (low + high) / 2
    maps = alt.Chart(cells)
    if hoverable:
        maps = maps.add_params(hover_selection())
    return (
        maps.mark_rect()
        .encode(
            x=alt.X("x1:Q", title="x₁", axis=alt.Axis(tickCount=3)),
            x2=alt.X2("x1_end:Q"),
            y=alt.Y("x2:Q", title="x₂", axis=alt.Axis(tickCount=3)),
            y2=alt.Y2("x2_end:Q"),
            color=alt.Color(
                "output:Q",
                scale=alt.Scale(domain=[low, mid, high], range=list(UNIT_COLOURS)),
                title="activation",
                legend=alt.Legend(orient="bottom", gradientLength=160),
            ),
            tooltip=[
                alt.Tooltip("unit:N"),
                alt.Tooltip("output:Q", format=".3f", title="activation"),
            ],
        )
        .properties(width=MAP_SIZE, height=MAP_SIZE)
        .facet(
            facet=alt.Facet("unit:N", title=None, sort=_in_order(cells["unit"])),
            columns=MAP_COLUMNS,
            spacing=FACET_SPACING,
        )
    )


def feature_maps_chart(cells: pd.DataFrame) -> alt.FacetChart:
    """Small maps, one per input feature, of its value over the input square (see
    `training_frames.feature_cells_frame`), on one scale symmetric about 0: a feature's sign
    is what a positive weight passes on."""
    reach = float(np.max(np.abs(cells["output"]))) or 1.0
    return (
        alt.Chart(cells)
        .mark_rect()
        .encode(
            x=alt.X("x1:Q", title="x₁", axis=alt.Axis(tickCount=3)),
            x2=alt.X2("x1_end:Q"),
            y=alt.Y("x2:Q", title="x₂", axis=alt.Axis(tickCount=3)),
            y2=alt.Y2("x2_end:Q"),
            color=alt.Color(
                "output:Q",
                scale=alt.Scale(domain=[-reach, 0, reach], range=list(FEATURE_COLOURS), nice=False),
                title="feature value",
                legend=alt.Legend(
                    orient="bottom", gradientLength=160, format=".2~f", values=[-reach, 0, reach]
                ),
            ),
            tooltip=[
                alt.Tooltip("feature:N", title="feature"),
                alt.Tooltip("formula:N", title="computes"),
                alt.Tooltip("output:Q", format=".3f", title="value"),
            ],
        )
        .properties(width=MAP_SIZE, height=MAP_SIZE)
        .facet(
            facet=alt.Facet("feature:N", title=None, sort=_in_order(cells["feature"])),
            columns=MAP_COLUMNS,
            spacing=FACET_SPACING,
        )
    )


def feature_curves_chart(frame: pd.DataFrame) -> alt.FacetChart:
    """Small line charts, one per input feature, of its value over x (see
    `training_frames.feature_curves_frame`), each on its own y scale."""
    return (
        alt.Chart(frame)
        .mark_line(strokeWidth=2, color=FEATURE_COLOURS[-1])
        .encode(
            x=alt.X("x:Q", title="x", axis=alt.Axis(tickCount=3)),
            y=alt.Y("value:Q", title=None, axis=alt.Axis(tickCount=3)),
            tooltip=[
                alt.Tooltip("feature:N", title="feature"),
                alt.Tooltip("formula:N", title="computes"),
                alt.Tooltip("x:Q", format=".2f"),
                alt.Tooltip("value:Q", format=".3f"),
            ],
        )
        .properties(width=CURVE_WIDTH, height=70)
        .facet(
            facet=alt.Facet("feature:N", title=None, sort=_in_order(frame["feature"])),
            columns=2,
            spacing=FACET_SPACING,
        )
        .resolve_scale(y="independent")
    )


#: The restarts' histograms: each this high, one above the other.
RESTARTS_HEIGHT = 170


def restart_bins(values: pd.Series) -> alt.Bin:
    """Bins for a histogram of one value over the restarts' seeds: about 2√n of them for n
    seeds (5 to 20: 20 seeds get at most 9, not 20 mostly empty ones), and none narrower than the
    smallest step between two distinct values (an accuracy moves in steps of one point's
    share, so a narrower bin would leave a gap between every two bars)."""
    maxbins = int(np.clip(round(2 * np.sqrt(len(values))), 5, 20))
    distinct = np.unique(np.asarray(values, dtype=float)[np.isfinite(values)])
    gaps = np.diff(distinct)
    if len(gaps) == 0:
        return alt.Bin(maxbins=maxbins)
    return alt.Bin(maxbins=maxbins, minstep=float(gaps.min()))


def restarts_chart(frame: pd.DataFrame) -> alt.VConcatChart | alt.Chart:
    """Histograms of the final loss (and accuracy) over the restarts' seeds, coloured by outcome
    (see `training_frames.restarts_frame`); a diverged run counts at its last epoch before it.

    One above the other, with no width of their own: Streamlit stretches each part of a
    vertical concatenation to its column, but not the parts of a horizontal one, which kept
    Vega-Lite's default widths and ran past a column narrower than about 930 px (at 1280 x 800).
    """
    outcomes = [o for o in OUTCOME_COLOURS if o in set(frame["outcome"])]
    colour = alt.Color(
        "outcome:N",
        scale=alt.Scale(domain=outcomes, range=[OUTCOME_COLOURS[o] for o in outcomes]),
        legend=alt.Legend(title=None, orient="top"),
    )

    def histogram(field: str, title: str) -> alt.Chart:
        return (
            alt.Chart(frame)
            .mark_bar()
            .encode(
                x=alt.X(f"{field}:Q", bin=restart_bins(frame[field]), title=title),
                y=alt.Y("count():Q", title="seeds", stack=True, axis=alt.Axis(tickMinStep=1)),
                color=colour,
                tooltip=[alt.Tooltip("outcome:N"), alt.Tooltip("count():Q")],
            )
            .properties(height=RESTARTS_HEIGHT)
        )

    loss = histogram("final loss", "final loss per sample")
    if "final accuracy" not in frame:
        return loss
    return alt.vconcat(loss, histogram("final accuracy", "final training accuracy"))


#: Beyond this many units, the fit's legend names them in one entry, drawn in one colour (their
#: tooltips still name each): 16 entries ran past the chart's height at "h¹₈".
LEGEND_UNITS = 8
#: The fit's series that are not units, in their own colours: prediction black, the true
#: function purple, the bias grey.
FIXED_SERIES = {"prediction": "#111111", "true f(x)": "#7B3294", "output bias": "#8c8c8c"}


def _legend_names(names: list[str]) -> dict[str, str]:
    """Each series' entry in the fit's legend: its own name, or, with more than LEGEND_UNITS
    units, one entry for all of them ("16 units' a·w")."""
    units = [n for n in names if n not in FIXED_SERIES]
    grouped = f"{len(units)} units' a·w" if len(units) > LEGEND_UNITS else None
    return {n: grouped if grouped and n in units else n for n in names}


def _series_colours(names: list[str]) -> alt.Scale:
    """FIXED_SERIES in their colours, the units (or their one entry) in Okabe-Ito hues."""
    fixed = FIXED_SERIES
    units = [n for n in names if n not in fixed]
    domain = [n for n in names if n in fixed] + units
    return alt.Scale(
        domain=domain,
        range=[fixed.get(n, "") for n in domain if n in fixed] + list(PALETTE[: len(units)]),
    )


# The fit's y axis keeps this many px for its ticks' labels, whatever they say. Vega fits an
# autosized chart to its column in two passes and places it by the first; when the second
# pass's height gives the y axis other ticks, with longer labels ("4" in the first, "4.5" in
# the second), the chart sat that much past its left edge and lost its title's first letters
# ("ata, prediction and units": the lesson's 16 units switched from L2 to L1). 48 px hold
# Streamlit's 16 px label padding and a label up to "−10.0" (at the presenter view's size,
# "−1.5"), so both passes measure the same axis.
FIT_Y_LABELS = 48


def regression_chart(
    curves: pd.DataFrame,
    points: pd.DataFrame,
    stack: pd.DataFrame | None = None,
    play: Animation | None = None,
    height: int = HEIGHT,
) -> alt.LayerChart:
    """Data, prediction, true function (if in `curves`) and each unit's contribution (Fig. 13),
    `height` px high in all.

    With `stack`, the contributions are drawn as bands piled on the output bias, whose top
    edge meets the prediction; without it, each contribution is its own dashed line. With
    `play`, the frames hold every epoch's values, animated as in `surface_chart`.
    """
    names = list(dict.fromkeys(curves["series"]))
    if stack is not None:
        names = [n for n in names if n in ("prediction", "true f(x)")] + list(
            dict.fromkeys(stack["series"])
        )
    legend = _legend_names(names)
    curves = curves.assign(legend=curves["series"].map(legend))
    stack = None if stack is None else stack.assign(legend=stack["series"].map(legend))
    names = list(dict.fromkeys(legend.values()))
    colour = alt.Color(
        "legend:N",
        scale=_series_colours(names),
        sort=names,
        # beside the plot, not under it: the chart keeps its height however many units
        legend=alt.Legend(title=None, orient="right", labelLimit=160),
    )
    x = alt.X("x:Q", title="x")
    dots = (
        alt.Chart(points)
        .mark_circle(size=24, color="#3b4450", opacity=0.75, stroke="white", strokeWidth=0.6)
        .encode(
            x=x,
            y=alt.Y(
                "y:Q",
                title="y",
                scale=_played_extent(curves, points, stack, play),
                axis=alt.Axis(minExtent=FIT_Y_LABELS),
            ),
            tooltip=[alt.Tooltip("x:Q"), alt.Tooltip("y:Q"), alt.Tooltip("set:N")],
        )
    )
    layers = []  # the data over the bands, under the lines
    if stack is not None:
        bands = alt.Chart(stack)
        if play is not None:
            bands = bands.transform_calculate(**at_play_epoch(play, "lower", "upper"))
        layers.append(
            bands.mark_area(opacity=0.3, line={"strokeWidth": 1.5}).encode(
                x=x,
                y=alt.Y("upper:Q", stack=None),  # the area's line traces the running total
                y2=alt.Y2("lower:Q"),
                color=colour,
                order=alt.Order("order:Q"),
                tooltip=[
                    alt.Tooltip("series:N"),
                    alt.Tooltip("x:Q"),
                    alt.Tooltip("upper:Q", format=".3f"),
                ],
            )
        )
        shown = curves[curves["kind"].isin(["curve", "truth"])]
    else:
        shown = curves
    layers.append(dots)
    dash = alt.StrokeDash(
        "kind:N",
        scale=alt.Scale(
            domain=["curve", "truth", "unit", "bias"], range=[[1, 0], [6, 4], [3, 2], [1, 3]]
        ),
        legend=None,
    )
    lines = alt.Chart(shown)
    if play is not None:
        lines = lines.transform_calculate(**at_play_epoch(play, "value"))
    layers.append(
        lines.mark_line().encode(
            x=x,
            y=alt.Y("value:Q"),
            color=colour,
            strokeDash=dash,
            strokeWidth=alt.condition(
                "datum.kind == 'unit'", alt.value(1.6), alt.StrokeWidthValue(2.6)
            ),
            detail=alt.Detail("series:N"),
            tooltip=[
                alt.Tooltip("series:N"),
                alt.Tooltip("x:Q"),
                alt.Tooltip("value:Q", format=".3f"),
            ],
        )
    )
    chart = alt.layer(*layers).properties(height=height, title="Data, prediction and units")
    return chart if play is None else chart.add_params(play_param(play))


# The network's picture (`network_chart`): beside a training page's charts, and clickable in the
# weights' expander (training/weight_picker.py). An edge is 1 to 6 px wide by its weight's size
# (linear in |w| over the largest |w|), and clickable over HIT_WIDTH px; a unit is a circle big
# enough for its label, where its column has room.
PICK_HEIGHT = 200
PICK_FONT = 12
NETWORK_HEIGHT = 260  # beside the charts, where it has a column of its own
EDGE_WIDTHS = (1.0, 6.0)
HIT_WIDTH = 12
_SIGNS = ["positive", "negative", "input"]  # a weight's or a bias's sign; an input has none
_SIGN_COLOURS = [POSITIVE, NEGATIVE, "#555555"]
_SIGN_DASHES = [[1, 0], [5, 3]]  # negative dashed, so it reads in greyscale


def network_chart(
    edges: pd.DataFrame,
    units: pd.DataFrame,
    height: int = PICK_HEIGHT,
    font_size: int = PICK_FONT,
    pickable: bool = False,
    hoverable: bool = False,
) -> alt.LayerChart:
    """The network of `training_frames.network_frames`: its weights as lines between its units'
    circles, in columns by layer, blue solid where positive and red dashed where negative, as
    wide as the weight is large; a unit's ring has its bias's sign. Labels are `font_size` px
    (the presenter view's larger), the chart `height` px high; a column of units too close for
    their labels leaves them to the tooltip. `pickable`: a click on an edge or a hidden or
    output unit selects it (PICK, its p), and the picked one has an orange halo, over the other
    edges. `hoverable`: the unit (circle or name) under the pointer is its `hover_selection`
    (not with `pickable`: Streamlit would rerun the page on each move)."""
    rows = float(units.groupby("x").size().max())
    columns = int(units["x"].max())
    diameter = min(2.0 * font_size, 0.8 * height / rows)
    gap = diameter / 2 + 4  # from a unit's centre to its label beside it
    crowded = [int(x) for x, n in units.groupby("x").size().items() if height / n < 1.4 * font_size]
    magnitudes = edges["magnitude"].to_numpy(float)
    biggest = float(np.max(magnitudes, where=np.isfinite(magnitudes), initial=0.0)) or 1.0
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[0, columns], nice=False))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-rows / 2, rows / 2], nice=False))
    sign = alt.Scale(domain=_SIGNS, range=_SIGN_COLOURS)
    tooltip = [alt.Tooltip("label:N", title="parameter"), alt.Tooltip("value:Q", format=".4f")]
    base = alt.Chart(edges).encode(x=x, y=y, x2=alt.X2("x2:Q"), y2=alt.Y2("y2:Q"), tooltip=tooltip)
    lines = base.mark_rule().encode(
        color=alt.Color("sign:N", scale=sign, legend=None),
        strokeDash=alt.StrokeDash(
            "sign:N", scale=alt.Scale(domain=_SIGNS[:2], range=_SIGN_DASHES), legend=None
        ),
        strokeWidth=alt.StrokeWidth(
            "magnitude:Q", scale=alt.Scale(domain=[0, biggest], range=EDGE_WIDTHS), legend=None
        ),
    )
    cursor = {"cursor": "pointer"} if pickable else {}
    # the picked edge again, over its halo, over the other edges (a dense layer hides it else)
    picked = lines.transform_filter("datum.picked")
    halo = base.transform_filter("datum.picked").mark_rule(
        color=PICKED_COLOUR, strokeWidth=EDGE_WIDTHS[1] + 8, strokeCap="round"
    )
    # Nearly transparent and wide: a click near a thin edge still lands on it.
    hits = base.mark_rule(
        strokeWidth=HIT_WIDTH, strokeOpacity=0.01, color="#000000", cursor="pointer"
    ).add_params(alt.selection_point(name=PICK, fields=["p"], toggle=False, clear=False))
    dots = (
        alt.Chart(units)
        .mark_circle(size=diameter**2, fill="#ffffff", opacity=1, **cursor)
        .encode(
            x=x,
            y=y,
            stroke=alt.condition(
                "datum.picked",
                alt.value(PICKED_COLOUR),
                alt.Stroke("sign:N", scale=sign, legend=None),
            ),
            strokeWidth=alt.condition("datum.picked", alt.value(4), alt.StrokeWidthValue(1.5)),
            tooltip=tooltip,
        )
    )
    if hoverable and not pickable:
        dots = dots.add_params(hover_selection())
    text = alt.Chart(units).encode(x=x, y=y, text=alt.Text("unit:N"), tooltip=tooltip)
    if crowded:
        text = text.transform_filter(f"indexof({crowded}, datum.x) < 0")
    names = [
        text.transform_filter(f"datum.kind == '{kind}'").mark_text(
            fontSize=font_size, align=align, dx=dx, baseline="middle"
        )
        for kind, align, dx in (
            ("input", "right", -gap),
            ("hidden", "center", 0),
            ("output", "left", gap),
        )
    ]
    # Vega fits the labels beside the columns into the chart's width (autosize "fit" counts
    # every mark's extent), so the chart needs no padding for them.
    clicks = (halo, picked, hits) if pickable else ()
    return alt.layer(lines, *clicks, dots, *names).properties(height=height)
