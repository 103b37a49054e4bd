"""Classification (Figures 7 to 12): a network learns AND, OR, XOR and the ring, epoch by epoch."""

import streamlit as st

from ann_app import cached
from ann_app.charts import training_frames, training_plots
from ann_app.content.training_tables import CLASSIFICATION_PRESETS, CLASSIFICATION_SETTINGS
from ann_app.shell import presenter, ui
from ann_app.training import (
    captions,
    drawing,
    exports,
    feature_view,
    history_view,
    pin,
    play_frames,
    surface_row,
    unit_view,
)
from ann_app.training.landscape import landscape_section
from ann_app.training.network_view import NETWORK_HEADING, network_diagram
from ann_app.training.page import findings, loss_panel, setup, thinned_note
from ann_app.training.scrubber import epoch_scrubber
from ann_core.datasets import LOGIC_TABLES
from ann_core.diagnosis import right_count
from ann_core.formatting import number

PAGE = "classification"

st.title("Classification")
lab = setup("classification", PAGE, CLASSIFICATION_SETTINGS, CLASSIFICATION_PRESETS, can_draw=True)
values, config, csv, run = lab.values, lab.config, lab.csv, lab.run
st.markdown(
    "A network with sigmoid units learns to tell two classes of points apart. Pick a data set "
    "and a network in the sidebar, or start from one of the post's figures; then scrub through "
    "the epochs, or press Play, to watch the decision surface form."
)

if csv is None and values.data in LOGIC_TABLES:
    inputs, classes = LOGIC_TABLES[values.data]
    with st.expander(f"The {values.data} truth table (Figure 7)", expanded=False):
        # Markdown, not st.dataframe: four rows do not need the table's 1.5 MB of browser code.
        rows = zip(inputs[:, 0], inputs[:, 1], classes.astype(int), strict=True)
        st.markdown(
            "| x₁ | x₂ | class |\n|:-:|:-:|:-:|"
            + "".join(f"\n| {a:g} | {b:g} | {c} |" for a, b, c in rows)
        )
        st.caption(
            f"The network trains on {values.n} noisy copies of each row (noise σ = "
            f"{values.noise:g}), shuffled."
        )

findings(run)
points = training_frames.points_frame(run)
losses = training_frames.loss_frame(run)
accuracy = training_frames.accuracy_frame(run)
marks = training_frames.marks_frame(lab.history.marks)
square = cached.input_square(config, csv)  # once per page run, not per scrubbed epoch
surface_height = surface_row.surface_height()  # the square to draw on's too (drawing.canvas)
# the presenter view's three columns show loss and accuracy beside the surface, as tall as it;
# elsewhere they are stacked beside it
metric_height = surface_height if presenter.is_on() else training_plots.METRIC_HEIGHT


def draw(epoch: int) -> bool:
    """Every chart that depends on the selected epoch; True when they carry every epoch's frame
    and follow the slider in the browser (not while an edit of the weights shows)."""
    top = st.container()
    shown = history_view.controls(PAGE, lab.history, config, csv, epoch)  # with an edit, if any
    play = None
    left, right, *beside = surface_row.columns(top)
    third = beside[0] if beside else right  # the accuracy's place
    with left:
        if shown.edited:
            surface = cached.surface(config, csv, epoch, stages=shown.stages)
            cells = training_frames.cells_frame(surface.points, surface.outputs)
        else:
            cells, play = play_frames.surface(config, csv, lab.stages)
        figure = training_plots.surface_chart(
            cells,
            points,
            square,
            values.discrete,
            lab.drawing,
            play,
            surface_height,
            unit_grid=cached.MAP_GRID,  # draws the hidden unit under the pointer (unit_hover)
        )
        if lab.drawing:
            drawing.surface(PAGE, figure)  # takes clicks that add or remove drawn points
        else:
            ui.chart(figure)
        thinned_note(play)
        pin.small_chart(lab.compare, epoch, values.discrete)
    with right:
        loss_panel(run, losses, epoch, lab.compare, play, marks, metric_height)
    with third:
        accuracy_chart = training_plots.metric_chart(
            accuracy,
            "accuracy",
            epoch,
            "Accuracy",
            "accuracy",
            pin.accuracy(lab.compare),
            play,
            metric_height,
        )
        ui.chart(training_plots.with_marks(accuracy_chart, marks))
        if shown.edited:
            st.caption(captions.edited_sentence(shown.run, run, epoch))
        else:
            st.caption(
                f"After epoch {epoch}: training accuracy {run.accuracy[epoch]:.1%} "
                f"({right_count(run.accuracy[epoch], len(run.y))} of {len(run.y)} points)"
                + (f", loss per sample {number(run.mean_loss[epoch - 1])}." if epoch else ".")
                + f" {captions.penalty_sentence(run, epoch)}"
            )
    units, network = st.columns([3, 2], gap="large")
    with units:  # each section drawn when opened, then at every scrubbed epoch
        if (features := ui.section(feature_view.HEADING, f"{PAGE}.features_open")).open:
            with features:
                feature_view.feature_maps(config, square)
        if (hidden := ui.section(unit_view.HEADING, f"{PAGE}.units_open")).open:
            with hidden:
                unit_view.unit_maps(config, csv, shown.stages, epoch)
    with network:
        if (picture := ui.section(NETWORK_HEADING, f"{PAGE}.network_open")).open:
            with picture:
                network_diagram(shown.run, epoch, square)
    return play is not None


with lab.main:  # under the presets: the main chart, the loss and Play fit one screen
    epoch_scrubber(PAGE, lab.run_id, run.epochs, draw, lab.publish, lab.headline)

landscape_section(PAGE, config, csv, run, values, lab.stages)

st.header("Restarts: does it always learn?")
st.markdown(
    f"Train the same settings from {values.restarts} seeds ({config.seed} to "
    f"{config.seed + values.restarts - 1}): different starting weights and noise. Set the "
    "number in the sidebar."
)
if lab.stages:
    st.caption(
        f"Restarts train the sidebar's settings for {config.epochs} epochs: the continued and "
        "edited segments of your history are not replayed."
    )
if csv is not None:
    st.info("Restarts use the built-in data sets; remove your file or drawing to try them.")
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
exports.export_buttons(config, csv, PAGE, lab.stages)
