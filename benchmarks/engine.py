"""Speed and memory of the ann_core engine, next to the post's own code.

    python benchmarks/engine.py            # all figures (about a minute)
    python benchmarks/engine.py --quick    # skip the fresh-process start-up timings

For each of the post's seven figure runs it times train + the prediction on every epoch's
surface (20 x 20 for classification, 20 points for regression), as the post's code computes
them, for the post's code (read from its markdown, see post_code.py), the NumPy reference and
the numba kernel; the same for runs beyond the post (input features, L1 and L2 penalties, the
newer activations, layers of different sizes), NumPy against numba; then restarts, the size of
a recorded run, and a fresh process's start. Timings are the best of several repeats, in the
same process, after one warm-up call.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ann_core import TrainingConfig, train  # noqa: E402
from ann_core.features import features_of  # noqa: E402
from ann_core.restarts import restarts  # noqa: E402

FIGURES = {
    "Figure 8 (OR, perceptron)": TrainingConfig(problem="OR"),
    "Figure 9 (AND, perceptron)": TrainingConfig(problem="AND"),
    "Figure 10 (XOR, perceptron)": TrainingConfig(problem="XOR"),
    "Figure 11 (XOR, 4 hidden)": TrainingConfig(problem="XOR", hidden_units=(4,)),
    "Figure 12 (RING, 4 hidden)": TrainingConfig(problem="RING", hidden_units=(4,)),
    "Figure 13 (SIN, 3 tanh)": TrainingConfig(
        problem="SIN", hidden_units=(3,), n_observations=200, learning_rate=0.2
    ),
    "Figure 14 (ABS, 3 tanh)": TrainingConfig(
        problem="ABS", hidden_units=(3,), n_observations=200, learning_rate=0.2
    ),
}
#: Runs with what the post does not have (issue 15), each one thing apart from a post's run.
BEYOND_THE_POST = {
    "CIRCLE, x1² x2², perceptron": TrainingConfig(problem="CIRCLE", features=("x1sq", "x2sq")),
    "SPIRAL, 7 features, 8 tanh": TrainingConfig(
        problem="SPIRAL",
        features=features_of("classification"),
        hidden_units=(8,),
        hidden_activation="tanh",
        learning_rate=0.3,
    ),
    "XOR, 4 hidden, L1": TrainingConfig(
        problem="XOR", hidden_units=(4,), regularization="l1", reg_rate=1e-4
    ),
    "SIN, 16 tanh, L2 (500 ep.)": TrainingConfig(
        problem="SIN",
        n_observations=40,
        test_fraction=0.3,
        hidden_units=(16,),
        learning_rate=0.05,
        anneal=1.0,
        epochs=500,
        regularization="l2",
        reg_rate=0.01,
    ),
    "RING, 4 ELU": TrainingConfig(problem="RING", hidden_units=(4,), hidden_activation="elu"),
    "RING, 4 softplus": TrainingConfig(
        problem="RING", hidden_units=(4,), hidden_activation="softplus"
    ),
    "GAUSSIAN, 4 leaky ReLU": TrainingConfig(
        problem="GAUSSIAN", hidden_units=(4,), hidden_activation="leaky_relu", learning_rate=0.3
    ),
    "SIN, (8, 3, 5, 2) tanh": TrainingConfig(
        problem="SIN", hidden_units=(8, 3, 5, 2), n_observations=200, learning_rate=0.05
    ),
}
GRID = np.linspace(-0.5, 1.5, 20)
SURFACE = np.column_stack([axis.ravel() for axis in np.meshgrid(GRID, GRID)])
SERIES = np.linspace(-5, 5, 20)[:, None]


def best_of(function, repeats: int) -> float:
    """The shortest of `repeats` wall-clock timings of function(), in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def engine_time(config: TrainingConfig, engine: str, repeats: int) -> float:
    points = SURFACE if config.task == "classification" else SERIES

    def work() -> None:
        train(config, engine=engine).predict_epochs(points)

    work()  # warm-up (compiles the kernel on first use)
    return best_of(work, repeats)


def post_time(config: TrainingConfig, repeats: int) -> float | None:
    try:
        from benchmarks.post_code import load_post_namespace, preserved_global_random_state
    except ImportError:
        return None
    try:
        namespace = load_post_namespace()
    except FileNotFoundError:
        return None

    def work() -> None:
        with preserved_global_random_state():
            np.random.seed(config.seed)  # noqa: NPY002 (the post's global state)
            namespace["run_ann_training_simulation"](
                problem_type=config.problem,
                n_hidden_units=sum(config.hidden_units),
                n_iterations=config.epochs,
                n_observations=config.n_observations,
                learning_rate=config.learning_rate,
            )

    return best_of(work, repeats)


def fresh_process_seconds(cache_dir: str) -> float:
    """Wall time of a new Python that imports ann_core and trains the post's RING run."""
    code = (
        "from ann_core import TrainingConfig, train;"
        "train(TrainingConfig(problem='RING', hidden_units=(4,)))"
    )
    env = {**os.environ, "NUMBA_CACHE_DIR": cache_dir, "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=REPO)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip fresh-process timings")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    print("train + predict on every epoch's surface (best of repeats, ms)")
    print(f"{'run':30s} {'post':>9s} {'numpy':>9s} {'numba':>9s} {'x post':>8s} {'x numpy':>8s}")
    for name, config in FIGURES.items():
        post = post_time(config, max(1, args.repeats // 2))
        numpy_s = engine_time(config, "numpy", max(1, args.repeats // 2))
        numba_s = engine_time(config, "numba", args.repeats)
        post_ms = f"{post * 1e3:9.1f}" if post else f"{'n/a':>9s}"
        ratio = f"{post / numba_s:7.0f}x" if post else f"{'n/a':>8s}"
        print(
            f"{name:30s} {post_ms} {numpy_s * 1e3:9.1f} {numba_s * 1e3:9.2f} {ratio} "
            f"{numpy_s / numba_s:7.0f}x"
        )
    if post_time(FIGURES["Figure 8 (OR, perceptron)"], 1) is None:
        print("(post's code not found: set GENTLE_ANN_POST to the post's markdown to compare)")

    print("\nbeyond the post: train + predict on every epoch's surface (best of repeats, ms)")
    print(f"{'run':30s} {'numpy':>9s} {'numba':>9s} {'x numpy':>8s}")
    for name, config in BEYOND_THE_POST.items():
        numpy_s = engine_time(config, "numpy", max(1, args.repeats // 2))
        numba_s = engine_time(config, "numba", args.repeats)
        print(f"{name:30s} {numpy_s * 1e3:9.1f} {numba_s * 1e3:9.2f} {numpy_s / numba_s:7.0f}x")

    ring = FIGURES["Figure 12 (RING, 4 hidden)"]
    xor = FIGURES["Figure 11 (XOR, 4 hidden)"]
    restarts(ring, 4)
    for label, config in (("RING", ring), ("XOR", xor)):
        seconds = best_of(lambda c=config: restarts(c, 100), 3)
        print(f"100 restarts of the post's {label} run: {seconds:.2f} s")

    long_run = train(TrainingConfig(problem="RING", hidden_units=(4,), epochs=1000))
    size = sum(a.nbytes for a in (long_run.history, long_run.loss, long_run.X, long_run.y))
    print(f"a recorded RING run of 1,000 epochs holds {size / 1e6:.3f} MB")

    if not args.quick:
        with tempfile.TemporaryDirectory() as cache:
            cold = fresh_process_seconds(cache)
            warm = min(fresh_process_seconds(cache) for _ in range(3))
        print(f"fresh process, import + RING run: {cold:.2f} s compiling, {warm:.2f} s cached")


if __name__ == "__main__":
    main()
