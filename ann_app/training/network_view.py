"""The trained network at an epoch, drawn for a training page: each edge coloured by its weight's
sign and sized by its size, the input units named by the run's features.

The same Altair picture as the weight picker's (weight_picker.py), without its clicks: Vega draws
it, which the page loads for its other charts anyway, rather than Graphviz (another 0.8 MB of
code on a first visit, and a layout in the browser on every epoch scrubbed).
"""

from __future__ import annotations

import altair as alt
import streamlit as st

from ann_app.charts import training_frames, training_plots
from ann_app.shell import presenter, ui
from ann_app.training import unit_hover
from ann_core.features import feature_labels
from ann_core.run import Run

#: The section that holds the picture of the network.
NETWORK_HEADING = "The network"


def network_diagram(run: Run, epoch: int, square: tuple[float, float] | None = None) -> None:
    """The picture of `run`'s network after `epoch` epochs, and how to read it; with the
    `square` of a run over two inputs, the hidden unit under the pointer is drawn in the main
    chart (unit_hover.py)."""
    hoverable = square is not None and len(run.sizes) > 2
    picture = network_picture(run, epoch, training_plots.NETWORK_HEIGHT, hoverable=hoverable)
    ui.chart(picture)
    if hoverable:
        unit_hover.offer("network", unit_hover.layer_texts(run, epoch, square))
    hidden, output = run.activations[:-1], run.activations[-1]
    layers = f"hidden units {', '.join(dict.fromkeys(hidden))}; " if hidden else ""
    st.caption(
        "Blue solid edges are positive weights, red dashed ones negative; width = size. A unit's "
        f"ring has its bias's sign (hover for the values). Activations: {layers}output {output}."
    )


def network_picture(
    run: Run,
    epoch: int,
    height: int,
    picked: int | None = None,
    pickable: bool = False,
    hoverable: bool = False,
) -> alt.LayerChart:
    """`run`'s network after `epoch` as `training_plots.network_chart` draws it, `height` px
    high (scaled in the presenter view); `picked` (a p) has its halo when `pickable`; the unit
    under the pointer is selected when `hoverable`."""
    edges, units = training_frames.network_frames(
        run.sizes, feature_labels(run.config.features), run.history[epoch], picked
    )
    return training_plots.network_chart(
        edges,
        units,
        presenter.scaled(height),
        presenter.scaled(training_plots.PICK_FONT),
        pickable=pickable,
        hoverable=hoverable,
    )
