"""Altair builders for the Autoencoders page: pure functions from `autoencoder_frames`' DataFrames.

The bottleneck's chart draws, over the plane, the code's value as a colour (CODE_SCHEME, light,
so that the marks on it read), the best straight line (dashed), each point (a ring) joined to its
reconstruction (a dot) by a short segment, and a one-unit code's curve, every reconstruction's
place; with an Animation, at the epoch EPOCH_PARAM holds (training_plots, as the training pages'
charts).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ann_app.charts import training_plots
from ann_app.charts.training_plots import Animation, at_play_epoch, play_param
from ann_app.content.labels import (
    CODE_SCHEME,
    CURVE_COLOUR,
    LINE_COLOUR,
    RECONSTRUCTION_COLOUR,
    SEGMENT_COLOUR,
)
from ann_core.start_trials import STARTS

#: The comparison's loss chart: one small panel per start, side by side.
PANEL_WIDTH = 220
PANEL_HEIGHT = 200


def bottleneck_chart(
    cells: pd.DataFrame,
    points: pd.DataFrame,
    curve: pd.DataFrame | None,
    axis: pd.DataFrame,
    view: tuple[float, float],
    code_domain: tuple[float, float],
    play: Animation,
    height: int = training_plots.HEIGHT,
) -> alt.LayerChart:
    """The points, their reconstructions and the code over the plane `view`, at Play's epoch
    (`play`; `points_frame`, `code_cells_frame` and `curve_frame` carry every frame), `height`
    px high; the code coloured over `code_domain` (clamped), the same at every epoch."""
    scale = alt.Scale(domain=list(view), nice=False)
    x, y = alt.X("x1:Q", title="x₁", scale=scale), alt.Y("x2:Q", title="x₂", scale=scale)
    code = (
        alt.Chart(cells)
        .transform_calculate(**at_play_epoch(play, "output"))
        .mark_rect()
        .encode(
            x=x,
            x2=alt.X2("x1_end:Q"),
            y=y,
            y2=alt.Y2("x2_end:Q"),
            color=alt.Color(
                "output:Q",
                title="code",
                scale=alt.Scale(scheme=CODE_SCHEME, domain=list(code_domain), clamp=True),
                legend=alt.Legend(orient="right", gradientLength=height // 3),
            ),
            tooltip=[alt.Tooltip("output:Q", title="code", format=".3f")],
        )
    )
    line = (
        alt.Chart(axis)
        .mark_line(color=LINE_COLOUR, strokeDash=[6, 4], strokeWidth=1.5, clip=True)
        .encode(x=x, y=y, order=alt.Order("x1:Q"))
    )
    moved = alt.Chart().transform_calculate(**at_play_epoch(play, "r1", "r2"))
    segments = moved.mark_rule(color=SEGMENT_COLOUR, strokeWidth=1, clip=True).encode(
        x=x, y=y, x2=alt.X2("r1:Q"), y2=alt.Y2("r2:Q")
    )
    originals = (
        alt.Chart()
        .mark_point(shape="circle", size=36, filled=False, color="#333333", strokeWidth=1)
        .encode(
            x=x,
            y=y,
            tooltip=[alt.Tooltip("x1:Q", format=".2f"), alt.Tooltip("x2:Q", format=".2f")],
        )
    )
    copies = moved.mark_circle(size=16, color=RECONSTRUCTION_COLOUR, opacity=1, clip=True).encode(
        x=alt.X("r1:Q", scale=scale), y=alt.Y("r2:Q", scale=scale)
    )
    # one dataset for the three layers of the points: it is converted and sent once
    marks = alt.layer(segments, originals, copies, data=points)
    layers = [code, line, marks]
    if curve is not None:
        layers.insert(
            2,
            alt.Chart(curve)
            .transform_calculate(**at_play_epoch(play, "c1", "c2"))
            .mark_line(color=CURVE_COLOUR, strokeWidth=2.5, clip=True)
            .encode(
                x=alt.X("c1:Q", scale=scale),
                y=alt.Y("c2:Q", scale=scale),
                order=alt.Order("order:Q"),
            ),
        )
    return (
        alt.layer(*layers)
        .properties(height=height, title="Points, their reconstructions and the code")
        .add_params(play_param(play))
    )


def error_chart(
    frame: pd.DataFrame,
    epoch: int,
    line_error: float,
    play: Animation,
    height: int = training_plots.METRIC_HEIGHT,
) -> alt.LayerChart:
    """The points' root mean square distance to their reconstructions over the epochs
    (`error_frame`), the selected epoch's rule moving with Play, and the best straight line's
    distance (principal component analysis's) as a dashed level."""
    chart = training_plots.metric_chart(
        frame,
        "distance",
        epoch,
        "Reconstruction error",
        "distance to its point (root mean square)",
        play=play,
        height=height,
    )
    level = (
        alt.Chart(pd.DataFrame({"distance": [line_error], "what": ["best straight line"]}))
        .mark_rule(color=LINE_COLOUR, strokeDash=[6, 4])
        .encode(
            y=alt.Y("distance:Q"),
            tooltip=[alt.Tooltip("what:N"), alt.Tooltip("distance:Q", format=".3f")],
        )
    )
    return alt.layer(chart, level)


def starts_loss_chart(frame: pd.DataFrame) -> alt.FacetChart:
    """Every run's loss per sample over the epochs (`starts_loss_frame`), one thin line per
    seed, one panel per start, side by side on the same axes."""
    return (
        alt.Chart(frame)
        .mark_line(strokeWidth=1, opacity=0.6, color=CURVE_COLOUR)
        .encode(
            x=alt.X("epoch:Q", title="epoch"),
            y=alt.Y("loss:Q", title="loss per sample"),
            detail=alt.Detail("seed:N"),
            tooltip=[
                alt.Tooltip("seed:N"),
                alt.Tooltip("epoch:Q"),
                alt.Tooltip("loss:Q", format=".4f"),
            ],
        )
        .properties(width=PANEL_WIDTH, height=PANEL_HEIGHT)
        .facet(
            column=alt.Facet(
                "start:N",
                title=None,
                sort=list(frame["start"].drop_duplicates()) if len(frame) else list(STARTS),
            )
        )
    )
