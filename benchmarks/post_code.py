"""Run the blog post's *own* code, read from its markdown at run time.

The reference post ("A Gentle Introduction to Artificial Neural Networks") ships its
implementation as ```python fenced blocks.  This module never copies that code into the
repository: :func:`load_post_namespace` reads the markdown, parses every python block with
:mod:`ast`, keeps only

* ``import`` / ``from ... import`` statements (except ``matplotlib`` and ``mpl_toolkits``,
  which only serve the plots),
* the function definitions named in :data:`POST_FUNCTIONS`, and
* the module-level assignments named in :data:`POST_VALUES` (the ``g_*`` activation lambdas,
  the ``activation_functions`` table and ``PREDICTION_SURFACE_RESOLUTION = 20``),

and ``exec``'s them into a fresh namespace dict.  Nothing else runs: no figure, no animation,
no training call.  Line numbers are mapped back onto the markdown file, so a traceback points
at the post's own line.

Seeding: the post's data generators hard-code ``np.random.seed(123)``.  That exact text is
replaced by ``np.random.seed(<seed>)`` before parsing (a plain textual replacement on the
extracted code), so ``seed=123`` reproduces the post unchanged.  Because the generators
re-seed, every random draw of a run is fixed by ``seed``, in this order: data noise, data
permutation, then ``w_1``, ``w_2``, ``b_1``, ``b_2`` (``initialize_network_parameters``).

The post's regression figure blocks call ``run_ann_simulation``, which it never defines; the
namespace gets ``run_ann_simulation`` as an alias of ``run_ann_training_simulation``.

Flat parameter order used by :func:`flatten_parameters` (and by ``run_post``'s ``params``):
``w_1`` (row-major, shape ``(n_in, n_out_1)``), ``w_2`` (row-major, ``(n_hidden, 1)``),
``b_1``, ``b_2``; ``w_2``/``b_2`` are absent for networks without a hidden layer.
"""

from __future__ import annotations

import ast
import copy
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

POST_FILENAME = "gentle-introduction-to-neural-networks.md"
POST_ENV_VAR = "GENTLE_ANN_POST"
REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POST_PATH = REPO_ROOT.parent / "shared" / "reference" / POST_FILENAME

POST_FUNCTIONS = frozenset(
    {
        "error_function",
        "step_I_forwardprop",
        "step_II_backprop",
        "step_III_gradient_calculation",
        "step_IV_update_parameters",
        "generate_classification_data",
        "generate_regression_data",
        "initialize_network_parameters",
        "get_prediction_surface",
        "get_prediction_series",
        "run_ann_training_simulation",
    }
)
POST_VALUES = frozenset(
    {
        "g_linear",
        "g_sigmoid",
        "g_tanh",
        "g_prime_linear",
        "g_prime_sigmoid",
        "g_prime_tanh",
        "activation_functions",
        "PREDICTION_SURFACE_RESOLUTION",
    }
)
SKIPPED_IMPORT_ROOTS = frozenset({"matplotlib", "mpl_toolkits"})
POST_SEED_CALL = "np.random.seed(123)"

CLASSIFICATION_PROBLEMS = ("AND", "OR", "XOR", "RING")
REGRESSION_PROBLEMS = ("SIN", "ABS")
PARAMETER_ORDER = ("w_1", "w_2", "b_1", "b_2")

_PYTHON_FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def resolve_post_path(markdown_path: Path | str | None = None) -> Path:
    """Return the post's markdown path: argument, else ``$GENTLE_ANN_POST``, else the default.

    The default is ``<repo>/../shared/reference/gentle-introduction-to-neural-networks.md``.
    Raises :class:`FileNotFoundError` naming the path tried and how to override it.
    """
    if markdown_path is not None:
        path, origin = Path(markdown_path), "the markdown_path argument"
    elif os.environ.get(POST_ENV_VAR):
        path, origin = Path(os.environ[POST_ENV_VAR]), f"${POST_ENV_VAR}"
    else:
        path, origin = DEFAULT_POST_PATH, "the default location"
    if not path.is_file():
        raise FileNotFoundError(
            f"Blog post markdown not found at {path} (from {origin}). Pass markdown_path= or set "
            f"{POST_ENV_VAR} to the path of {POST_FILENAME}."
        )
    return path


def extract_python_blocks(markdown: str) -> list[tuple[int, str]]:
    """Return ``(first_code_line, source)`` for every ```python fenced block (1-based lines)."""
    return [
        (markdown.count("\n", 0, match.start(1)) + 1, match.group(1))
        for match in _PYTHON_FENCE.finditer(markdown)
    ]


def _assigned_names(node: ast.Assign) -> set[str]:
    return {t.id for t in node.targets if isinstance(t, ast.Name)}


def _keep(node: ast.stmt) -> bool:
    """Whether a top-level statement of a post block is part of the numeric code."""
    if isinstance(node, ast.Import):
        return all(a.name.split(".")[0] not in SKIPPED_IMPORT_ROOTS for a in node.names)
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[0] not in SKIPPED_IMPORT_ROOTS
    if isinstance(node, ast.FunctionDef):
        return node.name in POST_FUNCTIONS
    if isinstance(node, ast.Assign):
        names = _assigned_names(node)
        return bool(names) and names <= POST_VALUES and len(names) == len(node.targets)
    return False


def load_post_namespace(markdown_path: Path | None = None, seed: int = 123) -> dict[str, Any]:
    """Exec the post's numeric definitions into a fresh namespace dict and return it.

    ``seed`` replaces the post's hard-coded ``np.random.seed(123)`` (textually, see the module
    docstring).  Does not touch NumPy's global random state.
    """
    seed = int(seed)
    if not 0 <= seed < 2**32:
        raise ValueError(f"seed must be in [0, 2**32), got {seed}")
    path = resolve_post_path(markdown_path)
    blocks = extract_python_blocks(path.read_text(encoding="utf-8"))
    if not any(POST_SEED_CALL in source for _, source in blocks):
        raise RuntimeError(f"{path}: expected {POST_SEED_CALL!r} in the post's code blocks")

    kept: list[ast.stmt] = []
    for first_line, source in blocks:
        tree = ast.parse(source.replace(POST_SEED_CALL, f"np.random.seed({seed})"), str(path))
        ast.increment_lineno(tree, first_line - 1)
        kept.extend(node for node in tree.body if _keep(node))

    namespace: dict[str, Any] = {"__name__": "gentle_ann_post", "__file__": str(path)}
    exec(compile(ast.Module(body=kept, type_ignores=[]), str(path), "exec"), namespace)

    missing = sorted((POST_FUNCTIONS | POST_VALUES) - namespace.keys())
    if missing:
        raise RuntimeError(f"{path}: the post's code blocks do not define {missing}")
    namespace["run_ann_simulation"] = namespace["run_ann_training_simulation"]
    return namespace


@contextmanager
def preserved_global_random_state() -> Iterator[None]:
    """Restore NumPy's global random state (``np.random.get_state``) on exit."""
    state = np.random.get_state()  # noqa: NPY002 (the post uses the legacy global state)
    try:
        yield
    finally:
        np.random.set_state(state)  # noqa: NPY002


def parameter_layout(n_input_units: int, n_hidden_units: int) -> list[tuple[str, tuple[int, ...]]]:
    """``(name, shape)`` of each post parameter, in the flat order of :func:`flatten_parameters`."""
    if n_hidden_units > 0:
        return [
            ("w_1", (n_input_units, n_hidden_units)),
            ("w_2", (n_hidden_units, 1)),
            ("b_1", (n_hidden_units,)),
            ("b_2", (1,)),
        ]
    return [("w_1", (n_input_units, 1)), ("b_1", (1,))]


def flatten_parameters(weights: Mapping[str, Any], biases: Mapping[str, Any]) -> np.ndarray:
    """Concatenate ``w_1, w_2, b_1, b_2`` (those present), each raveled row-major."""
    tensors = {**weights, **biases}
    return np.concatenate(
        [np.asarray(tensors[k], dtype=np.float64).ravel() for k in PARAMETER_ORDER if k in tensors]
    )


def _training_arrays(problem: str, data: tuple[Any, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Turn a generator's return value into the post's ``(observations, targets)``."""
    if problem in REGRESSION_PROBLEMS:
        xx, yy = data
        return np.asarray(xx, dtype=np.float64), np.asarray(yy, dtype=np.float64)
    obs_x, obs_y, targets = data
    return np.vstack([obs_x, obs_y]).T.astype(np.float64), np.asarray(targets, dtype=np.float64)


def _post_activations(problem: str, has_hidden: bool, namespace: Mapping[str, Any]) -> dict:
    """The post's activation choice: sigmoid everywhere, or tanh hidden + linear output."""
    table = namespace["activation_functions"]
    regression = problem in REGRESSION_PROBLEMS
    g_activation = {"g_out": table["linear" if regression else "sigmoid"][0]}
    if has_hidden:
        g_activation["g_1"] = table["tanh" if regression else "sigmoid"][0]
    return g_activation


def run_post(
    problem: str,
    n_hidden_units: int,
    n_iterations: int,
    n_observations: int,
    learning_rate: float,
    seed: int = 123,
    markdown_path: Path | None = None,
) -> dict[str, np.ndarray]:
    """Train with the post's ``run_ann_training_simulation`` and return its history as arrays.

    ``n_observations`` means what it means in the post: points per class replica for
    classification (4 or 9 points each), number of points for regression.

    Keys (``E = n_iterations``, ``P = n_params``, ``n`` training points, ``d`` inputs):

    * ``loss`` ``(E,)``: summed squared error of each epoch (pre-update, per sample).
    * ``predictions`` ``(E, 20, 20)`` surface on ``meshgrid(linspace(-.5, 1.5, 20))`` for
      classification, ``(E, 20)`` series on ``linspace(-5, 5, 20)`` for regression.
    * ``params`` ``(E, P)``: parameters after each epoch, flat order ``w_1, w_2, b_1, b_2``.
    * ``params_init`` ``(P,)``: the initial parameters (epoch 0), same order.
    * ``X`` ``(n, d)``, ``y`` ``(n,)``: the training data, in training order.
    * ``train_output`` ``(n,)``: the post network's output on ``X`` with the final parameters.

    NumPy's global random state is restored afterwards.
    """
    if problem not in CLASSIFICATION_PROBLEMS + REGRESSION_PROBLEMS:
        raise ValueError(f"unknown problem {problem!r}")
    if n_iterations < 1:
        raise ValueError(f"n_iterations must be >= 1, got {n_iterations}")
    namespace = load_post_namespace(markdown_path, seed=seed)
    generator = (
        "generate_regression_data"
        if problem in REGRESSION_PROBLEMS
        else "generate_classification_data"
    )
    captured: dict[str, Any] = {}
    originals = {name: namespace[name] for name in (generator, "initialize_network_parameters")}

    def capture_data(*args: Any, **kwargs: Any) -> Any:
        out = originals[generator](*args, **kwargs)
        captured["data"] = copy.deepcopy(out)
        return out

    def capture_init(*args: Any, **kwargs: Any) -> Any:
        out = originals["initialize_network_parameters"](*args, **kwargs)
        captured["init"] = copy.deepcopy(out[:2])
        return out

    # The post's functions look their globals up in ``namespace``, so the run calls these.
    namespace[generator] = capture_data
    namespace["initialize_network_parameters"] = capture_init
    with preserved_global_random_state():
        try:
            np.random.seed(seed)  # noqa: NPY002 (as the post; its generators re-seed anyway)
            loss_h, pred_h, weights_h, biases_h = namespace["run_ann_training_simulation"](
                problem_type=problem,
                n_hidden_units=n_hidden_units,
                n_iterations=n_iterations,
                n_observations=n_observations,
                learning_rate=learning_rate,
            )
        finally:
            namespace.update(originals)

    x, y = _training_arrays(problem, captured["data"])
    epochs = range(n_iterations)
    final_w, final_b = weights_h[n_iterations - 1], biases_h[n_iterations - 1]
    g_activation = _post_activations(problem, "w_2" in final_w, namespace)
    train_output = namespace["step_I_forwardprop"](x, final_w, final_b, g_activation)[0]
    resolution = namespace["PREDICTION_SURFACE_RESOLUTION"]
    pred_shape = (resolution,) if problem in REGRESSION_PROBLEMS else (resolution, resolution)
    return {
        "loss": np.array([np.asarray(loss_h[i]).item() for i in epochs], dtype=np.float64),
        "predictions": np.stack([np.asarray(pred_h[i]).reshape(pred_shape) for i in epochs]),
        "params": np.stack([flatten_parameters(weights_h[i], biases_h[i]) for i in epochs]),
        "params_init": flatten_parameters(*captured["init"]),
        "X": x,
        "y": y,
        "train_output": np.asarray(train_output, dtype=np.float64).reshape(-1),
    }
