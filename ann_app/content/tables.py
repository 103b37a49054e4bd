"""Every page's controls, declared once as data (like TensorFlow Playground's state.ts).

Each tuple of `Setting`s is what a page shows in its sidebar and mirrors in its URL; the names
are the URL keys, the same key for the same concept on every page (old keys stay readable as
aliases). A range's end that is the engine's own comes from `ann_core.config.CONSTRAINTS`; the
other ends are narrower on purpose (tests/app/test_setting_bounds.py checks they stay inside).
Kept out of the page scripts so tests can read them without running a page.
"""

from ann_app.content.labels import METHOD_LABELS
from ann_app.content.penalty_settings import penalty_settings
from ann_app.settings.setting import Setting
from ann_core.activations import ACTIVATIONS
from ann_core.config import CONSTRAINTS, interval_of
from ann_core.surfaces import OPTIMIZERS

# ---- Home ---------------------------------------------------------------------------------------

NEURON = "One neuron"
HOME_SETTINGS = (
    Setting("a1", "input a₁", "float", 1.0, -2.0, 2.0, 0.1, section=NEURON),
    Setting("a2", "input a₂", "float", 0.5, -2.0, 2.0, 0.1, section=NEURON),
    Setting("w1", "weight w₁", "float", 1.5, -5.0, 5.0, 0.1, section=NEURON),
    Setting("w2", "weight w₂", "float", -1.0, -5.0, 5.0, 0.1, section=NEURON),
    Setting("b", "bias b", "float", 0.5, -5.0, 5.0, 0.1, section=NEURON),
    Setting(
        "g",
        "activation g",
        "choice",
        "sigmoid",
        options=tuple(ACTIVATIONS),
        section=NEURON,
    ),
    Setting("inputs", "inputs", "int", 2, 1, 5, section="Network (Figure 3)"),
    Setting("h1", "units in hidden layer 1", "int", 3, 1, 8, section="Network (Figure 3)"),
    Setting(
        "h2",
        "units in hidden layer 2",
        "int",
        0,
        0,
        8,
        section="Network (Figure 3)",
        help="0 means no second hidden layer.",
    ),
    Setting("outputs", "outputs", "int", 1, 1, 3, section="Network (Figure 3)", advanced=True),
)


# ---- Activations --------------------------------------------------------------------------------

PROBE = "Probe"
POST_ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu")  # Figure 2's; the rest are options
ACTIVATION_SETTINGS = (
    Setting(
        "show",
        "activations",
        "multichoice",
        POST_ACTIVATIONS,
        options=tuple(ACTIVATIONS),
        section="Curves",
    ),
    Setting("zmax", "z range: ± this much", "float", 5.0, 1.0, 10.0, 0.5, section="Curves"),
    Setting(
        "shade",
        "show saturation",
        "bool",
        True,
        section="Saturation",
        help="Highlight where the slope g′(z) is below the threshold.",
    ),
    Setting(
        "thr",
        "saturated when g′(z) is below",
        "float",
        0.1,
        0.01,
        0.5,
        0.01,
        section="Saturation",
        advanced=True,
    ),
    Setting("z0", "probe z₀", "float", 2.5, -10.0, 10.0, 0.1, section=PROBE),
)


# ---- Error Surfaces -----------------------------------------------------------------------------

TASK, SURFACE, DESCENT = "Task", "Surface", "Descent"
SURFACE_SETTINGS = (
    Setting("a0", "input a₀", "float", 1.0, -2.0, 2.0, 0.1, section=TASK),
    Setting("t", "target t", "float", 1.0, -1.0, 1.0, 0.05, section=TASK),
    Setting("g", "activation g", "choice", "sigmoid", options=tuple(ACTIVATIONS), section=TASK),
    Setting("wmax", "weights from −w to +w", "float", 10.0, 1.0, 20.0, 0.5, section=SURFACE),
    Setting(
        "res",
        "grid points per weight",
        "int",
        50,
        10,
        120,
        5,
        section=SURFACE,
        help="More points give a smoother map but take longer to draw.",
        advanced=True,
    ),
    Setting(
        "opt",
        "optimizers",
        "multichoice",
        OPTIMIZERS,
        options=OPTIMIZERS,
        labels=tuple(METHOD_LABELS[m] for m in OPTIMIZERS),
        section=DESCENT,
        widget="pills",
    ),
    Setting("w1s", "start w₁", "float", -5.0, -10.0, 10.0, 0.5, section=DESCENT),
    Setting("w2s", "start w₂", "float", 3.0, -10.0, 10.0, 0.5, section=DESCENT),
    Setting("lr", "learning rate η", "float", 1.0, 0.01, 5.0, 0.01, section=DESCENT),
    Setting("steps", "steps", "int", 100, 1, 500, section=DESCENT),
    Setting(
        "momentum",
        "momentum μ",
        "float",
        0.9,
        interval_of("momentum").low,
        0.99,
        0.01,
        section=DESCENT,
        advanced=True,
        aliases=("mu",),  # its key before it took the training pages' name
    ),
)


# ---- Backpropagation ----------------------------------------------------------------------------

_LAYER_SIZES = CONSTRAINTS["hidden_units"]  # the engine's layers and units per layer

WALK_DATA, WALK_NETWORK, WALK_TRAINING = "Data", "Network", "Training"
BACKPROP_SETTINGS = (
    Setting(
        "data",
        "data set",
        "choice",
        "XOR",
        options=("AND", "OR", "XOR", "RING"),
        section=WALK_DATA,
        widget="segmented",
    ),
    Setting(
        "n",  # n_observations, as on the training pages: copies of each table row
        "noisy copies of each point",
        "int",
        2,
        interval_of("n_observations").low,
        5,
        section=WALK_DATA,
        help="An epoch visits every copy once: XOR with 2 copies is 8 samples per epoch.",
        advanced=True,
        aliases=("copies",),
    ),
    Setting("layers", "hidden layers", "int", 1, _LAYER_SIZES.layers.low, 2, section=WALK_NETWORK),
    *(
        Setting(
            f"h{layer}",
            f"units in hidden layer {layer}",
            "int",
            2,
            _LAYER_SIZES.units.low,
            4,
            section=WALK_NETWORK,
            needs=("layers", layer),
        )
        for layer in (1, 2)
    ),
    Setting(
        "hidden",
        "hidden activation",
        "choice",
        "sigmoid",
        options=tuple(ACTIVATIONS),
        section=WALK_NETWORK,
        needs=("layers", 1),
        aliases=("hidden_g",),
    ),
    Setting(
        "output",
        "output activation",
        "choice",
        "sigmoid",
        options=tuple(ACTIVATIONS),
        section=WALK_NETWORK,
        aliases=("output_g",),
    ),
    Setting(
        "loss",
        "loss",
        "choice",
        "sse",
        options=("sse", "cross_entropy"),
        labels=("squared error", "cross-entropy"),
        section=WALK_TRAINING,
        help="Cross-entropy needs a sigmoid output.",
    ),
    Setting("lr", "learning rate η", "float", 2.0, 0.05, 5.0, 0.05, section=WALK_TRAINING),
    Setting(
        "anneal",
        "anneal: η shrinks by this factor every epoch",
        "float",
        0.95,
        0.5,
        interval_of("anneal").high,
        0.01,
        section=WALK_TRAINING,
        advanced=True,
    ),
    # λ up to 1: with η = 2 an L2 step already scales a weight by 1 − ηλ = −1 there. A small
    # default rate, so that choosing L1 or L2 shows its share in Step III at once.
    *penalty_settings(WALK_TRAINING, max_rate=1.0, default_rate=0.01),
    Setting(
        "seed",
        "seed",
        "int",
        123,
        interval_of("seed").low,
        9999,
        section=WALK_TRAINING,
        widget="number",
        advanced=True,
    ),
)
