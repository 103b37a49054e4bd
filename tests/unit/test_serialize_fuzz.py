"""Run files: a saved run loads back, and every malformed file is refused with a ValueError."""

import json
import random

import numpy as np
import pytest

from ann_core import TrainingConfig, serialize, train
from ann_core.datasets import N_INPUTS
from ann_core.network import n_parameters
from ann_core.run import Segment

CUSTOM_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.3, 0.6]])
CUSTOM_Y = np.array([0.0, 1.0, 1.0, 0.0, 1.0])


@pytest.fixture(scope="module")
def runs():
    """A few runs unlike each other: test split or not, perceptron, diverged, uploaded data,
    engineered features."""
    diverging = dict(hidden_units=(3,), learning_rate=1e4, output_activation="linear", epochs=20)
    return {
        "ring": train(
            TrainingConfig(
                problem="RING", hidden_units=(4, 2), epochs=7, n_observations=10, test_fraction=0.2
            )
        ),
        "sin": train(TrainingConfig(problem="SIN", hidden_units=(3,), epochs=4, n_observations=9)),
        "perceptron": train(TrainingConfig(problem="AND", epochs=3, n_observations=2)),
        "diverged": train(TrainingConfig(problem="SIN", n_observations=8, **diverging)),
        "custom": train(
            TrainingConfig(problem="CUSTOM", task="classification", hidden_units=2, epochs=3),
            data=(CUSTOM_X, CUSTOM_Y),
        ),
        "features": train(
            TrainingConfig(
                problem="CIRCLE",
                features=("x1sq", "x2sq", "x1x2"),
                hidden_units=(3, 2),
                epochs=4,
                n_observations=6,
                regularization="l2",
                reg_rate=0.1,
            )
        ),
    }


def test_the_fixture_runs_include_a_diverged_one(runs):
    assert runs["diverged"].diverged_at is not None
    assert len(runs["ring"].y_test) > 0 and len(runs["sin"].y_test) == 0
    assert runs["features"].penalty.all() and not runs["ring"].penalty.any()


@pytest.mark.parametrize("name", ["ring", "sin", "perceptron", "diverged", "custom", "features"])
def test_every_kind_of_run_loads_back_the_same(runs, name):
    run = runs[name]
    again = serialize.loads(serialize.dumps(run))
    assert again.config == run.config and again.sizes == run.sizes
    assert again.diverged_at == run.diverged_at
    for field in ("X", "y", "X_test", "y_test", "history", "loss"):
        np.testing.assert_array_equal(getattr(again, field), getattr(run, field))
        assert getattr(again, field).shape == getattr(run, field).shape
    np.testing.assert_array_equal(again.penalty, run.penalty)


def _place(data: dict, key: str) -> tuple[dict, str]:
    """The table holding `key` ('config.seed': the config's seed) and its name there."""
    return (data["config"], key[7:]) if key.startswith("config.") else (data, key)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("sizes", [], "sizes must be"),
        ("sizes", [2, 4, 2, 2], "sizes must be"),
        ("sizes", [2.0, 4, 2, 1], "sizes must be"),
        ("sizes", "2,4,2,1", "sizes must be"),
        ("activations", ["tanh", "tanh", "sigmoid"], "activations must be"),
        ("X", [[0.1, 0.2], [0.3]], "X must be finite numbers of shape"),
        ("X", [[0.1, 0.2, 0.3]], "X must be"),
        ("X", [[True, 0.2]], "X must be"),
        ("X", [["0.1", 0.2]], "X must be"),
        ("X", [[10**400, 0.2]], "X must be"),
        ("X", [], "X must be|at least one row"),
        ("y", lambda y: [float("nan")] * len(y), "y must be finite"),
        ("y", lambda y: [0.5] * len(y), "labels must be 0 or 1"),
        ("y_test", [0.0], "one target per row"),
        ("loss", [1.0] * 6 + [float("inf")], "loss must be finite"),
        ("loss", [1.0] * 6, "parameters_per_epoch must be"),
        ("loss", {"1": 1.0}, "loss must be"),
        ("parameters_per_epoch", None, "parameters_per_epoch must be"),
        ("diverged_at", "3", "diverged_at must be None"),
        ("diverged_at", 3, "diverged_at must be None"),
        ("diverged_at", 8.0, "diverged_at must be None"),
        ("config", [["seed", 1]], "config must be a table"),
        ("config.seed", 5.5, "seed=5.5 must be a whole number"),
        ("config.task", "regression", "problem='RING' is a classification problem"),
        ("config.epochs", 6, "loss has more epochs than its config"),
        ("config.epochs", 8, "diverged_at must be 8"),
        ("config.colour", "red", "unknown entries 'colour'"),
        ("version", True, "unsupported run file version"),
        ("version", 4, "unsupported run file version"),
        ("version", 0, "unsupported run file version"),
        ("version", 2, "unknown entries 'segments'"),
        ("config.features", [], "features=.* must name at least one feature"),
        ("config.features", ["x"], "features=.* not of task 'classification'"),
        ("config.features", ["x1", "x2", "x1x2"], "sizes must be"),
        ("config.regularization", "l3", "regularization='l3' must be one of none, l1, l2"),
        ("config.regularization", None, "regularization=None must be one of"),
        ("config.reg_rate", -0.1, r"reg_rate=-0.1 must be in \[0, 10\]"),
        ("config.reg_rate", "0.1", "reg_rate='0.1' must be a number"),
        ("format", None, "not a Gentle ANN run file"),
        ("extra", 1, "unknown entries 'extra'"),
    ],
)
def test_malformed_run_files_are_refused_saying_what_is_wrong(runs, key, value, message):
    data = serialize.run_to_dict(runs["ring"])
    table, name = _place(data, key)
    table[name] = value(table[name]) if callable(value) else value
    with pytest.raises(ValueError, match=message):
        serialize.run_from_dict(data)


def test_a_version_1_file_loads_with_the_raw_inputs_as_its_features_and_no_penalty(runs):
    for name in ("ring", "sin"):
        data = serialize.run_to_dict(runs[name])
        del data["segments"]
        data["version"] = 1
        with pytest.raises(ValueError, match="config has unknown entries 'features'"):
            serialize.run_from_dict(data)
        for setting in ("features", "regularization", "reg_rate"):
            del data["config"][setting]
        old = serialize.run_from_dict(data)
        assert old.config == runs[name].config
        assert old.segments == runs[name].segments == (Segment(0, old.config),)
        np.testing.assert_array_equal(old.predict(old.X), runs[name].predict(old.X))


def test_missing_entries_and_bad_json_are_refused(runs):
    for key in ["diverged_at", "config.hidden_units"]:
        data = serialize.run_to_dict(runs["ring"])
        table, name = _place(data, key)
        del table[name]
        with pytest.raises(ValueError, match=f"incomplete: it lacks {name}"):
            serialize.run_from_dict(data)
    for text in ["", "[" * 100_000 + "]" * 100_000, "1" * 5000, b"\xff\xfe", None, 3]:
        with pytest.raises(ValueError, match=r"not valid JSON|not a Gentle ANN run file"):
            serialize.loads(text)


WRONG = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2,
    0.5,
    -3.7,
    1e308,
    float("nan"),
    float("inf"),
    -float("inf"),
    10**30,
    10**400,
    "",
    "x",
    "sse",
    "1",
    [],
    [1],
    [[1, 2], [3]],
    [[]],
    [None],
    {},
    {"a": 1},
]


def _random_place(data: dict, rng: random.Random) -> tuple[dict | list, object]:
    """A random entry of nested dicts and lists: its container and its key or index there."""
    parent, key = data, rng.choice(list(data))
    while isinstance(parent[key], dict | list) and parent[key] and rng.random() < 0.6:
        parent = parent[key]
        key = rng.choice(list(parent) if isinstance(parent, dict) else range(len(parent)))
    return parent, key


def _mutate(data: dict, rng: random.Random) -> None:
    """One random change in place: delete, replace, cut short or lengthen something."""
    parent, key = _random_place(data, rng)
    kind = rng.choice(["delete", "replace", "replace", "resize"])
    if kind == "delete":
        del parent[key]
    elif kind == "replace":
        elsewhere, other = _random_place(data, rng)  # an entry that belongs somewhere else
        parent[key] = rng.choice([*WRONG, _copy(elsewhere[other]), rng.uniform(-2, 2)])
    elif isinstance(parent[key], list) and parent[key] and rng.random() < 0.5:
        del parent[key][rng.randrange(len(parent[key])) :]
    elif isinstance(parent[key], list):
        parent[key].append(_copy(rng.choice(parent[key] or WRONG)))


def _copy(value: object) -> object:
    return json.loads(json.dumps(value))


def _usable(run) -> None:
    """The accepted run answers what the app asks of it."""
    assert run.history.shape == (run.epochs + 1, n_parameters(run.sizes))
    assert len(run.X) == len(run.y) >= 1 and run.X.shape[1] == N_INPUTS[run.config.task]
    assert run.sizes[0] == len(run.config.features)
    arrays = (run.X, run.y, run.X_test, run.y_test, run.history, run.loss)
    assert all(np.isfinite(array).all() for array in arrays)
    assert run.predict(run.X).shape == run.y.shape
    assert len(run.parameters(0)) == len(run.sizes) - 1
    for per_epoch in (run.accuracy, run.test_accuracy, run.test_loss, run.penalty):
        assert per_epoch is None or per_epoch.shape == (run.epochs + 1,)


def test_fuzz_mutated_run_files_are_refused_with_value_errors_or_load(runs):
    rng = random.Random(13)
    bases = [serialize.run_to_dict(run) for run in runs.values()]
    outcomes = {"refused": 0, "loaded": 0}
    for _ in range(2500):
        data = _copy(rng.choice(bases))
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            _mutate(data, rng)
        try:
            run = serialize.run_from_dict(data)
        except ValueError:
            outcomes["refused"] += 1
            with pytest.raises(ValueError):
                serialize.loads(json.dumps(data))
            continue
        outcomes["loaded"] += 1
        _usable(run)
        _usable(serialize.loads(json.dumps(data)))
    assert outcomes["refused"] > 1000 and outcomes["loaded"] > 100, outcomes


def test_fuzz_damaged_run_file_text_is_refused_with_value_errors(runs):
    rng = random.Random(5)
    text, refused = serialize.dumps(runs["sin"]), 0
    for _ in range(500):
        start = rng.randrange(len(text))
        damaged = rng.choice(
            [
                text[:start],
                text[:start] + text[start + rng.randint(1, 20) :],
                text[:start] + rng.choice('{}[],:"0-.eE tnfNaI') + text[start + 1 :],
            ]
        )
        try:
            run = serialize.loads(damaged)
        except ValueError:
            refused += 1
            continue
        _usable(run)
    assert refused > 400
