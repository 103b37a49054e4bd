"""Draw your data (Classification, as in ConvNetJS's demo): a click on the decision surface adds a
point of the chosen class, a click on a point removes it, and the network retrains on them,
exactly as on an uploaded CSV (the drawing becomes the same CSV bytes, drawn_points.to_csv).

The drawing lives in session state and in the link (`pts=`, see drawn_points.py and state.py),
so a teacher can share it. Clicks come from Streamlit's own chart selections (no custom
component): the chart's `on_select` callback applies a click once, then gives the chart a new
key so that the next click starts from an empty selection. The trained surface sits in the epoch
scrubber's fragment, where a click reruns only the fragment: `surface` then reruns the whole
page, which retrains on the new drawing.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import partial
from typing import NoReturn

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ann_app import cached
from ann_app.charts import training_frames, training_plots
from ann_app.content.drawn_points import (
    CLASSES,
    MAX_LINK_POINTS,
    SQUARE,
    DrawnPoint,
    after_click,
    count,
    not_trainable,
    to_csv,
)
from ann_app.content.labels import CLASS_COLOURS
from ann_app.shell import presenter, ui
from ann_app.training import surface_row
from ann_app.training.scrubber import epoch_scrubber

# Room left beside the instruction for Streamlit's toolbar, which shows over the top right
# corner of the space above a chart (four 28 px buttons): the instruction is never under it.
TOOLBAR_PX = 120


@dataclass(frozen=True)
class Drawing:
    """This run's drawing: whether drawing is on, and the points."""

    on: bool
    points: tuple[DrawnPoint, ...]

    @property
    def link_points(self) -> tuple[DrawnPoint, ...] | None:
        """The points as the page's state holds them: None when drawing is off."""
        return self.points if self.on else None

    @property
    def csv(self) -> bytes | None:
        """The CSV to train on: the drawing's, when it is on and the network can train on it."""
        if self.on and not_trainable(self.points) is None:
            return to_csv(self.points)
        return None


def key(page: str, part: str) -> str:
    """The session-state key of one part of `page`'s drawing (on, points, class, clear...)."""
    return f"{page}.drawing.{part}"


def load(page: str, points: tuple[DrawnPoint, ...] | None) -> None:
    """Put a link's drawing into the session: its points, drawing on; None turns it off."""
    st.session_state[key(page, "on")] = points is not None
    if points is not None:
        st.session_state[key(page, "points")] = points


def current(page: str) -> Drawing:
    """The drawing for this run, from the session."""
    points = tuple(st.session_state.get(key(page, "points"), ()))
    st.session_state[key(page, "trained")] = points  # what this run trains on (see `surface`)
    return Drawing(bool(st.session_state.get(key(page, "on"), False)), points)


def switch(page: str) -> bool:
    """The switch that turns drawing on (in the "Your own data" expander); whether it is on."""
    on = st.toggle(
        "Draw your own points on the decision surface",
        key=key(page, "on"),
        help="Click the square to add points of either class; the network retrains on them.",
        persist_state="session",
    )
    if on:
        st.caption(
            "The page trains on the points you draw (the file upload and the data-set "
            "controls are not used). The link carries your drawing, up to "
            f"{MAX_LINK_POINTS} points."
        )
    return on


def canvas(page: str, drawn: Drawing, where: DeltaGenerator) -> NoReturn:
    """The blank square to draw on, and why the network cannot train yet; stops the page.

    It is drawn where the trained surface will be, so that the surface replaces it without
    moving the page: in `where` (the page's main view), under the epoch scrubber (waiting for a
    network), in the surface's column (surface_row), as high and with the same legends."""
    with where:
        epoch_scrubber(
            page, "blank", 0, partial(_blank, page, drawn), _no_link, partial(_why_not_yet, drawn)
        )
    st.stop()


def _why_not_yet(drawn: Drawing, epoch: int) -> None:
    """In the finding line's place: why the network cannot train on the drawing yet."""
    st.markdown(f"✏️ {not_trainable(drawn.points)}")


def _no_link(epoch: int | None) -> None:
    """The scrubber's publish: nothing, the page wrote its link before drawing the square."""


def _blank(page: str, drawn: Drawing, epoch: int) -> bool:
    """The blank square in the surface's column, where the loss and accuracy will be a note
    (nothing to play: False)."""
    left, right, *_ = surface_row.columns(st.container())
    points = cached.grid_points(cached.GRID, SQUARE)
    cells = training_frames.cells_frame(points, np.zeros(len(points)))
    chart = training_plots.blank_surface_chart(
        cells, _frame(drawn.points), SQUARE, surface_row.surface_height()
    )
    with left:
        surface(page, chart)
    right.caption("The loss and the accuracy show here once the network trains.")
    return False


def _frame(points: tuple[DrawnPoint, ...]) -> pd.DataFrame:
    """The drawn points as the surface chart's points frame."""
    X = np.array([(p.x1, p.x2) for p in points], dtype=float).reshape(-1, 2)
    return training_frames.class_points_frame(X, np.array([p.label for p in points]))


def surface(page: str, figure: alt.TopLevelMixin) -> None:
    """The class to add, Clear, the CSV download, and `figure` (a selectable surface chart),
    whose clicks change the drawing. Reruns the page when the drawing changed since it ran."""
    points = tuple(st.session_state.get(key(page, "points"), ()))
    if points != st.session_state.get(key(page, "trained")):  # a click or Clear in the fragment
        st.rerun(scope="app")
    st.session_state.setdefault(key(page, "class"), CLASSES[0])
    choose, clear, save = st.columns([3, 2, 3], vertical_alignment="bottom")
    label = choose.segmented_control(
        "A click adds a point of",
        CLASSES,
        format_func=lambda c: f"class {c}",
        required=True,
        key=key(page, "class"),
        persist_state="session",
    )
    clear.button("Clear", key=key(page, "clear"), on_click=_clear, args=(page,), width="stretch")
    save.download_button(
        "Download CSV",
        to_csv(points),
        file_name="gentle-ann-drawing.csv",
        mime="text/csv",
        key=key(page, "download"),
        on_click="ignore",
        help="Your points as the upload's CSV: upload it again, or edit it.",
        width="stretch",
    )
    _instruction(page, label)
    chart_key = key(page, f"chart.{st.session_state.get(key(page, 'clicks'), 0)}")
    # A new key a click (see apply_click) draws the chart anew; a box of its height keeps its
    # place meanwhile, else the page shrank and the browser scrolled it to the top (presenter)
    with st.container(height=surface_row.surface_height(), border=False):
        ui.chart(figure, key=chart_key, on_select=partial(apply_click, page, chart_key))
    counts = [sum(p.label == c for p in points) for c in CLASSES]
    st.caption(f"{count(len(points))}: {counts[0]} of class 0, {counts[1]} of class 1.")
    if len(points) > MAX_LINK_POINTS:
        st.info(
            f"Your drawing has {len(points)} points, too many for a link (at most "
            f"{MAX_LINK_POINTS}): the page's link no longer carries it. Download the CSV to "
            "keep or share all of them.",
            icon="🔗",
        )


def _instruction(page: str, label: int) -> None:
    """What a click does, beside a space left for the chart's toolbar (TOOLBAR_PX), which
    shows above the chart's top right corner when the pointer is over the chart."""
    colour, name = html.escape(CLASS_COLOURS[label]), html.escape(str(label))
    row = st.container(horizontal=True, wrap=False, key=key(page, "instruction"))
    row.markdown(
        f'Click the square to add a <span style="color:{colour}">⬤</span> '
        f"**class {name}** point; click a point to remove it.",
        unsafe_allow_html=True,
        width="stretch",
    )
    row.space(presenter.scaled(TOOLBAR_PX))


def apply_click(page: str, chart_key: str) -> None:
    """The chart's on_select callback: apply the click once, then give the chart a new key
    (a keyed chart keeps its selection, and a second click on the same cell would not call
    this again)."""
    event = st.session_state.get(chart_key) or {}
    selection = event.get("selection") or {}
    if not any(selection.values()):
        return
    points = tuple(st.session_state.get(key(page, "points"), ()))
    label = st.session_state.get(key(page, "class"), CLASSES[0])
    st.session_state[key(page, "points")] = after_click(points, selection, label)
    st.session_state[key(page, "clicks")] = st.session_state.get(key(page, "clicks"), 0) + 1


def _clear(page: str) -> None:
    st.session_state[key(page, "points")] = ()
