"""Classification (Figures 7 to 12): a network learns AND, OR, XOR and the ring, epoch by epoch."""

import pandas as pd
import streamlit as st

from ann_app import cached
from ann_app.charts import diagrams, training_frames, training_plots
from ann_app.content.training_tables import CLASSIFICATION_PRESETS, CLASSIFICATION_SETTINGS
from ann_app.shell import ui
from ann_app.training import exports
from ann_app.training.landscape import landscape_section
from ann_app.training.page import findings, setup
from ann_app.training.scrubber import epoch_scrubber
from ann_core.datasets import LOGIC_TABLES
from ann_core.formatting import number

PAGE = "classification"

st.title("Classification")
st.markdown(
    "A network with sigmoid units learns to tell two classes of points apart. Pick a data set "
    "and a network in the sidebar, or start from one of the post's figures; then scrub through "
    "the epochs, or press Play, to watch the decision surface form."
)
lab = setup("classification", PAGE, CLASSIFICATION_SETTINGS, CLASSIFICATION_PRESETS)
values, config, csv, run = lab.values, lab.config, lab.csv, lab.run

if csv is None and values.data in LOGIC_TABLES:
    inputs, classes = LOGIC_TABLES[values.data]
    with st.expander(f"The {values.data} truth table (Figure 7)", expanded=False):
        st.dataframe(
            pd.DataFrame({"x₁": inputs[:, 0], "x₂": inputs[:, 1], "class": classes.astype(int)}),
            hide_index=True,
        )
        st.caption(
            f"The network trains on {values.n} noisy copies of each row (noise σ = "
            f"{values.noise:g}), shuffled."
        )

findings(run)
points = training_frames.points_frame(run)
losses = training_frames.loss_frame(run)
accuracy = training_frames.accuracy_frame(run)
square = cached.classifier_square(config, csv)  # once per page run, not per scrubbed epoch


def draw(epoch: int) -> None:
    """Every chart that depends on the selected epoch."""
    left, right = st.columns([3, 2], gap="large")
    with left:
        surface = cached.surface(config, csv, epoch)
        cells = training_frames.cells_frame(surface.points, surface.outputs)
        ui.chart(training_plots.surface_chart(cells, points, square, values.discrete))
    with right:
        ui.chart(training_plots.metric_chart(losses, "loss", epoch, "Loss", "loss per sample"))
        ui.chart(training_plots.metric_chart(accuracy, "accuracy", epoch, "Accuracy", "accuracy"))
        st.caption(
            f"After epoch {epoch}: training accuracy {run.accuracy[epoch]:.1%}"
            + (f", summed training loss {number(run.loss[epoch - 1], 2)}." if epoch else ".")
        )
    units, network = st.columns([3, 2], gap="large")
    with units:
        st.subheader("What each hidden unit responds to")
        maps = cached.unit_maps(config, csv, epoch)
        if maps is None:
            st.info("No hidden layer: the output unit alone draws one straight boundary.")
        else:
            low, high = training_plots.unit_colour_domain(config.hidden_activation, maps.outputs)
            frame = training_frames.unit_cells_frame(maps.points, maps.outputs)
            ui.chart(training_plots.unit_maps_chart(frame, low, high))
    with network:
        st.subheader("The network")
        st.graphviz_chart(
            diagrams.network_dot(run.sizes, run.parameters(epoch), config.activations)
        )
        st.caption("Blue solid edges are positive weights, red dashed ones negative; width = size.")


st.subheader("Training, epoch by epoch")
epoch_scrubber(PAGE, run.epochs, draw)

landscape_section(PAGE, config, csv, run, values)

st.header("Restarts: does it always learn?")
st.markdown(
    f"Train the same settings from {values.restarts} seeds ({config.seed} to "
    f"{config.seed + values.restarts - 1}): different starting weights and noise. Set the "
    "number in the sidebar."
)
if csv is not None:
    st.info("Restarts use the built-in data sets; remove your file to try them.")
elif st.toggle("Run the restarts", key=f"{PAGE}.restarts_on"):
    result = cached.restart_runs(config, values.restarts)
    frame = training_frames.restarts_frame(result, len(run.y))
    learned = int(frame["learned"].sum())
    st.markdown(
        f"**{learned} of {len(frame)} runs learned it** (training accuracy of at least "
        f"{training_frames.LEARNED:.0%}); {int(frame['diverged'].sum())} diverged."
    )
    ui.chart(training_plots.restarts_chart(frame))

st.header("Export")
exports.export_buttons(config, csv, PAGE)
