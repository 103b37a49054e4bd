"""Save a trained run as JSON and load it back, without retraining.

The file holds the settings, the data trained on and the parameters after every epoch, so a
student's download reopens as the same Run, every epoch of it. A file that does not hold up
(edited by hand, cut short, from elsewhere) is refused with a ValueError saying what is wrong.

Version 2 added the settings `features` (the network takes one input per feature; the data stay
raw), `regularization` and `reg_rate`. A version 1 file, saved before, holds every other setting:
it loads with the raw inputs as its features and no penalty, which is how it was trained.
Version 3 added `segments`: each stretch of epochs and its settings, for a run continued from
some epoch with other settings (continuation.py); a file of an older version is one segment.
"""

from __future__ import annotations

import dataclasses
import json
from itertools import chain

import numpy as np

from .config import TrainingConfig
from .network import n_parameters
from .run import Run, Segment

FORMAT = "gentle-ann-run"
VERSION = 3
KEYS_OF_VERSION_2 = (
    "format",
    "version",
    "config",
    "sizes",
    "activations",
    "X",
    "y",
    "X_test",
    "y_test",
    "parameters_per_epoch",
    "loss",
    "diverged_at",
)
#: The entries each version of the file holds.
KEYS_OF_VERSION = {1: KEYS_OF_VERSION_2, 2: KEYS_OF_VERSION_2, 3: (*KEYS_OF_VERSION_2, "segments")}
SETTINGS = tuple(field.name for field in dataclasses.fields(TrainingConfig))
#: The settings each version of the file holds (a missing one takes its default).
ADDED_IN_VERSION_2 = ("features", "regularization", "reg_rate")
SETTINGS_OF_VERSION = {
    1: tuple(s for s in SETTINGS if s not in ADDED_IN_VERSION_2),
    2: SETTINGS,
    3: SETTINGS,
}
SEGMENT_KEYS = ("start", "config")


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
        "segments": [
            {"start": segment.start, "config": dataclasses.asdict(segment.config)}
            for segment in run.segments
        ],
    }


def dumps(run: Run) -> str:
    """`run` as a JSON string."""
    return json.dumps(run_to_dict(run))


def run_from_dict(data: dict) -> Run:
    """The Run that run_to_dict described; ValueError if the description does not hold up."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("this is not a Gentle ANN run file")
    version = data.get("version")
    if not (_is_int(version) and version in SETTINGS_OF_VERSION):
        raise ValueError(f"unsupported run file version {version!r}")
    _check_keys(data, KEYS_OF_VERSION[version], "the run file")
    config = _config(data["config"], version, "the run file's config")
    sizes = config.sizes
    if _as_tuple(data["sizes"]) != sizes or not all(map(_is_int, data["sizes"])):
        raise ValueError(f"the run file's sizes must be {list(sizes)}, the config's network")
    if _as_tuple(data["activations"]) != config.activations:
        raise ValueError(f"the run file's activations must be {list(config.activations)}")
    X, X_test = (_array(data, key, (None, config.n_inputs)) for key in ("X", "X_test"))
    y, y_test, loss = (_array(data, key, (None,)) for key in ("y", "y_test", "loss"))
    history = _array(data, "parameters_per_epoch", (len(loss) + 1, n_parameters(sizes)))
    if len(y) == 0 or len(X) != len(y) or len(X_test) != len(y_test):
        raise ValueError("the run file's data need one target per row, and at least one row")
    labels = np.concatenate([y, y_test])
    if config.task == "classification" and not np.isin(labels, (0.0, 1.0)).all():
        raise ValueError("the run file's class labels must be 0 or 1")
    if len(loss) > config.epochs:
        raise ValueError("the run file's loss has more epochs than its config")
    # as training records it: None when every epoch ran, else the first epoch that did not
    diverged_at = data["diverged_at"]
    expected = None if len(loss) == config.epochs else len(loss) + 1
    if not (diverged_at is None or _is_int(diverged_at)) or diverged_at != expected:
        raise ValueError(f"the run file's diverged_at must be {expected} for its loss")
    segments = _segments(data["segments"], version) if version >= 3 else ()
    try:  # Run checks that the segments follow each other, end with config, keep its network
        return Run(config, X, y, X_test, y_test, sizes, history, loss, diverged_at, segments)
    except ValueError as error:
        raise ValueError(f"the run file's {error}") from None


def loads(text: str | bytes) -> Run:
    """The Run saved by `dumps`; ValueError if the text is not one."""
    try:
        data = json.loads(text)
    except (ValueError, TypeError, RecursionError) as error:  # JSONDecodeError is a ValueError
        raise ValueError(f"the run file is not valid JSON ({error})") from None
    return run_from_dict(data)


def _config(table: object, version: int, name: str) -> TrainingConfig:
    """The settings in `table`; ValueError naming `name` (or the wrong setting) otherwise."""
    if not isinstance(table, dict):
        raise ValueError(f"{name} must be a table of settings")
    _check_keys(table, SETTINGS_OF_VERSION[version], name)
    return TrainingConfig(**table)  # a ValueError names the wrong setting


def _segments(value: object, version: int) -> tuple[Segment, ...]:
    """The run file's segments: a list of tables, each a start epoch and its settings."""
    if not isinstance(value, list) or not value:
        raise ValueError("the run file's segments must be a list of at least one segment")
    segments = []
    for number, table in enumerate(value, start=1):
        name = f"the run file's segment {number}"
        if not isinstance(table, dict):
            raise ValueError(f"{name} must be a table of start and config")
        _check_keys(table, SEGMENT_KEYS, name)
        if not _is_int(table["start"]):
            raise ValueError(f"{name}'s start must be a whole number")
        config = _config(table["config"], version, f"{name}'s config")
        segments.append(Segment(table["start"], config))
    return tuple(segments)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _as_tuple(value: object) -> tuple | None:
    """A list or tuple as a tuple, to compare with one; None for anything else."""
    return tuple(value) if isinstance(value, list | tuple) else None


def _check_keys(table: dict, keys: tuple[str, ...], name: str) -> None:
    if missing := [key for key in keys if key not in table]:
        raise ValueError(f"{name} is incomplete: it lacks {', '.join(missing)}")
    if unknown := [key for key in table if key not in keys]:
        raise ValueError(f"{name} has unknown entries {', '.join(map(repr, unknown))}")


def _numbers(value: object, depth: int) -> bool:
    """Whether `value` is lists nested `depth` deep with plain numbers (not bools) at the bottom."""
    level = [value]
    for _ in range(depth):
        if not set(map(type, level)) <= {list, tuple}:
            return False
        level = list(chain.from_iterable(level))
    return set(map(type, level)) <= {int, float}


def _array(data: dict, key: str, shape: tuple[int | None, ...]) -> np.ndarray:
    """data[key] as a float array of `shape` (None: any number of rows), if it is finite
    numbers; else ValueError."""
    value = data[key]
    wanted = ", ".join("n" if n is None else str(n) for n in shape)
    refusal = ValueError(f"the run file's {key} must be finite numbers of shape ({wanted})")
    if not _numbers(value, len(shape)):
        raise refusal
    try:
        array = np.array(value, dtype=float)
    except (ValueError, OverflowError):  # ragged, or an int too large for a float
        raise refusal from None
    if len(value) == 0:  # no rows to tell the width by
        array = array.reshape(0, *shape[1:])
    rows = len(value) if shape[0] is None else shape[0]
    if array.shape != (rows, *shape[1:]) or not np.isfinite(array).all():
        raise refusal
    return array
