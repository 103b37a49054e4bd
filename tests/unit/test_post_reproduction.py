"""The engine reproduces the post's own runs (Figures 8 to 14 and extra sizes), number for number.

tests/data/post_runs.npz holds what the post's code computed (made once by
tests/data/make_post_reference.py, which runs the code straight from the post's markdown).
"""

import json
from pathlib import Path

import numpy as np
import pytest

from ann_core import TrainingConfig, train

RUNS = json.loads((Path(__file__).resolve().parents[1] / "data" / "post_runs.json").read_text())[
    "runs"
]
ENGINES = ["numpy", "numba"]
TOLERANCE = 1e-9


def config_of(run: dict) -> TrainingConfig:
    return TrainingConfig(
        problem=run["problem"],
        hidden_units=run["n_hidden_units"],
        epochs=run["n_iterations"],
        n_observations=run["n_observations"],
        learning_rate=run["learning_rate"],
        seed=run["seed"],
    )


def test_the_reference_covers_all_seven_figures():
    figures = {run["figure"] for run in RUNS if run.get("figure")}
    assert {f"Figure {n}" for n in range(8, 15)} <= figures


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("reference", RUNS, ids=[run["name"] for run in RUNS])
def test_run_matches_the_posts_code(reference, engine, post_runs):
    _, data = post_runs
    name = reference["name"]
    run = train(config_of(reference), engine=engine)
    close = {"rtol": 0, "atol": TOLERANCE}
    np.testing.assert_array_equal(run.X, data[f"{name}/X"])
    np.testing.assert_array_equal(run.y, data[f"{name}/y"])
    np.testing.assert_allclose(run.history[0], data[f"{name}/params_init"], **close)
    np.testing.assert_allclose(run.loss, data[f"{name}/loss"], **close)
    np.testing.assert_allclose(run.history[1:], data[f"{name}/params"], **close)
    np.testing.assert_allclose(run.predict(run.X), data[f"{name}/train_output"], **close)
    # The post's prediction_history[e] is the output after e + 1 epochs.
    after = data[f"{name}/prediction_epochs"] + 1
    predictions = data[f"{name}/predictions"]
    if run.config.task == "classification":
        grid = np.column_stack([data["grid/surface_x"].ravel(), data["grid/surface_y"].ravel()])
        ours = run.predict_epochs(grid, after).reshape(predictions.shape)
    else:
        ours = run.predict_epochs(data["grid/series_x"][:, None], after)
    np.testing.assert_allclose(ours, predictions, **close)


def test_the_posts_ring_run_does_not_learn():
    run = train(TrainingConfig(problem="RING", hidden_units=(4,)))
    assert run.loss[0] == pytest.approx(45.73, abs=0.005)
    assert run.loss[-1] == pytest.approx(43.37, abs=0.005)
    # 400 of the 450 points are class 1: the network says "1" everywhere, from start to end
    np.testing.assert_allclose(run.accuracy, 8 / 9)


def test_the_ring_learns_without_annealing():
    run = train(TrainingConfig(problem="RING", hidden_units=(4,), anneal=1.0))
    assert run.accuracy[-1] > 0.95
    assert run.loss[-1] < run.loss[0] / 3
