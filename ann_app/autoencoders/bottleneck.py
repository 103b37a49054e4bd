"""The Autoencoders page's bottleneck: points squeezed through a narrow code, epoch by epoch.

Under the epoch slider, Step and Play (training/scrubber.py, as on the training pages), the
points and their reconstructions over the code's colour, beside the reconstruction error; both
charts carry every frame (cached.bottleneck) and follow the slider and Play in the browser. The
finding below says what the trained autoencoder did, in numbers (content/autoencoder_text.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import streamlit as st

from ann_app import cached
from ann_app.charts import autoencoder_frames, autoencoder_plots, training_plots
from ann_app.charts.training_plots import Animation
from ann_app.content.autoencoder_text import bottleneck_finding, error_line
from ann_app.settings.setting import Setting
from ann_app.settings.widgets import widget_key
from ann_app.shell import presenter, ui
from ann_app.training.page import thinned_note
from ann_app.training.scrubber import epoch_scrubber
from ann_core.autoencoder import AutoencoderConfig


def example_buttons(page: str, settings: Sequence[Setting], examples: Mapping[str, Any]) -> None:
    """One button per example (label -> setting values), in a row: a click sets those settings'
    widgets (the others keep theirs) before the page runs again."""
    by_name = {s.name: s for s in settings}
    for column, (label, values) in zip(st.columns(len(examples)), examples.items(), strict=True):
        column.button(
            label,
            key=f"{page}.example.{label}",
            on_click=_set,
            args=(page, [(by_name[name], value) for name, value in values.items()]),
            width="stretch",
        )


def _set(page: str, values: list[tuple[Setting, Any]]) -> None:
    for setting, value in values:
        st.session_state[widget_key(page, setting)] = value


def column_widths() -> list[int]:
    """The chart row's columns, the points' then the error's: about as wide as the points'
    chart is high, so that its plot stays about square (on a projector the charts are 1.5 times
    as high, the screen not as much wider)."""
    return [2, 3] if presenter.is_on() else [1, 1]


def section(
    page: str,
    values: Any,
    data: cached.AutoencoderData,
    config: AutoencoderConfig,
    publish: Callable[[int | None], None],
) -> None:
    """The scrubber with the bottleneck's charts, then what the run of `config` (from the
    settings' `values`) on `data` did; `publish(epoch)` writes the page's link (the scrubber
    calls it with the epoch shown)."""
    run = cached.autoencoder_run(data, config)
    shown = cached.bottleneck(data, config)
    play = Animation(run.epochs, shown.stride)
    cells = autoencoder_frames.code_cells_frame(shown.grid, shown.codes, shown.epochs)
    points = autoencoder_frames.points_frame(run.X, shown.reconstructions, shown.epochs)
    curve = None
    if shown.curves is not None:
        curve = autoencoder_frames.curve_frame(shown.curves, shown.epochs)
    axis = autoencoder_frames.axis_frame(run.X)
    errors = autoencoder_frames.error_frame(shown.errors)
    finite = shown.codes[np.isfinite(shown.codes)]
    domain = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    height = presenter.scaled(training_plots.HEIGHT)

    def headline(epoch: int) -> None:
        st.markdown(error_line(epoch, shown.errors[epoch], shown.line_error))

    def draw(epoch: int) -> bool:
        left, right = st.columns(column_widths(), gap="large")
        with left:
            ui.chart(
                autoencoder_plots.bottleneck_chart(
                    cells, points, curve, axis, shown.square, domain, play, height
                )
            )
            thinned_note(play)
        with right:
            ui.chart(autoencoder_plots.error_chart(errors, epoch, shown.line_error, play, height))
            st.caption(
                "Rings: the points; dots: their reconstructions, joined to them by grey "
                "segments; colour: the code each place of the plane gets"
                + (" (its first unit)" if values.code > 1 else "")
                + "; dashed: the best straight line."
            )
        return True

    epoch_scrubber(page, f"{page}-{hash((data, config)):x}", run.epochs, draw, publish, headline)
    if run.diverged_at is not None:
        st.error(
            f"Training diverged in epoch {run.diverged_at}: lower the learning rate.", icon="💥"
        )
    st.markdown(
        bottleneck_finding(
            values.units,
            values.hidden,
            values.code,
            run.epochs,
            float(shown.errors[-1]),
            shown.line_error,
            shown.angle,
        )
    )
