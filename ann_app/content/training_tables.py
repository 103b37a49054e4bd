"""The Classification and Regression pages' settings: one table both share, what regression
changes in it, each page's view options, and the presets (the post's runs and a few more).

A range's end that is the engine's own comes from `ann_core.config.CONSTRAINTS`; the other
ends are narrower on purpose (a widget a student can handle), and tests/app/test_setting_bounds.py
checks they stay inside the engine's. Kept apart from the pages so tests and the lesson can read
them without running a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ann_app.content.labels import BATCHING_LABELS, LOSS_LABELS
from ann_app.content.penalty_settings import penalty_settings
from ann_app.settings.setting import Setting
from ann_core.activations import ACTIVATIONS
from ann_core.config import CONSTRAINTS, DEFAULT_ACTIVATIONS, interval_of
from ann_core.datasets import CLASSIFICATION_PROBLEMS, DEFAULT_NOISE, REGRESSION_PROBLEMS
from ann_core.features import FEATURES, RAW_FEATURES, features_of
from ann_core.losses import LOSSES

DATA, NETWORK, TRAINING, VIEW = "Data", "Network", "Training", "View"
BATCHING = ("online", "mini-batch", "full")
#: The TrainingConfig field each setting of a page that trains sets (see training/config.py's
#: config_from and backprop/walk.py's walk_config), for the settings that map one to one; the
#: hidden layers and their units (`layers`, `h1`...) make `hidden_units`, and `batching` picks
#: whether `batch` is used. tests/app/test_setting_bounds.py holds the widgets' ranges to the
#: engine's CONSTRAINTS through it.
ENGINE_FIELDS: dict[str, str] = {
    "data": "problem",
    "n": "n_observations",
    "noise": "noise",
    "test": "test_fraction",
    "seed": "seed",
    "features": "features",
    "hidden": "hidden_activation",
    "output": "output_activation",
    "loss": "loss",
    "batch": "batch_size",
    "lr": "learning_rate",
    "anneal": "anneal",
    "momentum": "momentum",
    "reg": "regularization",
    "reg_rate": "reg_rate",
    "epochs": "epochs",
}
#: The engine's hidden layers (how many) and units (per layer), whose ends the widgets take.
LAYER_SIZES = CONSTRAINTS["hidden_units"]
_MOST_LAYERS = int(LAYER_SIZES.layers.high)


@dataclass(frozen=True)
class Preset:
    """A named set of setting values (the rest take their defaults) and a sentence about it."""

    label: str
    values: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""


#: Every control both training pages have, as the Classification page shows it.
SHARED_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "data",
        "data set",
        "choice",
        "XOR",
        options=CLASSIFICATION_PROBLEMS,
        section=DATA,
    ),
    Setting(
        "n",
        "copies of each table row (points per class for CIRCLE, SPIRAL)",
        "int",
        50,
        interval_of("n_observations").low,
        200,
        section=DATA,
    ),
    Setting(
        "noise",
        "noise (standard deviation)",
        "float",
        DEFAULT_NOISE["classification"],
        interval_of("noise").low,
        0.5,
        0.01,
        section=DATA,
    ),
    Setting(
        "test",
        "test fraction (held out)",
        "float",
        0.0,
        interval_of("test_fraction").low,
        0.5,
        0.05,
        section=DATA,
        help="Rows kept out of training; the charts mark them apart.",
    ),
    Setting(
        "seed",
        "seed",
        "int",
        123,
        interval_of("seed").low,
        99_999,
        section=DATA,
        widget="number",
        advanced=True,
    ),
    Setting(
        "features",
        "input features",
        "multichoice",
        RAW_FEATURES["classification"],
        min=1,  # the network needs at least one input
        options=features_of("classification"),
        labels=tuple(FEATURES[name].label for name in features_of("classification")),
        section=NETWORK,
        widget="pills",
        help="What the first layer sees: the raw inputs, or functions of them. With x₁² and "
        "x₂² a network without a hidden layer can draw a circle.",
    ),
    Setting(
        "layers",
        "hidden layers",
        "int",
        1,
        LAYER_SIZES.layers.low,
        _MOST_LAYERS,
        section=NETWORK,
        help="0 hidden layers is the post's perceptron.",
    ),
    *(
        Setting(
            f"h{layer}",
            f"units in hidden layer {layer}",
            "int",
            4,
            LAYER_SIZES.units.low,
            LAYER_SIZES.units.high,
            section=NETWORK,
            needs=("layers", layer),  # greyed out while its layer does not exist
        )
        for layer in range(1, _MOST_LAYERS + 1)
    ),
    Setting(
        "hidden",
        "hidden activation",
        "choice",
        DEFAULT_ACTIVATIONS["classification"][0],
        options=tuple(ACTIVATIONS),
        section=NETWORK,
        needs=("layers", 1),  # no hidden layer: nothing to size
    ),
    Setting(
        "output",
        "output activation",
        "choice",
        DEFAULT_ACTIVATIONS["classification"][1],
        options=tuple(ACTIVATIONS),
        section=NETWORK,
        advanced=True,
    ),
    Setting(
        "loss",
        "loss",
        "choice",
        "sse",
        options=tuple(LOSSES),
        labels=tuple(LOSS_LABELS.get(n, n) for n in LOSSES),
        section=TRAINING,
        help="Cross-entropy needs a sigmoid output.",
        advanced=True,
    ),
    Setting(
        "batching",
        "update after",
        "choice",
        "online",
        options=BATCHING,
        labels=BATCHING_LABELS,
        section=TRAINING,
        advanced=True,
    ),
    Setting("batch", "mini-batch size", "int", 10, 2, 100, section=TRAINING, advanced=True),
    Setting(
        "lr",
        "learning rate η",
        "float",
        2.0,
        0.00001,
        100.0,
        section=TRAINING,
        widget="number",
        # 3 significant digits, trailing zeros dropped (Streamlit's sprintf.js): 2, 0.154, 0.00001
        format="%.3g",
    ),
    Setting(
        "anneal",
        "annealing factor (rate × this each epoch)",
        "float",
        0.95,
        0.5,
        interval_of("anneal").high,
        0.01,
        section=TRAINING,
    ),
    Setting(
        "momentum",
        "momentum μ",
        "float",
        0.0,
        interval_of("momentum").low,
        0.99,
        0.01,
        section=TRAINING,
        advanced=True,
    ),
    *penalty_settings(TRAINING),
    Setting("epochs", "epochs", "int", 100, interval_of("epochs").low, 500, section=TRAINING),
)

#: What the Regression page changes in the shared table: field values by setting name. It
#: always has a hidden layer (its layers start at 1), so its first layer's units and the hidden
#: activation never grey out.
REGRESSION_CHANGES: dict[str, dict[str, Any]] = {
    "data": {"default": "SIN", "options": REGRESSION_PROBLEMS},
    "n": {"label": "number of points", "default": 200, "min": 10, "max": 1000},
    "noise": {"default": DEFAULT_NOISE["regression"], "max": 2.0},
    "layers": {"min": 1, "help": "Each hidden unit adds one bump to the curve."},
    "features": {
        "default": RAW_FEATURES["regression"],
        "options": features_of("regression"),
        "labels": tuple(FEATURES[name].label for name in features_of("regression")),
        "help": "What the first layer sees: x, or functions of it. On sin x the SIN data is a "
        "straight line.",
    },
    "h1": {"default": 3, "needs": None},
    "hidden": {"default": DEFAULT_ACTIVATIONS["regression"][0], "needs": None},
    "output": {"default": DEFAULT_ACTIVATIONS["regression"][1]},
    "lr": {"default": 0.2},
}
TASK_CHANGES = {"classification": {}, "regression": REGRESSION_CHANGES}


def training_settings(task: str) -> tuple[Setting, ...]:
    """The shared table with `task`'s changes ("classification" or "regression")."""
    changes = TASK_CHANGES[task]
    return tuple(replace(s, **changes.get(s.name, {})) for s in SHARED_SETTINGS)


#: The post's classification runs: rate 2, 100 epochs, 50 copies of each point, annealing 0.95.
POST = {"lr": 2.0, "epochs": 100, "n": 50, "seed": 123, "anneal": 0.95}
#: TensorFlow Playground's lesson: the circle with no hidden layer, on the squares of the
#: inputs (noise 0.1: at 0.15 the disc and the ring overlap, and no circle gets 95 % right).
CIRCLE_FROM_SQUARES = {
    **POST,
    "data": "CIRCLE",
    "noise": 0.1,
    "layers": 0,
    "features": ("x1sq", "x2sq"),
}
#: The finest grids a student can ask the loss landscape for (odd: the network is the centre).
LANDSCAPE_GRIDS = ("21", "31", "41", "51")
#: The loss-landscape section's controls (ann_app/training/landscape.py), on both pages: shown
#: or not, then the plane's two random directions (their seed), its reach r and its grid.
LANDSCAPE_SETTINGS = (
    Setting(
        "landscape",
        "show the loss landscape (below the epochs)",
        "bool",
        False,
        section=VIEW,
        help="The loss around the trained network, at the scrubber's epoch: computed only "
        "when shown, so scrubbing stays fast.",
    ),
    Setting(
        "plane_seed",
        "landscape: seed of its two random directions",
        "int",
        0,
        0,
        99_999,
        section=VIEW,
        widget="number",
        advanced=True,
    ),
    Setting(
        "reach",
        "landscape: reach r of the plane",
        "float",
        1.0,
        0.1,
        5.0,
        0.1,
        section=VIEW,
        help="The map runs from −r to r along each direction: at 1, each unit's incoming "
        "weights move by their own length.",
        advanced=True,
    ),
    Setting(
        "grid",
        "landscape: grid points per side (at most)",
        "choice",
        "41",
        options=LANDSCAPE_GRIDS,
        section=VIEW,
        widget="segmented",
        help="Finer grids take longer: a large network or data set gets a coarser one.",
        advanced=True,
    ),
)
CLASSIFICATION_SETTINGS = (
    *training_settings("classification"),
    Setting("discrete", "discretise the surface at 0.5", "bool", False, section=VIEW),
    Setting("restarts", "restarts (seeds)", "int", 20, 20, 100, 10, section=VIEW, advanced=True),
    *LANDSCAPE_SETTINGS,
)
#: A preset's note is shown whole beside the picker: at most this long (four lines at 1280 px).
NOTE_MAX_CHARS = 230
CLASSIFICATION_PRESETS = (
    Preset(
        "Fig. 8: OR",
        {**POST, "data": "OR", "layers": 0},
        "One sigmoid unit and no hidden layer learn it: one straight line separates the classes.",
    ),
    Preset(
        "Fig. 9: AND",
        {**POST, "data": "AND", "layers": 0},
        "Again a single straight line separates the classes: one unit learns it.",
    ),
    Preset(
        "Fig. 10: XOR, no hidden layer",
        {**POST, "data": "XOR", "layers": 0},
        "Without a hidden layer it fails: no single straight line puts (0, 1) and (1, 0) "
        "on one side and (0, 0) and (1, 1) on the other.",
    ),
    Preset(
        "Fig. 11: XOR, 4 hidden units",
        {**POST, "data": "XOR", "layers": 1, "h1": 4},
        "With 4 hidden units it learns: each unit draws a line and the output combines "
        "them (see the hidden-unit maps below).",
    ),
    Preset(
        "Fig. 12: RING, 4 hidden units",
        {**POST, "data": "RING", "layers": 1, "h1": 4},
        'The post\'s ring run stalls on a plateau, answering "class 1" everywhere, while '
        "annealing shrinks the rate from 2 to 0.012. Try *RING that learns*. (The post's "
        "text calls the centre class 1; its code, followed here, class 0.)",
    ),
    Preset(
        "RING that learns (no annealing)",
        {**POST, "data": "RING", "layers": 1, "h1": 4, "anneal": 1.0},
        "With no annealing the rate stays at 2: the network leaves the plateau, draws a "
        "closed region around the centre and gets 438 of 450 points right.",
    ),
    Preset(
        "Circle from x₁², x₂², no hidden layer",
        CIRCLE_FROM_SQUARES,
        "One sigmoid unit fed x₁² and x₂² instead of x₁ and x₂: the curve is in its inputs, "
        "so its one boundary is a circle, 99 of 100 points right. On x₁ and x₂: 55 of 100.",
    ),
)

REGRESSION_SETTINGS = (
    *training_settings("regression"),
    Setting("truth", "show the true function (dashed)", "bool", True, section=VIEW),
    Setting(
        "stack",
        "stack the units' contributions + bias",
        "bool",
        False,
        section=VIEW,
        help="Pile the weighted units and the output bias on top of each other: the top "
        "edge is exactly the prediction (for a linear output).",
    ),
    *LANDSCAPE_SETTINGS,
)
_POST_REGRESSION = {"lr": 0.2, "epochs": 100, "n": 200, "seed": 123, "layers": 1, "h1": 3}
#: Too many units for too few points: 16 tanh units, 500 epochs, on 28 of 40 noisy points of
#: the sine (12 held out to test). A preset sets the run's settings only, never the view's
#: (the Lesson's link adds the stacked contributions).
OVERFITTING = {
    "data": "SIN",
    "n": 40,
    "test": 0.3,
    "h1": 16,
    "lr": 0.05,
    "anneal": 1.0,
    "epochs": 500,
}
#: The same run with an L2 penalty that tames it.
OVERFITTING_L2 = {**OVERFITTING, "reg": "l2", "reg_rate": 0.01}
REGRESSION_PRESETS = (
    Preset(
        "Fig. 13: 2.5 + sin x",
        {**_POST_REGRESSION, "data": "SIN"},
        "The post's sine: 3 tanh units, rate 0.2, 100 epochs, trained on 200 noisy points "
        "(the post plots 20 of them; here you see all 200).",
    ),
    Preset(
        "Fig. 14: |x|",
        {**_POST_REGRESSION, "data": "ABS"},
        "Two of the three tanh units make the V, one falling and one rising, and the output "
        "bias lifts it; the third unit's weights shrink to zero (its line lies flat on 0).",
    ),
    Preset(
        "16 units overfit 28 points",
        OVERFITTING,
        "16 tanh units, 500 epochs, 28 noisy points and 12 held out: the test loss per sample "
        "is lowest at epoch 126 (0.2218), then ends 3.4 times higher (0.7617).",
    ),
    Preset(
        "… tamed by L2 (λ = 0.01)",
        OVERFITTING_L2,
        "The same run with an L2 penalty of 0.01 on the weights: its test loss per sample "
        "ends at 0.1878, lower than the plain run ever gets, while the training points are "
        "fitted a little less closely.",
    ),
    Preset(
        "Plane over x₁, x₂: one unit",
        {**_POST_REGRESSION, "data": "PLANE", "h1": 1},
        "TensorFlow Playground's plane, y = (x₁ + x₂)/5: one tanh unit, its two weights alike "
        "(the diagonal), draws it. The loss per sample ends at 0.2358, the noise's own 0.5² = "
        "0.25: the rest is noise.",
    ),
    Preset(
        "Gaussian bump: 3 units",
        {**_POST_REGRESSION, "data": "GAUSS"},
        "A bump at the origin: 3 tanh units, each a straight step across the square (see their "
        "maps), face three ways and fence it in a triangle; loss per sample 0.2796. One unit "
        "cannot make a bump: 0.7401.",
    ),
)
