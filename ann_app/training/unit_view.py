"""What each hidden unit responds to, drawn for a training page over two inputs: a small map of
each first-hidden-layer unit's activation over the input square, at the scrubbed epoch. The
Classification page's, and the Regression page's for PLANE and GAUSS: a tanh unit is a straight
step across the square, and the output adds such steps up into a boundary or a surface."""

from __future__ import annotations

import streamlit as st

from ann_app import cached
from ann_app.charts import training_frames, training_plots
from ann_app.shell import ui
from ann_app.training import unit_hover
from ann_core import TrainingConfig
from ann_core.continuation import Stage

HEADING = "What each hidden unit responds to"


def unit_maps(
    config: TrainingConfig, csv: bytes | None, stages: tuple[Stage, ...], epoch: int
) -> None:
    """Each first-hidden-layer unit's map after `epoch` (of the run continued by `stages`),
    the one under the pointer drawn in the main chart (unit_hover.py); without a hidden layer,
    a line saying what the output unit alone draws."""
    maps = cached.unit_maps(config, csv, epoch, stages=stages)
    if maps is None:
        st.info(
            "No hidden layer: the output unit alone draws one boundary, a straight one in "
            "its inputs (with x₁ and x₂ alone, a straight line across the square)."
        )
        return
    low, high = training_plots.unit_colour_domain(config.hidden_activation, maps.outputs)
    frame = training_frames.unit_cells_frame(maps.points, maps.outputs)
    ui.chart(training_plots.unit_maps_chart(frame, low, high, hoverable=True))
    names = list(dict.fromkeys(frame["unit"]))
    unit_hover.offer("maps", unit_hover.unit_texts(names, maps.outputs, low, high))
