"""Regression (Figures 13 and 14): tanh units whose weighted outputs add up to a curve."""

import streamlit as st

from ann_app import cached
from ann_app.charts import training_frames, training_plots
from ann_app.content.training_tables import REGRESSION_PRESETS, REGRESSION_SETTINGS
from ann_app.shell import presenter, ui
from ann_app.training import captions, exports, feature_view, history_view, pin, play_frames
from ann_app.training.landscape import landscape_section
from ann_app.training.network_view import NETWORK_HEADING, network_diagram
from ann_app.training.page import findings, loss_panel, setup
from ann_app.training.scrubber import epoch_scrubber
from ann_core.datasets import REGRESSION_FUNCTIONS
from ann_core.formatting import number

PAGE = "regression"

st.title("Regression")
lab = setup("regression", PAGE, REGRESSION_SETTINGS, REGRESSION_PRESETS)
values, config, csv, run = lab.values, lab.config, lab.csv, lab.run
st.markdown(
    "A hidden layer of tanh units feeds one linear output. Each unit contributes a weighted "
    "S-shaped step a·w (its output a times its weight w); the output adds them up, plus its "
    "bias, into the curve. Start from one of the post's figures, then scrub through the "
    "epochs or press Play."
)

findings(run)
x = cached.curve_points(config, csv)[:, 0]
truth = REGRESSION_FUNCTIONS[values.data](x) if values.truth and csv is None else None
points = training_frames.points_frame(run)
losses = training_frames.loss_frame(run)
marks = training_frames.marks_frame(lab.history.marks)
fit_height = presenter.scaled(training_plots.HEIGHT)
metric_height = fit_height  # the loss beside the fit, as tall: nothing else is in its column


def draw(epoch: int) -> bool:
    """The fit, its units and the loss at the selected epoch; True when they carry every
    frame and follow the slider in the browser (not while an edit of the weights shows)."""
    top = st.container()
    shown = history_view.controls(PAGE, lab.history, config, csv, epoch)  # with an edit, if any
    play = None
    if shown.edited:
        contributions, bias = cached.contributions(config, csv, epoch, stages=shown.stages)
        outputs = cached.curve(config, csv, epoch, shown.stages).outputs
        layer = len(config.hidden_units)  # the units whose contributions the fit adds up
        frame = training_frames.fit_frame(x, outputs, contributions, bias, truth, layer=layer)
        stack = (
            training_frames.stack_frame(x, contributions, bias, layer=layer)
            if values.stack
            else None
        )
    else:
        function = REGRESSION_FUNCTIONS[values.data] if truth is not None else None
        frame, stack, play = play_frames.fit(config, csv, function, values.stack, lab.stages)
    left, right = top.columns([3, 2], gap="large")
    with left:
        ui.chart(training_plots.regression_chart(frame, points, stack, play, fit_height))
        if stack is not None:
            st.caption(
                "Stacked: start from the output bias, then add each unit's a·w in turn. "
                "Each band runs from the total before that unit to the total after it (a "
                "negative contribution folds back down), and the last band's edge is exactly "
                "the black prediction."
            )
    with right:
        loss_panel(run, losses, epoch, lab.compare, play, marks, metric_height)
        if shown.edited:
            st.caption(captions.edited_sentence(shown.run, run, epoch))
        test = "" if run.test_loss is None else f", test {number(run.mean_test_loss[epoch])}"
        if epoch:
            train = f"training {number(run.mean_loss[epoch - 1])}"
            loss_words = f"Loss per sample after epoch {epoch}: {train}{test}. "
        else:  # the training loss is counted during an epoch: epoch 0 has none
            loss_words = "Epoch 0, the initial weights: the training loss starts at epoch 1" + (
                f"; test loss per sample{test.removeprefix(', test')}. " if test else ". "
            )
        st.caption(loss_words + captions.penalty_sentence(run, epoch, with_loss=False))
        pin.small_chart(lab.compare, epoch)
    if config.output_activation != "linear":
        st.caption(
            f"The output is {config.output_activation}, not linear: the units and the bias add "
            "up to the output unit's input z, and the prediction is g(z)."
        )
    features, network = st.columns([3, 2], gap="large")
    with features:  # each section drawn when opened, then at every scrubbed epoch
        if (curves := ui.section(feature_view.HEADING, f"{PAGE}.features_open")).open:
            with curves:
                feature_view.feature_curves(config, csv)
    with network:
        if (picture := ui.section(NETWORK_HEADING, f"{PAGE}.network_open")).open:
            with picture:
                network_diagram(shown.run, epoch)
    return play is not None


with lab.main:  # under the presets: the main chart, the loss and Play fit one screen
    epoch_scrubber(PAGE, lab.run_id, run.epochs, draw, lab.publish, lab.headline)

layer_units = " + ".join(map(str, config.hidden_units))
st.markdown(
    f"**How many hidden units?** This network has {layer_units}. Too few and the "
    "curve cannot bend often enough (one tanh unit gives a single S-shaped step, so a sine "
    "needs several). Too many for the number of points and the network starts to follow the "
    "noise: set a test fraction in the sidebar and watch the test loss, which then stops "
    "falling or rises while the training loss keeps going down."
)

landscape_section(PAGE, config, csv, run, values, lab.stages)

st.header("Export")
exports.export_buttons(config, csv, PAGE, lab.stages)
