"""Altair chart builders: pure functions from DataFrames to charts, tested without Streamlit.

Colours stay readable in greyscale and for colour-blind students: the error surface uses
viridis, and each curve or optimizer also has its own dash pattern (and point shape), so no
line is told apart by hue alone.

Legends: in a layered chart only the main line layer encodes `color` (and `strokeDash`), so
Vega-Lite draws one legend with the right symbols. Helper layers reuse the same colours through
`stroke` or `fill` on a copy of the series field (`series`): a legend switched off on the same
field would switch off the merged legend too.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ann_app.content.labels import (
    ACTIVATION_STYLE,
    METHOD_LABELS,
    METHOD_STYLE,
    PROBE_COLOUR,
    SURFACE_SCHEME,
)

HEIGHT = 400  # whole chart, title, legend and axes included (Streamlit fits the width)


def _series_scales(names: list[str]) -> tuple[alt.Scale, alt.Scale]:
    """Colour and dash scales for the activations present, in a fixed order."""
    names = [n for n in ACTIVATION_STYLE if n in names]
    colours = alt.Scale(domain=names, range=[ACTIVATION_STYLE[n][0] for n in names])
    dashes = alt.Scale(domain=names, range=[ACTIVATION_STYLE[n][1] for n in names])
    return colours, dashes


def _method_scales(methods: list[str]) -> tuple[alt.Scale, alt.Scale, alt.Scale]:
    """Colour, dash and shape scales keyed on the optimizers' readable labels."""
    methods = [m for m in METHOD_STYLE if m in methods]
    domain = [METHOD_LABELS[m] for m in methods]
    return (
        alt.Scale(domain=domain, range=[METHOD_STYLE[m][0] for m in methods]),
        alt.Scale(domain=domain, range=[METHOD_STYLE[m][1] for m in methods]),
        alt.Scale(domain=domain, range=[METHOD_STYLE[m][2] for m in methods]),
    )


def activation_panel(
    curves: pd.DataFrame,
    field: str,
    title: str,
    z_max: float,
    probe_z: float | None = None,
    probe_values: pd.DataFrame | None = None,
    saturation: float | None = None,
    y_domain: tuple[float, float] | None = None,
) -> alt.LayerChart:
    """One panel of Figure 2: `field` ("value" or "derivative") against z, one line per activation.

    With `probe_z`, a vertical rule and a point per activation mark the probe (from
    `probe_values`, columns activation and `field`). With `saturation`, the stretches where
    g'(z) < saturation are drawn thick and pale behind the lines, and on the derivative panel
    the band below the threshold is shaded. `y_domain` fixes the vertical range (lines that
    leave it are clipped), so bounded curves are not flattened by a linear one.
    """
    names = list(dict.fromkeys(curves["activation"]))
    colours, dashes = _series_scales(names)
    x = alt.X("z:Q", title="z (pre-activation)", scale=alt.Scale(domain=[-z_max, z_max]))
    y_title = "g(z)" if field == "value" else "g′(z)"
    y_scale = alt.Scale(domain=list(y_domain)) if y_domain else alt.Undefined
    y = alt.Y(f"{field}:Q", title=y_title, scale=y_scale)
    color = alt.Color(
        "activation:N",
        scale=colours,
        title="activation",
        legend=alt.Legend(
            orient="top",
            direction="horizontal",
            columns=2,  # four names in one row overflow a half-width panel
            title=None,
            symbolStrokeWidth=3,
            symbolSize=500,
        ),
    )
    tooltip = [
        alt.Tooltip("activation:N"),
        alt.Tooltip("z:Q", format=".2f"),
        alt.Tooltip("value:Q", title="g(z)", format=".3f"),
        alt.Tooltip("derivative:Q", title="g′(z)", format=".3f"),
    ]
    base = alt.Chart(curves)
    lines = base.mark_line(strokeWidth=2.5, clip=True).encode(
        x=x,
        y=y,
        color=color,
        strokeDash=alt.StrokeDash("activation:N", scale=dashes, title="activation"),
        tooltip=tooltip,
    )
    layers: list[alt.Chart] = []
    if saturation is not None:
        if field == "derivative":
            band = pd.DataFrame({"low": [0.0], "high": [saturation]})
            layers.append(
                alt.Chart(band)
                .mark_rect(color="#bbbbbb", opacity=0.35)
                .encode(
                    y=alt.Y("low:Q", scale=y_scale),
                    y2=alt.Y2("high:Q"),
                    tooltip=[alt.Tooltip("high:Q", title="saturated below g′ =")],
                )
            )
        layers.append(
            base.transform_filter("datum.saturated")
            .transform_calculate(series="datum.activation")
            .mark_line(strokeWidth=9, opacity=0.25, clip=True)
            .encode(
                x=x,
                y=y,
                stroke=alt.Stroke("series:N", scale=colours, legend=None),
                detail=alt.Detail("run:N"),
                tooltip=tooltip,
            )
        )
    layers.append(lines)
    if probe_z is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"z": [probe_z]}))
            .mark_rule(color=PROBE_COLOUR, strokeDash=[4, 4], strokeWidth=1.5, clip=True)
            .encode(x=x, tooltip=[alt.Tooltip("z:Q", title="probe z₀", format=".2f")])
        )
        if probe_values is not None and len(probe_values):
            layers.append(
                alt.Chart(probe_values)
                .transform_calculate(series="datum.activation")
                .mark_point(size=110, filled=True, stroke=PROBE_COLOUR, strokeWidth=1.5, clip=True)
                .encode(
                    x=x,
                    y=y,
                    fill=alt.Fill("series:N", scale=colours, legend=None),
                    tooltip=[
                        alt.Tooltip("activation:N"),
                        alt.Tooltip("z:Q", title="z₀", format=".2f"),
                        alt.Tooltip(f"{field}:Q", title=y_title, format=".4f"),
                    ],
                )
            )
    return alt.layer(*layers).properties(title=title, height=HEIGHT)


def error_curve_chart(
    curve: pd.DataFrame, paths: pd.DataFrame | None = None, w_max: float | None = None
) -> alt.LayerChart:
    """Figure 4: E(w1) for the one-weight network, with optional optimizer steps on the curve."""
    domain = [-w_max, w_max] if w_max is not None else alt.Undefined
    x = alt.X("w1:Q", title="w₁", scale=alt.Scale(domain=domain))
    y = alt.Y("error:Q", title="E(w₁)")
    layers: list[alt.Chart] = [
        alt.Chart(curve)
        .mark_line(color="#222222", strokeWidth=2.5, clip=True)
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("w1:Q", title="w₁", format=".2f"),
                alt.Tooltip("error:Q", title="E", format=".4f"),
            ],
        )
    ]
    if paths is not None and len(paths):
        colours, _, shapes = _method_scales(list(dict.fromkeys(paths["method"])))
        legend = alt.Legend(symbolSize=120)
        layers.append(
            alt.Chart(paths)
            .mark_point(size=80, filled=True, opacity=0.8, stroke="white", strokeWidth=0.8)
            .encode(
                x=x,
                y=y,
                color=alt.Color("optimizer:N", scale=colours, title="optimizer", legend=legend),
                shape=alt.Shape("optimizer:N", scale=shapes, title="optimizer", legend=legend),
                tooltip=_path_tooltip(("w1",)),
            )
            .transform_filter(_inside("w1", w_max))
        )
    return alt.layer(*layers).properties(height=HEIGHT, title="One weight: E(w₁)")


def error_heatmap(
    grid: pd.DataFrame,
    contours: pd.DataFrame,
    paths: pd.DataFrame | None,
    w_max: float,
    cell: float,
) -> alt.LayerChart:
    """Figure 5 from above: E(w1, w2) as a viridis heatmap with iso-error lines and paths.

    `cell` is the grid spacing; each cell is a rectangle centred on its (w1, w2).
    """
    half = cell / 2.0
    scale = alt.Scale(domain=[-w_max, w_max], nice=False, zero=False)
    axis = alt.Axis(grid=False)  # grid lines would cross-hatch the colours
    x = alt.X("w1:Q", title="w₁", scale=scale, axis=axis)
    y = alt.Y("w2:Q", title="w₂", scale=scale, axis=axis)
    heat = (
        alt.Chart(grid)
        .transform_calculate(  # cells overlap a little so no hairline seams show between them
            w1_lo=f"datum.w1 - {half * 1.15}",
            w1_hi=f"datum.w1 + {half * 1.15}",
            w2_lo=f"datum.w2 - {half * 1.15}",
            w2_hi=f"datum.w2 + {half * 1.15}",
        )
        .mark_rect(clip=True, opacity=1)
        .encode(
            x=alt.X("w1_lo:Q", title="w₁", scale=scale, axis=axis),
            x2=alt.X2("w1_hi:Q"),
            y=alt.Y("w2_lo:Q", title="w₂", scale=scale, axis=axis),
            y2=alt.Y2("w2_hi:Q"),
            fill=alt.Fill(
                "error:Q",
                title="E(w₁, w₂)",
                scale=alt.Scale(scheme=SURFACE_SCHEME),
                legend=alt.Legend(gradientLength=HEIGHT - 60),
            ),
            tooltip=[
                alt.Tooltip("w1:Q", title="w₁", format=".2f"),
                alt.Tooltip("w2:Q", title="w₂", format=".2f"),
                alt.Tooltip("error:Q", title="E", format=".4f"),
            ],
        )
    )
    layers: list[alt.Chart] = [heat]
    if len(contours):
        contour_tooltip = [alt.Tooltip("level:Q", title="iso-error E =", format=".3f")]
        for colour, width, opacity in (("white", 1.8, 0.5), ("#1a1a1a", 0.8, 0.7)):
            layers.append(
                alt.Chart(contours)
                .mark_line(color=colour, strokeWidth=width, opacity=opacity, clip=True)
                .encode(
                    x=x,
                    y=y,
                    detail=alt.Detail("line:N"),
                    order=alt.Order("order:Q"),
                    tooltip=contour_tooltip,
                )
            )
    if paths is not None and len(paths):
        layers.extend(_path_layers(paths, x, y))
    return alt.layer(*layers).properties(height=HEIGHT + 160, title="Two weights: E(w₁, w₂)")


def _path_layers(paths: pd.DataFrame, x: alt.X, y: alt.Y) -> list[alt.Chart]:
    """Optimizer paths: a white halo under a dashed coloured line, steps as points, start/end."""
    colours, dashes, _ = _method_scales(list(dict.fromkeys(paths["method"])))
    color = alt.Color("optimizer:N", scale=colours, title="optimizer")
    base = alt.Chart(paths).encode(x=x, y=y, order=alt.Order("step:Q"))
    halo = base.mark_line(color="white", strokeWidth=5.5, opacity=0.85, clip=True).encode(
        detail=alt.Detail("optimizer:N")
    )
    line = base.mark_line(strokeWidth=3, clip=True).encode(
        color=color,
        strokeDash=alt.StrokeDash("optimizer:N", scale=dashes, title="optimizer"),
    )
    stroke = alt.Stroke("series:N", scale=colours, legend=None)
    points = (
        base.transform_calculate(series="datum.optimizer")
        .mark_point(size=16, strokeWidth=2, clip=True)
        .encode(stroke=stroke, tooltip=_path_tooltip(("w1", "w2")))
    )
    start = (
        alt.Chart(paths)
        .transform_filter("datum.step == 0")
        .mark_point(size=260, shape="circle", filled=False, color="white", strokeWidth=3, clip=True)
        .encode(x=x, y=y, tooltip=[alt.Tooltip("step:Q", title="start (step)")])
    )
    end = (
        alt.Chart(paths)
        .transform_joinaggregate(last="max(step)", groupby=["optimizer"])
        .transform_filter("datum.step == datum.last")
        .transform_calculate(series="datum.optimizer")
        .mark_point(size=200, shape="diamond", filled=True, fill="white", strokeWidth=3, clip=True)
        .encode(x=x, y=y, stroke=stroke, tooltip=_path_tooltip(("w1", "w2")))
    )
    return [halo, line, points, start, end]


def error_per_step_chart(paths: pd.DataFrame) -> alt.Chart:
    """Each optimizer's error after every step: plateaus show up as flat stretches."""
    colours, dashes, _ = _method_scales(list(dict.fromkeys(paths["method"])))
    return (
        alt.Chart(paths)
        .mark_line(strokeWidth=2.5, point=alt.OverlayMarkDef(size=10, filled=True))
        .encode(
            x=alt.X("step:Q", title="step"),
            y=alt.Y("error:Q", title="E after the step"),
            color=alt.Color(
                "optimizer:N",
                scale=colours,
                title="optimizer",
                legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=3),
            ),
            strokeDash=alt.StrokeDash("optimizer:N", scale=dashes, title="optimizer"),
            tooltip=_path_tooltip(tuple(c for c in ("w1", "w2") if c in paths.columns)),
        )
        .properties(height=HEIGHT - 40, title="Error per step")
    )


def _path_tooltip(weights: tuple[str, ...]) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("optimizer:N"),
        alt.Tooltip("step:Q"),
        *(alt.Tooltip(f"{w}:Q", title=f"w{'₁₂'[int(w[1]) - 1]}", format=".3f") for w in weights),
        alt.Tooltip("error:Q", title="E", format=".4f"),
    ]


def _inside(column: str, w_max: float | None) -> str:
    if w_max is None:
        return "true"
    return f"abs(datum.{column}) <= {w_max}"
