"""The training pages' section on the loss landscape around the trained network: the plane
through its weights along two random directions as a map, with the training path's shadow on
it, and the loss on the straight line from the initial weights (`ann_core.landscape`).

Measured only when shown, and for one epoch at a time: the section is a fragment of its own,
outside the scrubber's, so moving the scrubber never waits for a plane. It reads the
scrubber's epoch when it is drawn (a page run, or its Redraw button), and measures the plane
on the finest grid, up to the student's choice, that fits SLICE_BUDGET.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st

from ann_app import cached
from ann_app.charts import landscape_frames, landscape_plots
from ann_app.content.training_tables import LANDSCAPE_SETTINGS
from ann_app.settings.widgets import widget_key
from ann_app.shell import ui
from ann_app.training.scrubber import epoch_key
from ann_core import TrainingConfig
from ann_core.continuation import Stage
from ann_core.formatting import number
from ann_core.landscape import fitting_resolution, shadow_share
from ann_core.run import Run

TITLE = "The loss landscape around the trained network"
#: Multiply-adds a plane may cost (landscape.evaluation_cost per grid point). Measured on the
#: 2-core test machine at 3 to 15 ns each: the post's networks at 51 x 51 take 0.1 to 0.15 s;
#: four layers of 16 units on the ring's 1,800 rows take 4 s at 41 x 41, so they get 9 x 9
#: (0.3 s). With the path's dots and the line the section stays under about a second.
SLICE_BUDGET = 1.5e8
SHOW, _, REACH, _ = LANDSCAPE_SETTINGS

INTRO = (
    "A network's loss depends on all its weights at once, far too many to draw. So look at a "
    "slice of it, as Li et al. (2018) do: the plane through the network's weights θ along two "
    "random directions d₁ and d₂. Each point (α, β) of the map is the loss of the weights "
    "θ + α d₁ + β d₂; the cross in the middle is the network itself."
)
HOW_TO_READ = """\
- **Scaled to the weights.** A random direction means nothing until it has the network's
  scale: each unit's incoming weights in d₁ and d₂ are rescaled to the length of that unit's
  incoming weights in θ, and the biases stay put. So α = 1 moves every unit's weights by as
  much as their own size.
- **Bowl, plateau, walls.** Low ground all around the cross is a **bowl**: the network sits in
  a minimum of this plane, and every step away from it goes uphill. One colour everywhere is a
  **plateau**: the slope is almost zero, so gradient descent crawls, or stops. Colours crowding
  together are **walls**: there a large step throws the network far uphill.
- **The path is a shadow.** Each epoch's weights are projected onto the plane (its nearest
  point). The plane holds only two of the network's {n} directions, so the shadow is shorter
  than the real path, and the colour under it is not the loss the network had then: point at
  a dot to see both.
- **The line** (Goodfellow et al., 2015) needs no random direction: it is the straight way from
  the initial weights θ₀ (α = 0) to this epoch's (α = 1), continued on both sides. If it falls
  all the way, training could have walked straight downhill; a hump on it is a ridge that
  training went around.
"""


def landscape_section(
    page: str,
    config: TrainingConfig,
    csv: bytes | None,
    run: Run,
    values: Any,
    stages: tuple[Stage, ...] = (),
) -> None:
    """The section: its heading and introduction, then the landscape when it is shown (the
    page's `landscape` setting), or a button that shows it, or why there is none."""
    st.header(TITLE)
    st.markdown(INTRO)
    if run.diverged_at is not None:
        st.info(
            f"No landscape for this run: training diverged in epoch {run.diverged_at} (see "
            "above), so there is no trained network to look around. Lower the learning rate "
            "η and it comes back.",
            icon="🗺️",
        )
        return
    if not values.landscape:
        st.button(
            "Show the loss landscape",
            key=f"{page}.landscape.show",
            on_click=_show,
            args=(page,),
            icon="🗺️",
        )
        st.caption(
            "It is measured at the epoch the scrubber is on, when you ask, so scrubbing stays "
            "fast. Its controls (and a switch to hide it) are in the sidebar, under View."
        )
        return
    _landscape(page, config, csv, run, values, stages)


def _show(page: str) -> None:
    """Turn the page's `landscape` setting on (an on_click callback: before the widgets)."""
    st.session_state[widget_key(page, SHOW)] = True


def scrubber_epoch(page: str, run: Run) -> int:
    """The epoch the page's scrubber is on (the last, before it has drawn)."""
    return min(max(int(st.session_state.get(epoch_key(page), run.epochs)), 0), run.epochs)


@st.fragment
def _landscape(
    page: str,
    config: TrainingConfig,
    csv: bytes | None,
    run: Run,
    values: Any,
    stages: tuple[Stage, ...],
):
    """The map, the line and how to read them, at the scrubber's epoch (`run` is the page's
    run, the config's continued by `stages`)."""
    epoch = scrubber_epoch(page, run)
    heading, redraw = st.columns([3, 2], vertical_alignment="bottom")
    heading.subheader(f"At epoch {epoch}")
    redraw.button(
        "↻ Redraw at the scrubber's epoch",
        key=f"{page}.landscape.redraw",
        help="The landscape is measured for one epoch at a time: after moving the scrubber, "
        "press this to measure it there.",
        width="stretch",
    )
    finest = int(values.grid)
    resolution = fitting_resolution(run, finest, SLICE_BUDGET)
    measured = cached.loss_landscape(
        config, csv, epoch, values.plane_seed, values.reach, resolution, stages
    )
    plane, path, rows = measured.plane, measured.path, len(run.y)
    scale = landscape_frames.colour_scale(plane.loss / rows)
    chart = landscape_plots.landscape_map(
        landscape_frames.landscape_cells_frame(plane, rows),
        landscape_frames.contours_frame(plane, rows, scale),
        path,
        scale,
        values.reach,
        float(plane.alphas[1] - plane.alphas[0]),
    )
    left, right = st.columns([3, 2], gap="large")
    with left:
        ui.chart(chart)
        st.caption(_map_caption(run, plane, path, scale, values.reach, finest))
    with right:
        if epoch == 0:
            st.info(
                "At epoch 0 the network is still its initial weights θ₀, so the line from the "
                "start to here is a single point: move the scrubber on and press Redraw.",
                icon="📏",
            )
        else:
            line = landscape_frames.line_frame(cached.loss_line(config, csv, epoch, stages), rows)
            ui.chart(landscape_plots.line_chart(line, epoch))
            st.caption(_line_caption(line, epoch))
        st.markdown(HOW_TO_READ.format(n=run.history.shape[1]))


def _map_caption(run, plane, path, scale, reach: float, finest: int) -> str:
    """What the map measured, in numbers: the loss here and across the plane, how much of the
    way the shadow keeps, and anything the window or the grid leaves out."""
    rows = len(run.y)
    loss = plane.loss / rows
    here = loss[len(plane.betas) // 2, len(plane.alphas) // 2]
    finite = loss[np.isfinite(loss)]
    parts = [
        f"Loss per sample at the cross: {number(here, 4)}; across this plane it runs from "
        f"{number(finite.min(), 4)} to {number(finite.max(), 4)}"
        + (" (colours on a log scale)." if scale.log else ".")
    ]
    share = shadow_share(run, plane)
    if share is not None:
        parts.append(f"The shadow keeps {share:.0%} of the way from the start to here.")
    need = landscape_frames.window_reach(path)
    if need > REACH.max:
        parts.append(
            f"Part of the path lies outside this window: it needs a reach of {number(need, 2)}, "
            f"more than the largest ({REACH.max:g}), as the weights moved by many times their "
            "present size on the way."
        )
    elif need > reach:
        parts.append(
            f"Part of the path lies outside this window (it needs a reach of {number(need, 2)}): "
            "raise the reach r in the sidebar to see all of it."
        )
    resolution = len(plane.alphas)
    if resolution < finest:
        parts.append(
            f"Measured on a {resolution} × {resolution} grid instead of {finest} × {finest}: "
            f"this network on its {rows} rows would take too long."
        )
    if finite.size < loss.size:
        parts.append(f"{loss.size - finite.size} points have no finite loss and are left blank.")
    return " ".join(parts)


def _line_caption(line, epoch: int) -> str:
    """The loss at the start, at this epoch, and the highest on the way between them."""
    start = line.loc[line["alpha"] == 0.0, "loss"].item()
    here = line.loc[line["alpha"] == 1.0, "loss"].item()
    between = line[(line["alpha"] >= 0.0) & (line["alpha"] <= 1.0)]
    peak = between.loc[between["loss"].idxmax()]
    return (
        f"Loss per sample at the start: {number(start, 4)}; after epoch {epoch}: "
        f"{number(here, 4)}; highest on the way: {number(peak['loss'], 4)} (at α = "
        f"{peak['alpha']:.2f})."
    )
