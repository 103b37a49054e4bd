"""Save a trained run as JSON and load it back, without retraining.

The file holds the settings, the data trained on and the parameters after every epoch, so a
student's download reopens as the same Run, every epoch of it.
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np

from .config import TrainingConfig
from .network import n_parameters
from .training import Run

FORMAT = "gentle-ann-run"
VERSION = 1


def run_to_dict(run: Run) -> dict:
    """A JSON-ready description of `run`."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "config": dataclasses.asdict(run.config),
        "sizes": list(run.sizes),
        "activations": list(run.activations),
        "X": run.X.tolist(),
        "y": run.y.tolist(),
        "X_test": run.X_test.tolist(),
        "y_test": run.y_test.tolist(),
        "parameters_per_epoch": run.history.tolist(),
        "loss": run.loss.tolist(),
        "diverged_at": run.diverged_at,
    }


def dumps(run: Run) -> str:
    """`run` as a JSON string."""
    return json.dumps(run_to_dict(run))


def run_from_dict(data: dict) -> Run:
    """The Run that run_to_dict described; ValueError if the description does not hold up."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("this is not a Gentle ANN run file")
    if data.get("version") != VERSION:
        raise ValueError(f"unsupported run file version {data.get('version')!r}")
    try:
        settings = dict(data["config"])
        settings["hidden_units"] = tuple(settings["hidden_units"])
        config = TrainingConfig(**settings)
        sizes = tuple(int(n) for n in data["sizes"])
        history = np.array(data["parameters_per_epoch"], dtype=float)
        loss = np.array(data["loss"], dtype=float)
        X, y = np.array(data["X"], dtype=float), np.array(data["y"], dtype=float)
        X_test = np.array(data["X_test"], dtype=float).reshape(-1, sizes[0])
        y_test = np.array(data["y_test"], dtype=float)
        diverged_at = data["diverged_at"]
    except (KeyError, TypeError) as error:
        raise ValueError(f"the run file is incomplete or malformed ({error})") from None
    if sizes[1:-1] != config.hidden_units or history.shape != (len(loss) + 1, n_parameters(sizes)):
        raise ValueError("the parameters do not fit the network the file describes")
    if X.ndim != 2 or X.shape != (len(y), sizes[0]) or len(X_test) != len(y_test):
        raise ValueError("the data in the run file have inconsistent shapes")
    return Run(config, X, y, X_test, y_test, sizes, history, loss, diverged_at)


def loads(text: str) -> Run:
    """The Run saved by `dumps`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"the run file is not valid JSON ({error.msg})") from None
    return run_from_dict(data)
