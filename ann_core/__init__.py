"""ann_core: the small NumPy engine behind Gentle ANN, written to read like the post.

from ann_core import TrainingConfig, train
run = train(TrainingConfig(problem="XOR", hidden_units=(4,), learning_rate=2.0))
"""

from .activations import ACTIVATIONS, Activation, get_activation
from .config import TrainingConfig
from .continuation import continue_run
from .datasets import CLASSIFICATION_PROBLEMS, PROBLEMS, REGRESSION_PROBLEMS, make_dataset
from .losses import LOSSES, get_loss
from .network import backward, forward, gradients, init_parameters, layer_sizes, update
from .run import Run
from .training import train

__all__ = [
    "ACTIVATIONS",
    "CLASSIFICATION_PROBLEMS",
    "LOSSES",
    "PROBLEMS",
    "REGRESSION_PROBLEMS",
    "Activation",
    "Run",
    "TrainingConfig",
    "backward",
    "continue_run",
    "forward",
    "get_activation",
    "get_loss",
    "gradients",
    "init_parameters",
    "layer_sizes",
    "make_dataset",
    "train",
    "update",
]
