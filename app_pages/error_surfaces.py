"""Error Surfaces (Figures 4 and 5): the landscapes of two tiny networks and paths across them."""

from dataclasses import replace

import streamlit as st

from ann_app import cached
from ann_app.charts import diagrams, frames, plots
from ann_app.content import formulas, surface_text
from ann_app.content.labels import METHOD_LABELS
from ann_app.content.tables import SURFACE_SETTINGS
from ann_app.settings.widgets import render_settings, warn_ignored
from ann_app.shell import ui
from ann_core import divergence, surfaces
from ann_core.formatting import column_format, number
from ann_core.surfaces import VALLEY_SHARE

st.title("Error surfaces")
st.markdown(
    "Training means finding weights with a small error. Picture every setting of the weights "
    "as a point on a map and the error as the height of the ground there: learning is a walk "
    "downhill. The post's two tiny networks learn to map the input a₀ to the target t, with no "
    "biases."
)
values, ignored = render_settings(SURFACE_SETTINGS, page="error_surfaces")
warn_ignored(ignored)
task = cached.SurfaceTask(a0=values.a0, target=values.t, activation=values.g)
descent = cached.Descent(
    methods=values.opt,
    start=(values.w1s, values.w2s),
    learning_rate=values.lr,
    steps=values.steps,
    momentum=values.momentum,
)
paths_1d = cached.descent_paths(task, replace(descent, start=(values.w1s,)))
paths_2d = cached.descent_paths(task, descent)

st.header("One weight (Figure 4)")
picture, plot = st.columns([1, 2], gap="large")
curve = cached.one_weight_curve(task, values.wmax, values.res)
with picture:
    st.graphviz_chart(diagrams.chain_dot(1, values.g))
    st.latex(formulas.ONE_WEIGHT)
    # said of the curve drawn beside it, with its settings (not the post's sigmoid, t = 1)
    st.markdown(
        surface_text.one_weight_sentence(
            task.activation, task.target, task.a0, curve["w1"], curve["error"]
        )
    )
with plot:
    ui.chart(plots.error_curve_chart(curve, frames.paths_frame(paths_1d), values.wmax))

st.header("Two weights (Figure 5)")
picture, plot = st.columns([1, 2], gap="large")
surface = cached.two_weight_surface(task, values.wmax, values.res)
paths = frames.paths_frame(paths_2d)
with picture:
    st.graphviz_chart(diagrams.chain_dot(2, values.g))
    st.latex(formulas.TWO_WEIGHTS)
    st.markdown(  # said of the surface beside it (a sigmoid's plateau is not tanh's)
        surface_text.two_weight_sentence(task.activation, task.target, task.a0, surface.grid)
    )
with plot:
    flat, solid = st.tabs(["Map with iso-error lines", "3-D surface"])
    with flat:
        ui.chart(
            plots.error_heatmap(
                surface.cells, surface.contours, paths, values.wmax, surface.cell_size
            )
        )
        st.caption(
            "Colour is the error (viridis: dark = low, yellow = high); the thin lines join "
            "points of equal error. Each path starts at the white ring and ends at its diamond."
        )
    with solid:
        ui.inline_image(
            cached.surface_png(task, values.wmax, values.res, descent),
            alt="The error as a 3-D surface over the two weights, with the descent paths",
        )

st.header("Walking downhill")
if not values.opt:
    st.info("Pick at least one optimizer in the sidebar to draw its path.", icon="👈")
else:
    outside = paths[(paths["w1"].abs() > values.wmax) | (paths["w2"].abs() > values.wmax)]
    for path in paths_2d:
        if path.diverged:
            st.error(
                f"**{METHOD_LABELS[path.method]} diverged** after "
                f"{len(path.error) - 1} steps: {divergence.STEP_RULE_IN_WORDS}. Lower the "
                "learning rate η (or the momentum μ) and it settles again.",
                icon="💥",
            )
    if len(outside):
        st.caption(
            "Some steps leave the plotted window (they are clipped); widen the weight range "
            "to see them."
        )
    # one above the other: beside the chart, the table's last columns are cut off
    progress, summary = st.container(), st.container()
    with progress:
        ui.chart(plots.error_per_step_chart(paths))
    with summary:
        start = number(paths_2d[0].error[0], 3)
        st.markdown(f"**Where each path ended** (all start at E = {start})")
        table = frames.path_summary(paths_2d)
        st.dataframe(
            table,
            hide_index=True,
            column_config={
                **{
                    c: st.column_config.NumberColumn(format=column_format(table[c], 3))
                    for c in ("w1", "w2", "E")
                },
                "steps to valley": st.column_config.NumberColumn(
                    help=f"The first step whose error is below {VALLEY_SHARE:.0%} of its start "
                    "(empty: not reached)."
                ),
                "overshoot": st.column_config.NumberColumn(
                    format=column_format(table["overshoot"], 3),
                    help="The largest rise of the error from one step to the next: the step "
                    "jumped past the low ground (0: it never rose).",
                ),
            },
        )
    for column, method in zip(st.columns(len(values.opt)), values.opt, strict=True):
        with column:
            st.markdown(f"**{METHOD_LABELS[method]}**")
            st.latex(formulas.UPDATE_RULES[method])
    st.caption(
        "η is the learning rate and μ the momentum; Adam's m̂ and v̂ are running averages of "
        "the gradient and of its square."
    )

st.markdown(
    "**Why plateaus stall plain gradient descent.** Each step is the learning rate times the "
    "slope. On a plateau the slope is tiny, so the steps are tiny too, and hundreds of them "
    "barely move the weights (the flat stretch in *Error per step*). **Momentum** keeps a "
    "running velocity: every small push adds to it, so the steps grow until the walker rolls "
    "off the plateau, sometimes overshooting on the way. **Adam** divides each step by the "
    "typical size of recent gradients, so even a whisper of a slope gives a step of about η."
)
ui.show_code(surfaces.two_weight_error, surfaces.error_gradient, surfaces.descent_path)
