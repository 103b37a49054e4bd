"""TrainingConfig at the boundary: it normalises numbers, refuses every wrong value with a
ValueError naming the setting, and whatever it accepts trains."""

import dataclasses
import math
import random
import string

import numpy as np
import pytest

from ann_core import TrainingConfig, serialize, train
from ann_core.activations import ACTIVATIONS
from ann_core.config import CUSTOM, TASKS
from ann_core.datasets import PROBLEMS, n_inputs_of, task_of
from ann_core.features import FEATURES, features_of, input_features
from ann_core.losses import LOSSES
from ann_core.network import MAX_HIDDEN_LAYERS
from ann_core.regularization import REGULARIZATIONS

#: Each number setting's valid values: (low, high, whole numbers only, low itself excluded).
RANGES = {
    "learning_rate": (0.0, 1e6, False, True),
    "epochs": (1, 10_000, True, False),
    "n_observations": (1, 5_000, True, False),
    "noise": (0.0, 10.0, False, False),
    "anneal": (0.0, 1.0, False, True),
    "momentum": (0.0, 0.999, False, False),
    "batch_size": (1, 100_000, True, False),
    "test_fraction": (0.0, 0.9, False, False),
    "seed": (0, 2**32 - 1, True, False),
    "reg_rate": (0.0, 10.0, False, False),
}
#: Each named setting's valid names.
NAMES = {
    "problem": (*PROBLEMS, CUSTOM),
    "task": TASKS,
    "hidden_activation": tuple(ACTIVATIONS),
    "output_activation": tuple(ACTIVATIONS),
    "loss": tuple(LOSSES),
    "regularization": REGULARIZATIONS,
}
OPTIONAL = {"task", "hidden_activation", "output_activation", "noise", "batch_size", "features"}
SETTINGS = [field.name for field in dataclasses.fields(TrainingConfig)]


def test_whole_number_floats_and_numpy_scalars_become_plain_numbers():
    assert TrainingConfig(seed=5.0) == TrainingConfig(seed=5)
    assert hash(TrainingConfig(seed=5.0)) == hash(TrainingConfig(seed=5))
    config = TrainingConfig(
        hidden_units=[np.int64(3), 2.0],
        epochs=np.float64(10.0),
        n_observations=np.int32(7),
        batch_size=4.0,
        seed=np.uint32(9),
        learning_rate=np.float32(0.5),
        momentum=np.int64(0),
        noise=1,
        reg_rate=np.int64(0),
    )
    assert config.hidden_units == (3, 2) and config.batch_size == 4
    for name in ("epochs", "n_observations", "batch_size", "seed", *config.hidden_units):
        value = getattr(config, name) if isinstance(name, str) else name
        assert type(value) is int
    for name in ("learning_rate", "momentum", "noise", "anneal", "test_fraction", "reg_rate"):
        assert type(getattr(config, name)) is float
    assert TrainingConfig(hidden_units=np.int64(4)).hidden_units == (4,)
    assert TrainingConfig(hidden_units=0).hidden_units == ()


def test_a_whole_float_batch_size_trains_alike_in_both_engines():
    config = TrainingConfig(problem="XOR", hidden_units=(2,), epochs=10.0, batch_size=4.0)
    fast, reference = train(config, engine="numba"), train(config, engine="numpy")
    np.testing.assert_allclose(fast.history, reference.history, rtol=0, atol=1e-9)
    assert fast.epochs == reference.epochs == 10


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"seed": 5.5}, "seed=5.5 must be a whole number"),
        ({"hidden_units": (4, 2.5)}, "hidden_units=.* whole numbers"),
        ({"n_observations": float("inf")}, "n_observations=inf must be finite"),
        ({"epochs": True}, "epochs=True must be a number"),
        ({"seed": np.bool_(False)}, "seed=.* must be a number"),
        ({"hidden_units": -2}, "hidden_units=.*1 to 16 units"),
        ({"seed": 2**4000}, r"seed=1\d+\.\.\.\d+ must be in"),  # a long value is cut short
        ({"problem": "SIN", "task": "classification"}, "problem='SIN' is a regression .*task="),
        ({"problem": "XOR", "task": "regression"}, "problem='XOR' is a classification .*task="),
        ({"problem": "CUSTOM", "task": None}, "problem='CUSTOM' needs task"),
    ],
)
def test_refusals_name_the_setting(changes, message):
    with pytest.raises(ValueError, match=f"^invalid TrainingConfig: {message}"):
        TrainingConfig(**changes)


def test_a_custom_problem_takes_either_task():
    for task in TASKS:
        assert TrainingConfig(problem="CUSTOM", task=task).task == task
    assert TrainingConfig(problem="SIN", task="regression") == TrainingConfig(problem="SIN")


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choices(string.ascii_letters + string.digits + " _-", k=rng.randint(0, 12)))


def _wrong_for_any(rng: random.Random) -> object:
    """A value no setting takes."""
    makers = [
        object,
        dict,
        lambda: {"units": 3},
        lambda: {1, 2},
        lambda: [rng.random(), "x"],
        lambda: np.array([1.0, 2.0]),
        lambda: np.array(3.0),
        lambda: complex(1, rng.random()),
        lambda: b"XOR",
        lambda: float("nan"),
        lambda: np.float64("nan"),
        lambda: rng.choice([float("inf"), -float("inf")]),
        lambda: rng.choice([True, False, np.True_]),
        lambda: rng.choice([1, -1]) * 10 ** rng.randint(400, 5000),
        lambda: [[[]]],
        lambda: TrainingConfig,
    ]
    return rng.choice(makers)()


def _wrong_for(name: str, rng: random.Random) -> object:
    """A random value that setting `name` must refuse (with the other settings the defaults)."""
    if rng.random() < 0.4:
        return _wrong_for_any(rng)
    if name not in OPTIONAL and rng.random() < 0.1:
        return None
    if name in NAMES:
        text = rng.choice([_random_text(rng), rng.choice(NAMES[name]).lower() + "!"])
        extra = {"task": ["regression"], "problem": [CUSTOM]}.get(name, [])  # XOR's task is not
        return rng.choice([text, 1, 0.5, np.str_("x"), [NAMES[name][0]], *extra])
    if name == "features":  # the defaults are a classification problem's: XOR
        return rng.choice(
            [
                (),
                [],
                rng.choice(features_of("regression")),
                (rng.choice(features_of("regression")),),
                ("x1", rng.choice(features_of("regression"))),
                ("x1", "x1"),
                ["x2sq", "x1", "x2sq"],
                (rng.choice(list(FEATURES)).upper(),),
                (_random_text(rng),),
                ("x1", None),
                (1,),
                [["x1"]],
                ("x1", b"x2"),
                "x1",
                {"x1": True},
                np.array(["x1"]),
            ]
        )
    if name == "hidden_units":
        return rng.choice(
            [
                rng.randint(-5, -1),
                rng.randint(17, 10**6),
                (0,),
                (rng.randint(1, 16),) * rng.randint(MAX_HIDDEN_LAYERS + 1, MAX_HIDDEN_LAYERS + 5),
                [rng.randint(1, 16), rng.random() + 1.01],
                (str(rng.randint(1, 16)),),
                [None],
                [True],
                (float("nan"),),
                rng.random() + 1.01,
                str(rng.randint(1, 16)),
                np.array([3]),
            ]
        )
    low, high, integer, open_low = RANGES[name]
    spread = (rng.random() + 1e-3) * 10 ** rng.randint(0, 12)
    wrong = [low - spread, math.floor(low - spread), high + spread, math.ceil(high + spread)]
    if open_low:
        wrong.append(low)
    if integer:
        wrong.append(low + rng.randint(0, 100) + rng.uniform(0.01, 0.99))
    value = rng.choice(wrong)
    return rng.choice([value, np.array(value)[()], str(value)])  # as is, NumPy scalar, text


def test_fuzz_wrong_values_raise_only_value_errors_naming_the_setting():
    rng = random.Random(1302)
    for _ in range(3000):
        name = rng.choice(SETTINGS)
        value = _wrong_for(name, rng)
        with pytest.raises(ValueError, match=r"^invalid TrainingConfig: ") as refused:
            TrainingConfig(**{name: value})
        assert f"{name}=" in str(refused.value), (name, value)


def test_fuzz_many_wrong_values_at_once_raise_only_value_errors():
    rng = random.Random(7)
    for _ in range(1000):
        names = rng.sample(SETTINGS, rng.randint(2, len(SETTINGS)))
        with pytest.raises(ValueError, match=r"^invalid TrainingConfig: "):
            TrainingConfig(**{name: _wrong_for(name, rng) for name in names})


#: Data for CUSTOM configs: valid for their task.
CUSTOM_DATA = {
    "classification": (np.array([[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.4]]), [0, 1, 1, 0, 1]),
    "regression": (np.linspace(-1, 1, 6), np.linspace(-1, 1, 6) ** 2),
}


def _number(rng: random.Random, value: float, integer: bool) -> object:
    """`value` in one of the forms the app or a user might pass."""
    forms = [int, float, np.int64] if integer else [float, np.float64]
    return rng.choice(forms)(value)


def _random_valid_settings(rng: random.Random) -> dict:
    """Random settings from every setting's valid values; small, so the runs are quick."""
    problem = rng.choice([*PROBLEMS, CUSTOM])
    task = rng.choice(TASKS) if problem == CUSTOM else task_of(problem)
    loss = rng.choice(tuple(LOSSES))
    layers = [_number(rng, rng.randint(1, 16), True) for _ in range(rng.randint(0, 4))]
    settings = {
        "problem": problem,
        "task": task if problem == CUSTOM or rng.random() < 0.5 else None,
        "hidden_units": rng.choice([layers, tuple(layers)]),
        "hidden_activation": rng.choice([None, *ACTIVATIONS]),
        "output_activation": "sigmoid" if loss == "cross_entropy" else rng.choice([None, "relu"]),
        "loss": loss,
        "learning_rate": _number(rng, rng.choice([10 ** rng.uniform(-4, 6), 1e6]), False),
        "epochs": _number(rng, rng.randint(1, 5), True),
        "n_observations": _number(rng, rng.randint(1, 12), True),
        "noise": rng.choice([None, 0.0, 10.0, _number(rng, rng.uniform(0, 10), False)]),
        "anneal": _number(rng, rng.choice([1.0, 1.0 - rng.random()]), False),
        "momentum": _number(rng, rng.choice([0.0, 0.999, rng.uniform(0, 0.999)]), False),
        "batch_size": rng.choice([None, 100_000, _number(rng, rng.randint(1, 30), True)]),
        "test_fraction": rng.choice([0.0, 0.9, rng.uniform(0, 0.9)]),
        "seed": _number(rng, rng.randint(0, 2**32 - 1), True),
        "features": _random_features(rng, task, n_inputs_of(problem, task)),
        "regularization": rng.choice(REGULARIZATIONS),
        "reg_rate": _number(rng, rng.choice([0.0, 10.0, 10 ** rng.uniform(-4, 1)]), False),
    }
    kept = ("problem", "task", "loss", "output_activation")  # the others may take defaults
    return {name: value for name, value in settings.items() if name in kept or rng.random() < 0.8}


def _random_features(rng: random.Random, task: str, n_inputs: int) -> object:
    """A random non-empty choice of the features of `task`'s data of `n_inputs` columns, in any
    order, as a list or a tuple."""
    names = list(input_features(task, n_inputs))
    chosen = rng.sample(names, rng.randint(1, len(names)))
    return rng.choice([None, chosen, tuple(chosen), [np.str_(name) for name in chosen]])


def test_features_take_the_tasks_raw_inputs_by_default_and_come_in_table_order():
    assert TrainingConfig(problem="XOR").features == ("x1", "x2")
    assert TrainingConfig(problem="SIN").features == ("x",)
    assert TrainingConfig(problem="CUSTOM", task="regression").features == ("x",)
    mixed = TrainingConfig(features=["sinx2", np.str_("x1sq"), "x1"])
    assert mixed.features == ("x1", "x1sq", "sinx2")
    assert all(type(name) is str for name in mixed.features)
    assert mixed == TrainingConfig(features=("x1", "sinx2", "x1sq"))
    assert hash(mixed) == hash(TrainingConfig(features=("x1sq", "x1", "sinx2")))
    assert mixed.sizes == (3, 1) and TrainingConfig(hidden_units=(4, 2)).sizes == (2, 4, 2, 1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"features": ()}, r"features=\(\) must name at least one feature"),
        ({"features": ("x",)}, r"features=\('x',\) has \['x'\], not of task 'classification'"),
        ({"problem": "SIN", "features": ("x", "x1sq")}, "features=.* not of task 'regression'"),
        ({"features": ("x1", "x1")}, "features=.* must name each feature once"),
        ({"features": "x1"}, "features='x1' must be a tuple of feature names"),
        ({"features": ("x1", "x3")}, "features=.* must hold feature names from x1, x2, x1sq"),
    ],
)
def test_features_refusals_name_the_setting(changes, message):
    with pytest.raises(ValueError, match=f"^invalid TrainingConfig: {message}"):
        TrainingConfig(**changes)


def test_fuzz_every_config_that_constructs_trains_and_loads_back():
    rng = random.Random(2024)
    for _ in range(150):
        config = TrainingConfig(**_random_valid_settings(rng))
        data = CUSTOM_DATA[config.task] if config.problem == CUSTOM else None
        for engine in ("numpy", "numba"):
            run = train(config, data=data, engine=engine)
            assert run.history.shape[0] == run.epochs + 1 <= config.epochs + 1
            assert run.diverged_at == (None if run.epochs == config.epochs else run.epochs + 1)
        assert serialize.loads(serialize.dumps(run)).config == config
