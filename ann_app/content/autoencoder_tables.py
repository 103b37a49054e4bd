"""The Autoencoders page's settings: the bottleneck's data, network and training, and the deep
network whose random and pretrained starts the page compares (issue 34).

The bottleneck trains an autoencoder on a data set's points (their classes unused), through the
layers `units` wide on each side of a code of `code` units: 2 → 8 → 1 → 8 → 2 by default, and
2 → 1 → 2 with no layers around the code. Its defaults are a run that bends: mini-batches of 10
with momentum 0.9 (from the default seed, online steps at rate 0.02 or 0.05 stayed on the
straight line for all 300 epochs). The comparison's network defaults to the Lesson's plateau:
XOR through three sigmoid layers of 4, trained as the post trains (TrainingConfig's defaults:
rate 2 annealed by 0.95, 50 copies of each row, noise 0.15) for 100 epochs from seeds `seed`,
`seed` + 1, ...
"""

from __future__ import annotations

from ann_app.settings.setting import Setting
from ann_core.activations import ACTIVATIONS
from ann_core.config import CONSTRAINTS, interval_of
from ann_core.datasets import CLASSIFICATION_PROBLEMS

DATA, CODER, TRAINING = "Data", "Autoencoder", "Training"
PRETRAINING = "Pretraining"
COMPARE = "Compare the starts"  # the page draws this section's switch under its heading
#: The two-dimensional point clouds an autoencoder squeezes (ann_core.datasets' names).
BOTTLENECK_DATA = ("RING", "CIRCLE", "SPIRAL", "GAUSSIAN")
BOTTLENECK_LABELS = ("ring of 9 clusters", "disc in a ring", "spiral", "two blobs")
#: The pretraining's decoders: "same" takes the hidden activation (pretraining.Pretraining's
#: decoder_activation None), "linear" can give back any value.
DECODERS = ("same", "linear")
DECODER_LABELS = ("the hidden activation", "linear")
_UNITS = CONSTRAINTS["hidden_units"].units
_LAYERS = CONSTRAINTS["hidden_units"].layers

AUTOENCODER_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "data",
        "points",
        "choice",
        "RING",
        options=BOTTLENECK_DATA,
        labels=BOTTLENECK_LABELS,
        section=DATA,
        help="Their classes are not used: an autoencoder learns from the points alone.",
    ),
    Setting(
        "n",
        "copies of each of the ring's 9 points (points per class for the others)",
        "int",
        10,
        interval_of("n_observations").low,
        50,
        section=DATA,
    ),
    Setting(
        "noise",
        "noise (standard deviation)",
        "float",
        0.05,
        interval_of("noise").low,
        0.3,
        0.01,
        section=DATA,
    ),
    Setting(
        "seed",
        "seed (data, weights; the comparison's first)",
        "int",
        123,
        interval_of("seed").low,
        99_999,
        section=DATA,
        widget="number",
        advanced=True,
    ),
    Setting(
        "units",
        "units on each side of the code",
        "int",
        8,
        0,
        _UNITS.high,
        section=CODER,
        help="One hidden layer of this many units before the code and one after it. 0: no "
        "layers around the code (2 → code → 2), whose reconstructions lie on a straight line.",
    ),
    Setting(
        "hidden",
        "their activation",
        "choice",
        "tanh",
        options=tuple(ACTIVATIONS),
        section=CODER,
        needs=("units", 1),
    ),
    Setting("code", "code units", "int", 1, _UNITS.low, 2, section=CODER),
    Setting(
        "code_act",
        "the code's activation",
        "choice",
        "linear",
        options=tuple(ACTIVATIONS),
        section=CODER,
        advanced=True,
    ),
    Setting(
        "lr",
        "learning rate η",
        "float",
        0.02,
        0.0001,
        1.0,
        section=TRAINING,
        widget="number",
        format="%.3g",
    ),
    Setting("epochs", "epochs", "int", 300, interval_of("epochs").low, 1000, section=TRAINING),
    Setting(
        "batch",
        "mini-batch size (1: online)",
        "int",
        10,
        interval_of("batch_size").low,
        100,
        section=TRAINING,
        advanced=True,
    ),
    Setting(
        "momentum",
        "momentum μ",
        "float",
        0.9,
        interval_of("momentum").low,
        0.99,
        0.01,
        section=TRAINING,
        advanced=True,
    ),
    Setting(
        "compare",
        "Compare random and pretrained starts",
        "bool",
        False,
        section=COMPARE,
        help="Trains the network below from every seed, three times each: a few seconds.",
    ),
    Setting(
        "pdata",
        "data set",
        "choice",
        "XOR",
        options=CLASSIFICATION_PROBLEMS,
        section=PRETRAINING,
    ),
    Setting(
        "players",
        "hidden layers",
        "int",
        3,
        _LAYERS.low + 1,
        _LAYERS.high,
        section=PRETRAINING,
    ),
    Setting(
        "punits", "units per hidden layer", "int", 4, _UNITS.low, _UNITS.high, section=PRETRAINING
    ),
    Setting(
        "phidden",
        "hidden activation",
        "choice",
        "sigmoid",
        options=tuple(ACTIVATIONS),
        section=PRETRAINING,
    ),
    Setting(
        "decoder",
        "each autoencoder's decoder",
        "choice",
        "same",
        options=DECODERS,
        labels=DECODER_LABELS,
        section=PRETRAINING,
        help="The output units of the autoencoders that pretrain each layer.",
    ),
    Setting("seeds", "seeds", "int", 20, 5, 100, 5, section=PRETRAINING),
    Setting("pepochs", "epochs", "int", 100, interval_of("epochs").low, 500, section=PRETRAINING),
)

#: The bottleneck's examples, a button each: the settings each sets (the others keep theirs).
EXAMPLES: dict[str, dict[str, object]] = {
    "A curve through the ring": {"data": "RING", "n": 10, "noise": 0.05, "units": 8, "code": 1},
    "A straight line through two blobs": {
        "data": "GAUSSIAN",
        "n": 30,
        "noise": 0.1,
        "units": 0,
        "code": 1,
    },
}
