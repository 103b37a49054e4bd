"""Pick a weight or a bias on a small picture of the network, above the weights table: a click
on an edge picks its weight, a click on a hidden or output unit its bias (an input picks
nothing), and the picked parameter shows as a number to edit (history_view merges the edit
into the table's). The picture is the one beside the page's charts (network_view.py), made
clickable.

Clicks come from Streamlit's own chart selections, as drawing.py's do: the chart's on_select
callback keeps the picked p, then gives the chart a new key, so that the next click (on the same
edge too) starts from an empty selection. The picture sits in the epoch scrubber's fragment,
where a click reruns only the fragment.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from ann_app.charts import training_frames, training_plots
from ann_app.content.history import MAX_EDIT
from ann_app.shell import ui
from ann_app.training.network_view import network_picture
from ann_core.run import Run


def key(page: str, part: str) -> str:
    """The session-state key of one part of `page`'s picker (picked, clicks, chart...)."""
    return f"{page}.picker.{part}"


def picker(
    page: str, run: Run, epoch: int, frame: pd.DataFrame, widget_key: str
) -> dict[int, float]:
    """The picture of `run`'s network after `epoch` and, once a parameter is picked, its value
    there (`frame`: `parameters_frame` at `epoch`) in a number input keyed from `widget_key` (a
    fresh one at each epoch of each history); the edit it holds (p: new value), or {}."""
    picked = st.session_state.get(key(page, "picked"))
    if picked is not None and not 0 <= picked < len(frame):
        picked = None  # picked on another network
    chart_key = key(page, f"chart.{st.session_state.get(key(page, 'clicks'), 0)}")
    ui.chart(
        network_picture(run, epoch, training_plots.PICK_HEIGHT, picked, pickable=True),
        key=chart_key,
        on_select=partial(apply_pick, page, chart_key, len(frame)),
    )
    if picked is None:
        st.caption("Click an edge to edit its weight, or a hidden or output unit for its bias.")
        return {}
    row = frame.iloc[picked]
    label, value = training_frames.parameter_label(row), float(row["value"])
    if not (np.isfinite(value) and abs(value) <= MAX_EDIT):
        st.caption(f"{label} is {value:.4g}: an edit sets a value within ±{MAX_EDIT:g}.")
        return {}
    new = st.number_input(
        label,
        min_value=-MAX_EDIT,
        max_value=MAX_EDIT,
        value=value,
        step=0.1,
        format="%.4f",
        # the value in the key: a new input, showing this value, whenever the value changes
        key=f"{widget_key}.pick.{picked}.{value!r}",
        help="Its value after this epoch; change it to see the network with it, untrained.",
    )
    return {picked: float(new)} if new != value else {}


def apply_pick(page: str, chart_key: str, n_parameters: int) -> None:
    """The chart's on_select callback: keep the picked parameter, then give the chart a new
    key (a keyed chart keeps its selection, and a second click on the same edge would not call
    this again). A click on an input or on nothing picks nothing and keeps the pick."""
    event = st.session_state.get(chart_key) or {}
    picked = training_frames.picked_of(event.get("selection") or {}, n_parameters)
    if picked is None:
        return
    st.session_state[key(page, "picked")] = picked
    st.session_state[key(page, "clicks")] = st.session_state.get(key(page, "clicks"), 0) + 1
