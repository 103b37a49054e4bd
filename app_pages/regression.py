"""Regression (Figures 13 and 14): tanh units whose weighted outputs add up to a curve; over two
inputs (PLANE, GAUSS: TensorFlow Playground's regression data), to a surface drawn as a heat
map over (x₁, x₂), with the hidden units' maps."""

import streamlit as st

from ann_app import cached
from ann_app.charts import training_frames, training_plots
from ann_app.charts.training_plots import Animation
from ann_app.content.training_tables import REGRESSION_PRESETS, REGRESSION_SETTINGS
from ann_app.shell import presenter, ui
from ann_app.training import (
    captions,
    exports,
    feature_view,
    history_view,
    pin,
    play_frames,
    unit_view,
)
from ann_app.training.history_view import Shown
from ann_app.training.landscape import landscape_section
from ann_app.training.network_view import NETWORK_HEADING, network_diagram
from ann_app.training.page import findings, loss_panel, setup, thinned_note
from ann_app.training.scrubber import epoch_scrubber
from ann_core.datasets import REGRESSION_FUNCTIONS, n_inputs_of
from ann_core.formatting import number

PAGE = "regression"


def unused_with(data: str) -> dict[str, str]:
    """The settings a data set over two inputs (PLANE, GAUSS) does not use, each with why."""
    if n_inputs_of(data, "regression") == 1:
        return {}
    curve = f"Not used: {data}'s prediction is a surface over (x₁, x₂), not a curve."
    return {
        "features": f"Not used: {data} takes x₁ and x₂ as they are.",
        "truth": curve,
        "stack": curve,
    }


st.title("Regression")
lab = setup("regression", PAGE, REGRESSION_SETTINGS, REGRESSION_PRESETS, unused_with=unused_with)
values, config, csv, run = lab.values, lab.config, lab.csv, lab.run
two_inputs = config.n_inputs == 2  # PLANE or GAUSS: a surface over (x₁, x₂), not a curve
if two_inputs:
    st.markdown(
        f"{values.data} has two inputs, x₁ and x₂, as TensorFlow Playground's regression data "
        "do. A hidden layer of tanh units feeds one linear output: each unit is a straight "
        "S-shaped step across the square, and the output adds them up, weighted, plus its "
        "bias, into a surface. The map shows it; scrub through the epochs or press Play."
    )
else:
    st.markdown(
        "A hidden layer of tanh units feeds one linear output. Each unit contributes a weighted "
        "S-shaped step a·w (its output a times its weight w); the output adds them up, plus its "
        "bias, into the curve. Start from one of the post's figures, then scrub through the "
        "epochs or press Play."
    )

findings(run)
if two_inputs:
    square = cached.input_square(config, csv)
    targets = training_frames.target_extent(run)
else:
    x = cached.curve_points(config, csv)[:, 0]
    truth = REGRESSION_FUNCTIONS[values.data](x) if values.truth and csv is None else None
points = training_frames.points_frame(run)
losses = training_frames.loss_frame(run)
marks = training_frames.marks_frame(lab.history.marks)
fit_height = presenter.scaled(training_plots.HEIGHT)
metric_height = fit_height  # the loss beside the fit, as tall: nothing else is in its column


def surface(epoch: int, shown: Shown) -> Animation | None:
    """The prediction over (x₁, x₂) with the data at `epoch` (of the run `shown`: with an
    edit, if any), and a line on how to read it; its Animation when it carries every frame."""
    if shown.edited:
        outputs = cached.surface(config, csv, epoch, stages=shown.stages)
        cells, play = training_frames.cells_frame(outputs.points, outputs.outputs), None
    else:
        cells, play = play_frames.surface(config, csv, lab.stages)
    ui.chart(
        training_plots.surface_chart(
            cells,
            points,
            square,
            play=play,
            height=fit_height,
            targets=targets,
            unit_grid=cached.MAP_GRID,  # draws the hidden unit under the pointer (unit_hover)
        )
    )
    thinned_note(play)
    low, high = (number(end, 3) for end in targets)
    st.caption(
        f"The colour is the prediction ŷ at each (x₁, x₂), on the targets' range ({low} to "
        f"{high}); each point is filled with its target y on the same scale, so a point "
        "that stands out from the colour around it is one the network misses."
    )
    return play


def fit(epoch: int, shown: Shown) -> Animation | None:
    """The fit and its units at `epoch` (of the run `shown`), stacked if asked; its Animation
    when it carries every frame."""
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
    ui.chart(training_plots.regression_chart(frame, points, stack, play, fit_height))
    thinned_note(play)
    if stack is not None:
        st.caption(
            "Stacked: start from the output bias, then add each unit's a·w in turn. "
            "Each band runs from the total before that unit to the total after it (a "
            "negative contribution folds back down), and the last band's edge is exactly "
            "the black prediction."
        )
    return play


def draw(epoch: int) -> bool:
    """The fit (or the surface), its units and the loss at the selected epoch; True when they
    carry every frame and follow the slider in the browser (not while an edit of the weights
    shows)."""
    top = st.container()
    shown = history_view.controls(PAGE, lab.history, config, csv, epoch)  # with an edit, if any
    left, right = top.columns([3, 2], gap="large")
    with left:
        play = surface(epoch, shown) if two_inputs else fit(epoch, shown)
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
        if (inputs := ui.section(feature_view.HEADING, f"{PAGE}.features_open")).open:
            with inputs:
                if two_inputs:
                    feature_view.feature_maps(config, square)
                else:
                    feature_view.feature_curves(config, csv)
        if two_inputs and (hidden := ui.section(unit_view.HEADING, f"{PAGE}.units_open")).open:
            with hidden:
                unit_view.unit_maps(config, csv, shown.stages, epoch)
    with network:
        if (picture := ui.section(NETWORK_HEADING, f"{PAGE}.network_open")).open:
            with picture:
                network_diagram(shown.run, epoch, square if two_inputs else None)
    return play is not None


with lab.main:  # under the presets: the main chart, the loss and Play fit one screen
    epoch_scrubber(PAGE, lab.run_id, run.epochs, draw, lab.publish, lab.headline)

layer_units = " + ".join(map(str, config.hidden_units))
too_few = (
    "surface cannot bend often enough (one tanh unit is a single straight step across the "
    "square: enough for the plane, but a bump needs steps facing several ways)"
    if two_inputs
    else "curve cannot bend often enough (one tanh unit gives a single S-shaped step, so a "
    "sine needs several)"
)
st.markdown(
    f"**How many hidden units?** This network has {layer_units}. Too few and the {too_few}. "
    "Too many for the number of points and the network starts to follow the "
    "noise: set a test fraction in the sidebar and watch the test loss, which then stops "
    "falling or rises while the training loss keeps going down."
)

landscape_section(PAGE, config, csv, run, values, lab.stages)

st.header("Export")
exports.export_buttons(config, csv, PAGE, lab.stages)
