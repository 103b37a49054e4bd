"""The loss after an epoch, and the loss landscape around it: a filter-normalised plane and the
line from the initial parameters, checked against independent computations."""

import dataclasses
from itertools import pairwise

import numpy as np
import pytest

from ann_core import TrainingConfig, landscape, train
from ann_core.landscape import directions, line, project, slice_2d


@pytest.fixture(scope="module")
def runs():
    return {
        "xor": train(TrainingConfig(problem="XOR", hidden_units=(4,), epochs=40)),
        "sin": train(
            TrainingConfig(
                problem="SIN",
                hidden_units=(3, 2),
                n_observations=60,
                learning_rate=0.1,
                epochs=30,
                test_fraction=0.25,
                regularization="l2",
                reg_rate=0.01,
            )
        ),
        "features": train(
            TrainingConfig(
                problem="CIRCLE",
                features=("x1sq", "x2sq"),
                loss="cross_entropy",
                batch_size=10_000,
                epochs=25,
            )
        ),
    }


NAMES = ["xor", "sin", "features"]


def _by_hand_sse(run, epoch):
    """XOR's summed squared error after `epoch`, from the (W, b) of two sigmoid layers."""
    (w1, b1), (w2, b2) = run.parameters(epoch)
    hidden = 1 / (1 + np.exp(-(run.X @ w1 + b1)))
    output = 1 / (1 + np.exp(-(hidden @ w2 + b2)))[:, 0]
    return np.sum((output - run.y) ** 2)


def test_the_loss_after_an_epoch_is_measured_with_its_parameters(runs):
    run = runs["xor"]
    picked = [0, 7, 40]
    np.testing.assert_allclose(run.loss_after(picked), [_by_hand_sse(run, e) for e in picked])
    assert run.loss_after().shape == (41,)
    # online training sums epoch 1's loss while the weights move: not the loss after epoch 0
    assert abs(run.loss[0] - run.loss_after([0])[0]) > 0.1
    # a full batch sums it with the parameters before its one step, those after epoch e - 1
    full = runs["features"]
    np.testing.assert_allclose(full.loss, full.loss_after()[:-1], rtol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_the_slices_centre_is_the_loss_after_the_epoch_exactly(runs, name):
    run = runs[name]
    for epoch in (0, 9, run.epochs):
        plane = slice_2d(run, epoch, seed=1, radius=0.5, resolution=9)
        assert plane.loss[4, 4] == run.loss_after([epoch])[0]
        assert plane.alphas[4] == plane.betas[4] == 0.0
        assert tuple(plane.path[epoch]) == (0.0, 0.0)
        assert plane.path.shape == (run.epochs + 1, 2) and plane.loss.shape == (9, 9)


@pytest.mark.parametrize("name", NAMES)
def test_every_grid_point_is_the_loss_of_its_own_parameters(runs, name):
    run = runs[name]
    plane = slice_2d(run, 12, seed=4, radius=2.0, resolution=5)
    d1, d2 = plane.directions
    theta = run.history[12]
    np.testing.assert_array_equal(plane.alphas, [-2.0, -1.0, 0.0, 1.0, 2.0])
    for i, j in [(0, 0), (1, 3), (4, 2), (3, 4)]:
        point = theta + plane.alphas[i] * d1 + plane.betas[j] * d2
        alone = run.loss_of(point[None, :], run.X, run.y)[0]
        assert plane.loss[j, i] == pytest.approx(alone, rel=1e-12)  # rows along beta


def test_slices_are_reproducible_from_their_seed(runs):
    run = runs["sin"]
    first, again = slice_2d(run, seed=7, resolution=7), slice_2d(run, seed=7, resolution=7)
    assert np.array_equal(first.loss, again.loss) and np.array_equal(first.path, again.path)
    other = slice_2d(run, seed=8, resolution=7)
    assert not np.array_equal(first.loss, other.loss)
    assert not np.array_equal(first.directions, other.directions)
    assert not np.array_equal(first.directions[0], first.directions[1])


@pytest.mark.parametrize("name", NAMES)
def test_each_units_direction_has_the_norm_of_its_incoming_weights(runs, name):
    run = runs[name]
    epoch = run.epochs // 2
    theta = run.history[epoch]
    for direction in directions(run, epoch, seed=3):
        # the flat layout by hand: every W row-major, layer after layer, then every b
        start = 0
        for n_in, n_out in pairwise(run.sizes):
            block = slice(start, start + n_in * n_out)
            d_w, w = direction[block], theta[block]
            for unit in range(n_out):
                incoming = [i * n_out + unit for i in range(n_in)]
                assert np.sqrt(np.sum(d_w[incoming] ** 2)) == pytest.approx(
                    np.sqrt(np.sum(w[incoming] ** 2)), rel=1e-12
                )
            start += n_in * n_out
        assert not direction[start:].any()  # the biases stay where they are
        assert len(direction) - start == sum(run.sizes[1:])


def test_the_projection_of_a_point_on_the_plane_is_its_coordinates(runs):
    run = runs["xor"]
    d = directions(run, 20, seed=5)
    theta = run.history[20]
    for a, b in [(0.3, -1.2), (0.0, 2.5), (-4.0, 0.0)]:
        point = theta + a * d[0] + b * d[1]
        np.testing.assert_allclose(project(point - theta, d), [[a, b]], rtol=0, atol=1e-12)
    plane = slice_2d(run, 20, seed=5, resolution=3)
    np.testing.assert_allclose(plane.path, project(run.history - theta, d))
    # off the plane, the least-squares point: the offset minus its projection is orthogonal
    offset = run.history[0] - theta
    a, b = project(offset, d)[0]
    residual = offset - a * d[0] - b * d[1]
    np.testing.assert_allclose(d @ residual, [0.0, 0.0], atol=1e-9 * np.linalg.norm(offset))


@pytest.mark.parametrize("name", NAMES)
def test_the_line_runs_from_the_initial_loss_to_the_epochs(runs, name):
    run = runs[name]
    along = line(run, 15)
    assert along.alphas[0] == -0.5 and along.alphas[-1] == 1.5 and len(along.alphas) == 41
    assert along.loss[along.alphas == 0.0][0] == run.loss_after([0])[0]
    assert along.loss[along.alphas == 1.0][0] == run.loss_after([15])[0]
    halfway = (run.history[0] + run.history[15]) / 2
    assert along.loss[along.alphas == 0.5][0] == pytest.approx(
        run.loss_of(halfway[None, :], run.X, run.y)[0], rel=1e-12
    )
    wider = line(run, 15, low=-1.0, high=2.0, per_unit=4)
    np.testing.assert_array_equal(wider.alphas, np.arange(-4, 9) / 4)


def test_a_stack_evaluated_in_pieces_is_the_same(runs, monkeypatch):
    run = runs["xor"]
    whole = slice_2d(run, seed=2, resolution=11)
    monkeypatch.setattr(landscape, "CHUNK", len(run.y) * max(run.sizes) * 7)  # 7 rows a piece
    pieces = slice_2d(run, seed=2, resolution=11)
    np.testing.assert_allclose(pieces.loss, whole.loss, rtol=1e-13)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda run: slice_2d(run, resolution=103), r"resolution=103 must be in \[3, 101\]"),
        (lambda run: slice_2d(run, resolution=1), r"resolution=1 must be in \[3, 101\]"),
        (lambda run: slice_2d(run, resolution=40), "resolution=40 must be odd"),
        (lambda run: slice_2d(run, resolution=2.5), "resolution=2.5 must be a whole number"),
        (lambda run: slice_2d(run, resolution="41"), "resolution='41' must be a number"),
        (lambda run: slice_2d(run, radius=0.0), r"radius=0.0 must be in \(0, 10\]"),
        (lambda run: slice_2d(run, radius=11), r"radius=11.0 must be in \(0, 10\]"),
        (lambda run: slice_2d(run, radius=float("nan")), "radius=nan must be finite"),
        (lambda run: slice_2d(run, seed=-1), "seed=-1 must be in"),
        (lambda run: slice_2d(run, seed=1.5), "seed=1.5 must be a whole number"),
        (lambda run: slice_2d(run, epoch=41), r"epoch must be in \[0, 40\]"),
        (lambda run: directions(run, epoch=-1), r"epoch must be in \[0, 40\]"),
        (lambda run: line(run, low=0.5), r"low=0.5 must be in \[-10, 0\]"),
        (lambda run: line(run, high=0.9), r"high=0.9 must be in \[1, 11\]"),
        (lambda run: line(run, per_unit=0), r"per_unit=0 must be in \[1, 1001\]"),
        (lambda run: line(run, per_unit=600), "per_unit=600 gives 1201 points"),
        (lambda run: line(run, epoch=99), r"epoch must be in \[0, 40\]"),
    ],
)
def test_bad_arguments_are_refused_naming_them(runs, call, message):
    with pytest.raises(ValueError, match=message):
        call(runs["xor"])


def test_the_cost_of_one_evaluation_counts_every_weight_and_bias_once_a_row(runs):
    run = runs["sin"]  # 1 input, 3 and 2 tanh units, 1 output
    assert run.sizes == (1, 3, 2, 1)
    assert landscape.evaluation_cost(run) == len(run.y) * ((1 + 1) * 3 + (3 + 1) * 2 + (2 + 1))
    assert landscape.evaluation_cost(run) == len(run.y) * run.history.shape[1]


@pytest.mark.parametrize("name", NAMES)
def test_the_fitting_resolution_is_the_finest_odd_grid_within_the_budget(runs, name):
    run = runs[name]
    cost = landscape.evaluation_cost(run)
    fitting = landscape.fitting_resolution
    assert fitting(run, 41, budget=41**2 * cost) == 41  # exactly on budget
    assert fitting(run, 41, budget=41**2 * cost - 1) == 39
    assert fitting(run, 41, budget=40**2 * cost) == 39  # even grids are skipped
    assert fitting(run, 21, budget=1e15) == 21  # never finer than asked
    assert fitting(run, 41, budget=1.0) == 5  # never coarser than the coarsest
    assert fitting(run, 41, budget=1.0, coarsest=3) == 3
    for budget in (30.5 * cost, 400 * cost, 2000 * cost):
        r = fitting(run, 101, budget)
        assert r % 2 == 1 and r**2 * cost <= budget < (r + 2) ** 2 * cost, budget


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"finest": 40, "budget": 1e6}, "finest=40 and coarsest=5 must be odd"),
        ({"finest": 103, "budget": 1e6}, r"finest=103 must be in \[3, 101\]"),
        ({"finest": 41, "budget": 0.0}, r"budget=0.0 must be in \(0"),
        ({"finest": 41, "budget": 1e6, "coarsest": 43}, r"coarsest=43 must be in \[3, 41\]"),
    ],
)
def test_a_bad_fitting_resolution_is_refused_naming_it(runs, kwargs, message):
    with pytest.raises(ValueError, match=message):
        landscape.fitting_resolution(runs["xor"], **kwargs)


def test_the_shadow_share_is_the_part_of_the_way_the_plane_keeps(runs):
    run = runs["xor"]
    plane = slice_2d(run, 30, seed=2, resolution=3)
    way = run.history[0] - run.history[30]
    a, b = plane.path[0]
    kept = a * plane.directions[0] + b * plane.directions[1]
    # the shadow is the plane's nearest point, so shadow and residual are at right angles
    assert landscape.shadow_share(run, plane) == pytest.approx(
        np.linalg.norm(kept) / np.linalg.norm(way), rel=1e-12
    )
    residual = way - kept
    assert np.linalg.norm(kept) ** 2 + np.linalg.norm(residual) ** 2 == pytest.approx(
        np.linalg.norm(way) ** 2, rel=1e-9
    )
    assert 0 < landscape.shadow_share(run, plane) < 1
    assert landscape.shadow_share(run, slice_2d(run, 0, resolution=3)) is None


def test_a_way_inside_the_plane_is_kept_whole(runs):
    run = runs["xor"]
    plane = slice_2d(run, 30, seed=2, resolution=3)
    # a run whose start lies on the plane: θ₀ = θ + 0.7 d₁ − 0.2 d₂
    start = run.history[30] + 0.7 * plane.directions[0] - 0.2 * plane.directions[1]
    moved = dataclasses.replace(run, history=np.vstack([start, run.history[1:]]))
    on_plane = slice_2d(moved, 30, seed=2, resolution=3)
    assert landscape.shadow_share(moved, on_plane) == pytest.approx(1.0, rel=1e-9)


@pytest.mark.parametrize("name", NAMES)
def test_the_loss_on_the_plane_is_the_slices_at_its_grid_points(runs, name):
    run = runs[name]
    plane = slice_2d(run, 10, seed=6, radius=1.5, resolution=7)
    picked = [(0, 0), (2, 5), (6, 3), (3, 3)]
    points = np.array([(plane.alphas[i], plane.betas[j]) for i, j in picked])
    on_plane = landscape.loss_on_plane(run, plane, points)
    np.testing.assert_array_equal(on_plane, [plane.loss[j, i] for i, j in picked])
    # under a shadow the plane's loss is not the epoch's own (the path leaves the plane)
    under_start = landscape.loss_on_plane(run, plane, plane.path[0])[0]
    assert under_start != pytest.approx(run.loss_after([0])[0], rel=1e-3)
