"""Altair builders for the loss landscape: the plane as a map with iso-loss lines and the
training path's shadow, and the loss on the line from the initial weights.

Pure functions from `landscape_frames`' DataFrames to charts, tested without Streamlit. The
map uses the Error Surfaces page's viridis (readable in greyscale and for colour-blind
students); the path is vermillion under a white halo, apart from every viridis colour; the
network now is a white cross and the start a white ring, as on the Error Surfaces page.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ann_app.charts.landscape_frames import ColourScale
from ann_app.content.labels import LANDSCAPE_MARK_COLOUR, LANDSCAPE_PATH_COLOUR, SURFACE_SCHEME

MAP_HEIGHT = 560  # with its title, axis and legend: a square plane at common widths
LINE_HEIGHT = 300
LOSS_FORMAT = ".4~g"


def landscape_map(
    cells: pd.DataFrame,
    contours: pd.DataFrame,
    path: pd.DataFrame,
    scale: ColourScale,
    reach: float,
    cell: float,
) -> alt.LayerChart:
    """The loss on the plane θ + α d₁ + β d₂ over [−reach, reach]², one rectangle per grid
    point (`cell` apart), its iso-loss lines, the path's shadow and the network (the centre)."""
    half = cell / 2.0 * 1.15  # cells overlap a little so no hairline seams show between them
    window = alt.Scale(domain=[-reach, reach], nice=False, zero=False)
    axis = alt.Axis(grid=False)  # grid lines would cross-hatch the colours
    x_title, y_title = "α (along the random direction d₁)", "β (along the random direction d₂)"
    x = alt.X("alpha:Q", title=x_title, scale=window, axis=axis)
    y = alt.Y("beta:Q", title=y_title, scale=window, axis=axis)
    colour = alt.Scale(
        type="log" if scale.log else "linear",
        domain=[scale.low, scale.high],
        scheme=SURFACE_SCHEME,
        clamp=True,
    )
    heat = (
        alt.Chart(cells)
        .transform_calculate(
            a_lo=f"datum.alpha - {half}",
            a_hi=f"datum.alpha + {half}",
            b_lo=f"datum.beta - {half}",
            b_hi=f"datum.beta + {half}",
        )
        .mark_rect(clip=True, opacity=1)
        .encode(
            x=alt.X("a_lo:Q", title=x_title, scale=window, axis=axis),
            x2=alt.X2("a_hi:Q"),
            y=alt.Y("b_lo:Q", title=y_title, scale=window, axis=axis),
            y2=alt.Y2("b_hi:Q"),
            fill=alt.Fill(
                "loss:Q",
                title="loss per sample" + (" (log scale)" if scale.log else ""),
                scale=colour,
                legend=alt.Legend(
                    orient="bottom", direction="horizontal", gradientLength=300, format=LOSS_FORMAT
                ),
            ),
            tooltip=[
                alt.Tooltip("alpha:Q", title="α", format=".2f"),
                alt.Tooltip("beta:Q", title="β", format=".2f"),
                alt.Tooltip("loss:Q", title="loss per sample", format=LOSS_FORMAT),
            ],
        )
    )
    layers: list[alt.Chart] = [heat]
    if len(contours):
        tooltip = [alt.Tooltip("level:Q", title="iso-loss, per sample =", format=LOSS_FORMAT)]
        lines = alt.Chart(contours).encode(
            x=x, y=y, detail=alt.Detail("line:N"), order=alt.Order("order:Q")
        )
        layers.append(lines.mark_line(color="white", strokeWidth=1.8, opacity=0.5, clip=True))
        layers.append(
            lines.mark_line(color="#1a1a1a", strokeWidth=0.8, opacity=0.7, clip=True).encode(
                tooltip=tooltip
            )
        )
    layers.extend(_path_layers(path, x, y))
    return alt.layer(*layers).properties(
        height=MAP_HEIGHT, title="Around the network: the loss at θ + α d₁ + β d₂"
    )


def _path_layers(path: pd.DataFrame, x: alt.X, y: alt.Y) -> list[alt.Chart]:
    """The shadow of epochs 0..e: a white halo under a vermillion line with dots at the
    epochs that have their losses, a white ring on the start, a white cross on the centre, and
    their labels, each on the side away from the other (every layer on the one frame: the
    marks pick their rows with filters)."""
    tooltip = [
        alt.Tooltip("epoch:Q"),
        alt.Tooltip("loss:Q", title="the network's loss then, per sample", format=LOSS_FORMAT),
        alt.Tooltip("under:Q", title="the map's loss under its shadow", format=LOSS_FORMAT),
        alt.Tooltip("alpha:Q", title="α", format=".3f"),
        alt.Tooltip("beta:Q", title="β", format=".3f"),
    ]
    last = int(path["epoch"].max())
    is_start, is_end = "datum.epoch == 0", f"datum.epoch == {last}"
    base = alt.Chart(path).encode(x=x, y=y)
    halo = base.mark_line(color="white", strokeWidth=5, opacity=0.85, clip=True)
    line = base.mark_line(color=LANDSCAPE_PATH_COLOUR, strokeWidth=2.5, clip=True)
    dots = (
        base.transform_filter("isValid(datum.loss)")
        .mark_circle(color=LANDSCAPE_PATH_COLOUR, size=22, opacity=1, clip=True)
        .encode(tooltip=tooltip)
    )
    ring = base.transform_filter(is_start).mark_point(
        size=260, shape="circle", filled=False, color="white", strokeWidth=3, clip=True
    )
    cross = base.transform_filter(is_end).mark_point(
        size=320,
        shape="cross",
        filled=True,
        fill="white",
        stroke=LANDSCAPE_MARK_COLOUR,
        strokeWidth=1.5,
        clip=True,
    )
    first, final = path.iloc[0], path.iloc[-1]
    above = 1 if first["beta"] > final["beta"] else -1  # the start's label away from the end's
    labels = []
    for keep, text, dy in ((is_end, f"epoch {last}", 16 * above), (is_start, "start", -14 * above)):
        style = {"align": "left", "dx": 12, "dy": dy, "fontWeight": "bold", "text": text}
        words = base.transform_filter(keep)
        labels.append(words.mark_text(stroke="white", strokeWidth=4, clip=True, **style))
        labels.append(words.mark_text(color=LANDSCAPE_MARK_COLOUR, clip=True, **style))
    return [halo, line, dots, ring, cross, *labels]


def line_chart(frame: pd.DataFrame, epoch: int) -> alt.LayerChart:
    """The loss along θ₀ + α(θ_e − θ₀): the start θ₀ at α = 0 (a ring) and the network after
    `epoch` at α = 1 (a cross), each on a dashed rule and named at the top."""
    x = alt.X(
        "alpha:Q",
        title="α (0: the start θ₀, 1: this epoch)",
        scale=alt.Scale(domain=[float(frame["alpha"].min()), float(frame["alpha"].max())]),
    )
    y = alt.Y("loss:Q", title="loss per sample", scale=alt.Scale(zero=True))
    tooltip = [
        alt.Tooltip("alpha:Q", title="α", format=".2f"),
        alt.Tooltip("loss:Q", title="loss per sample", format=LOSS_FORMAT),
    ]
    base = alt.Chart(frame).encode(x=x, y=y)
    curve = base.mark_line(color=LANDSCAPE_PATH_COLOUR, strokeWidth=2.5).encode(tooltip=tooltip)
    rules = (  # x alone: each rule spans the plot's height
        alt.Chart(frame)
        .transform_filter("datum.alpha == 0 || datum.alpha == 1")
        .mark_rule(color=LANDSCAPE_MARK_COLOUR, strokeDash=[4, 4], opacity=0.6)
        .encode(x=x)
    )
    point = {"filled": True, "fill": "white", "stroke": LANDSCAPE_MARK_COLOUR}
    ring = base.transform_filter("datum.alpha == 0").mark_point(
        size=180, shape="circle", strokeWidth=2, **point
    )
    cross = base.transform_filter("datum.alpha == 1").mark_point(
        size=260, shape="cross", strokeWidth=1.5, **point
    )
    words = [
        base.transform_filter(f"datum.alpha == {alpha}")
        .mark_text(
            align="left", dx=6, dy=-10, fontWeight="bold", color=LANDSCAPE_MARK_COLOUR, text=text
        )
        .encode(y=alt.YValue(12))
        for alpha, text in ((0, "start θ₀"), (1, f"epoch {epoch}"))
    ]
    return alt.layer(curve, rules, ring, cross, *words).properties(
        height=LINE_HEIGHT, title="Along the line θ₀ + α (θ − θ₀)"
    )
