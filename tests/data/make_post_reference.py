"""Regenerate ``post_runs.npz`` / ``post_runs.json``: reference runs of the blog post's own code.

The post's code is read from its markdown at run time by ``benchmarks/post_code.py`` (default
``<repo>/../shared/reference/gentle-introduction-to-neural-networks.md``, or ``$GENTLE_ANN_POST``,
or ``--post PATH``).  Usage, from the repo root::

    /work/venv/bin/python tests/data/make_post_reference.py            # write both files
    /work/venv/bin/python tests/data/make_post_reference.py --check    # compare, write nothing
    /work/venv/bin/python tests/data/make_post_reference.py --time 3   # also time the fig12 run

``post_runs.npz`` keys (``R`` is a run name from :data:`RUNS`; ``E`` = n_iterations, ``P`` =
number of parameters, ``n`` training points, ``d`` = 2 for classification, 1 for regression)::

    R/loss               (E,)        summed per-sample squared error of epoch e (pre-update)
    R/params             (E, P)      parameters after epoch e, flat order w_1, w_2, b_1, b_2
                                     (each row-major; w_1 is (d, H) or (d, 1) without hidden
                                     layer, w_2 is (H, 1); see "param_layout" in the JSON)
    R/params_init        (P,)        initial parameters (before the first epoch), same order
    R/X                  (n, d)      training inputs, in the post's training order
    R/y                  (n,)        training targets, same order
    R/train_output       (n,)        network output on X with the final parameters
    R/prediction_epochs  (K,)        int64 epoch indices e at which predictions are stored
    R/predictions        (K, 20, 20) classification surface on grid/surface_x, grid/surface_y
                         (K, 20)     regression series on grid/series_x
    grid/surface_x, grid/surface_y  (20, 20)  np.meshgrid(linspace(-.5, 1.5, 20), same)
    grid/series_x                   (20,)     linspace(-5, 5, 20)

Epoch index ``e`` (0-based) is the post's ``iteration``: the state after ``e + 1`` passes over
the data.  The surface at ``[i, j]`` is the output at ``(surface_x[i, j], surface_y[i, j])``.
To stay small, classification runs keep surfaces at a few epochs only (first three, quarters,
last); regression runs keep every epoch.  ``post_runs.json`` lists each run's configuration
(problem, n_hidden_units, n_iterations, n_observations, learning_rate, seed) with its layout.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.post_code import (  # noqa: E402
    REGRESSION_PROBLEMS,
    load_post_namespace,
    parameter_layout,
    preserved_global_random_state,
    resolve_post_path,
    run_post,
)

NPZ_PATH = HERE / "post_runs.npz"
JSON_PATH = HERE / "post_runs.json"
RESOLUTION = 20

# name: (figure or None, problem, n_hidden_units, n_iterations, n_observations, rate, seed)
RUNS: dict[str, tuple[str | None, str, int, int, int, float, int]] = {
    "fig08_OR_h0": ("Figure 8", "OR", 0, 100, 50, 2, 123),
    "fig09_AND_h0": ("Figure 9", "AND", 0, 100, 50, 2, 123),
    "fig10_XOR_h0": ("Figure 10", "XOR", 0, 100, 50, 2, 123),
    "fig11_XOR_h4": ("Figure 11", "XOR", 4, 100, 50, 2, 123),
    "fig12_RING_h4": ("Figure 12", "RING", 4, 100, 50, 2, 123),
    "fig13_SIN_h3": ("Figure 13", "SIN", 3, 100, 200, 0.2, 123),
    "fig14_ABS_h3": ("Figure 14", "ABS", 3, 100, 200, 0.2, 123),
    "extra_AND_h2": (None, "AND", 2, 30, 10, 0.5, 7),
    "extra_RING_h8": (None, "RING", 8, 40, 20, 1.0, 2024),
    "extra_XOR_h1": (None, "XOR", 1, 20, 5, 3, 0),
    "extra_SIN_h5": (None, "SIN", 5, 50, 50, 0.05, 99),
    "extra_ABS_h0": (None, "ABS", 0, 25, 30, 0.01, 5),
}


def prediction_epochs(problem: str, n_iterations: int) -> np.ndarray:
    """Epochs whose predictions are stored: all for regression, a few for classification."""
    if problem in REGRESSION_PROBLEMS:
        return np.arange(n_iterations, dtype=np.int64)
    e = n_iterations
    picks = {0, 1, 2, e // 4, e // 2, (3 * e) // 4, e - 1}
    return np.array(sorted(p for p in picks if 0 <= p < e), dtype=np.int64)


def run_all(post: Path) -> tuple[dict[str, np.ndarray], list[dict[str, Any]]]:
    """Run every configuration; return the npz arrays and the JSON run records."""
    rng = np.linspace(-0.5, 1.5, RESOLUTION)
    surface_x, surface_y = np.meshgrid(rng, rng)
    arrays: dict[str, np.ndarray] = {
        "grid/surface_x": surface_x,
        "grid/surface_y": surface_y,
        "grid/series_x": np.linspace(-5, 5, RESOLUTION),
    }
    records: list[dict[str, Any]] = []
    for name, (figure, problem, hidden, iters, n_obs, rate, seed) in RUNS.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = run_post(problem, hidden, iters, n_obs, rate, seed=seed, markdown_path=post)
        epochs = prediction_epochs(problem, iters)
        out["prediction_epochs"] = epochs
        out["predictions"] = out["predictions"][epochs]
        arrays.update({f"{name}/{key}": value for key, value in out.items()})

        layout, offset = [], 0
        for pname, shape in parameter_layout(out["X"].shape[1], hidden):
            layout.append({"name": pname, "shape": list(shape), "offset": offset})
            offset += int(np.prod(shape))
        record: dict[str, Any] = {
            "name": name,
            "figure": figure,
            "problem": problem,
            "n_hidden_units": hidden,
            "n_iterations": iters,
            "n_observations": n_obs,
            "learning_rate": rate,
            "seed": seed,
            "n_train": int(out["X"].shape[0]),
            "n_params": offset,
            "param_layout": layout,
            "prediction_epochs": epochs.tolist(),
            "first_loss": float(out["loss"][0]),
            "last_loss": float(out["loss"][-1]),
            "warnings": sorted({str(w.message) for w in caught}),
        }
        if problem not in REGRESSION_PROBLEMS:
            correct = int(np.sum((out["train_output"] > 0.5) == (out["y"] > 0.5)))
            record["final_train_correct"] = correct
        records.append(record)
    return arrays, records


def time_fig12(post: Path, repeats: int) -> list[float]:
    """Wall times of the post's own fig12 call (RING, 4 hidden, 450 points, 100 epochs)."""
    ns = load_post_namespace(post, seed=123)
    times = []
    with preserved_global_random_state():
        for _ in range(repeats):
            start = time.perf_counter()
            ns["run_ann_training_simulation"](
                problem_type="RING", n_hidden_units=4, n_iterations=100, learning_rate=2
            )
            times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    """Generate (or ``--check``) the reference files and print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--post", type=Path, default=None, help="path to the post's markdown")
    parser.add_argument("--check", action="store_true", help="compare with the saved npz only")
    parser.add_argument("--time", type=int, default=0, metavar="N", help="time fig12 N times")
    args = parser.parse_args(argv)

    post = resolve_post_path(args.post)
    arrays, records = run_all(post)
    for r in records:
        acc = (
            f"  correct {r['final_train_correct']}/{r['n_train']}"
            if "final_train_correct" in r
            else ""
        )
        warn = f"  warnings {r['warnings']}" if r["warnings"] else ""
        print(f"{r['name']:15s} loss {r['first_loss']!r} -> {r['last_loss']!r}{acc}{warn}")

    status = 0
    if args.check:
        with np.load(NPZ_PATH) as saved:
            if set(saved.files) != set(arrays):
                print("key mismatch:", sorted(set(saved.files) ^ set(arrays)))
                status = 1
            for key in sorted(set(saved.files) & set(arrays)):
                if saved[key].shape != arrays[key].shape or not np.allclose(
                    saved[key], arrays[key], rtol=0, atol=1e-12
                ):
                    print(f"mismatch: {key}")
                    status = 1
        print("check:", "OK" if status == 0 else "FAILED")
    else:
        np.savez_compressed(NPZ_PATH, **arrays)
        meta = {
            "description": "Reference runs of the blog post's own code; see make_post_reference.py",
            "post": "../shared/reference/gentle-introduction-to-neural-networks.md",
            "post_sha256": hashlib.sha256(post.read_bytes()).hexdigest(),
            "numpy_version": np.__version__,
            "npz": NPZ_PATH.name,
            "runs": records,
        }
        JSON_PATH.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {NPZ_PATH} ({NPZ_PATH.stat().st_size} bytes) and {JSON_PATH}")

    if args.time:
        times = time_fig12(post, args.time)
        print("fig12 post code wall times [s]:", [round(t, 3) for t in times], "best", min(times))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
