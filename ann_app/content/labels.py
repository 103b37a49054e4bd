"""Every label and colour the app shows, in one place: the words for the engine's names (its
optimizers, losses, batching), the name of every unit of a network (`unit_name`) and the
colours, dashes and marks of every chart and diagram.

Plain constants and one plain function, importing nothing but the standard library: a settings
table can use a label without loading a chart library.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Readable names for the optimizers of `ann_core.surfaces.OPTIMIZERS`.
METHOD_LABELS: dict[str, str] = {
    "gradient_descent": "Gradient descent",
    "momentum": "Momentum",
    "adam": "Adam",
}
LOSS_LABELS = {"sse": "squared error (SSE)", "cross_entropy": "cross-entropy"}
BATCHING_LABELS = ("online (one sample)", "mini-batch", "full batch")
#: For `ann_core.regularization.REGULARIZATIONS`, in its order.
REGULARIZATION_LABELS = ("none", "L1", "L2")

# Okabe–Ito colours (safe for colour-blind viewers) plus a dash per series for greyscale.
ACTIVATION_STYLE: dict[str, tuple[str, list[int]]] = {
    "linear": ("#555555", [1, 0]),
    "sigmoid": ("#0072B2", [8, 3]),
    "tanh": ("#D55E00", [3, 2]),
    "relu": ("#009E73", [10, 3, 2, 3]),
    "leaky_relu": ("#56B4E9", [6, 2, 1, 2]),
    "elu": ("#CC79A7", [4, 4]),
    "softplus": ("#E69F00", [12, 4]),
}
METHOD_STYLE: dict[str, tuple[str, list[int], str]] = {
    "gradient_descent": ("#D55E00", [1, 0], "circle"),
    "momentum": ("#0072B2", [7, 3], "square"),
    "adam": ("#CC79A7", [2, 2], "diamond"),
}
SURFACE_SCHEME = "viridis"
PROBE_COLOUR = "#111111"

# class 0, class 1: a light blue and a dark red, so the classes (and the two ends of the
# surface) stay apart in greyscale too (a projector, a photocopy), not only in colour.
CLASS_COLOURS = ("#67a9cf", "#b2182b")
BLANK_SURFACE = "#ececec"  # the square to draw points on before there is a network
#: The loss chart's series of the weight penalty Ω, drawn beside the training and test sets.
PENALTY = "penalty Ω"
#: The loss and accuracy charts' series of a pinned run (training/pin.py), drawn beside them.
PINNED = "pinned"
SET_STYLE = {
    "training": ("#1f5fa8", [1, 0]),
    "test": ("#E69F00", [6, 3]),
    PENALTY: ("#CC79A7", [2, 2]),
    PINNED: ("#009E73", [8, 3, 2, 3]),
}
MARK_COLOUR = "#5a2d82"  # where a continued run's segment starts, on the loss charts
UNIT_COLOURS = ("#762a83", "#f7f7f7", "#1b7837")  # low, middle, high activation
#: An input feature's value: negative brown, 0 white, positive teal (BrBG: apart from the
#: classes' blue and red and the units' purple and green, and safe for colour-blind viewers).
FEATURE_COLOURS = ("#8c510a", "#f5f5f5", "#01665e")
#: A regression's prediction over (x₁, x₂) and its points' targets, low to high: a sequential
#: scheme (a real value, no middle to mark), readable in greyscale and to colour-blind viewers.
PREDICTION_SCHEME = "viridis"
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#882255")
PALETTE = PALETTE * 2  # up to 16 units; the dash and the legend order tell repeats apart
OUTCOME_COLOURS = {
    "learned it": "#009E73",
    "did not": "#D55E00",
    "finished": "#1f5fa8",
    "diverged": "#555555",
}

# Diagrams: positive weights blue and solid, negative red and dashed; the deltas orange.
POSITIVE = "#2166ac"
NEGATIVE = "#b2182b"
DELTA_COLOUR = "#b35806"
#: The weight picker's picked edge or unit (training/weight_picker.py): an orange halo, apart
#: from the weights' blue and red, and lighter than both.
PICKED_COLOUR = "#E69F00"
SOURCE_FILL = "#e8f0fa"  # the backprop tables' cells a step reads
RESULT_FILL = "#fde9d4"  # and the cells it writes

# Unicode subscripts, not HTML-like <SUB>: Streamlit draws every Graphviz label at one font
# size of its own, so Graphviz's placing of a <SUB> run goes astray (a_out read "a  out").
SUBSCRIPTS = str.maketrans("0123456789aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def unit_name(
    layer: int, unit: int, sizes: Sequence[int] | None = None, inputs: Sequence[str] = ()
) -> str:
    """The one name of unit `unit` (from 0) of layer `layer` (0: the inputs) of a network of
    layer sizes `sizes`, wherever the app names a unit: the weights table, the weight picker
    and the network's pictures, the hidden-unit maps, the regression legend and the
    Backpropagation page.

    - An input is its feature's label, `inputs[unit]` (x₁, x₁², sin x₁), or x₁, x₂, ... when
      `inputs` is not given (the raw inputs' own labels).
    - The output (layer len(sizes) - 1) is ŷ, or ŷ₁, ŷ₂, ... when there are several.
    - A hidden unit is h with its layer as a superscript and its unit as a subscript, both
      from 1: h¹₁ is the first unit of the first hidden layer, h²₃ the third of the second.
      Without `sizes`, every layer from 1 on is taken as hidden.

    A hidden unit keeps its layer's superscript even in a network with one hidden layer (h¹₁,
    not h₁): a unit's name then never depends on how many layers come after it, so adding a
    second hidden layer renames nothing, the same unit has the same name on every page and
    every network, and h¹₁ reads as the "units in hidden layer 1" setting (h1) says. The cost
    is one small mark on the post's one-hidden-layer networks.
    """
    if layer < 0 or unit < 0:
        raise ValueError(f"a layer and a unit count from 0, got layer {layer}, unit {unit}")
    if sizes is not None and not (layer < len(sizes) and unit < sizes[layer]):
        raise ValueError(f"no unit {unit} in layer {layer} of a network {tuple(sizes)}")
    index = str(unit + 1).translate(SUBSCRIPTS)
    if layer == 0:
        return inputs[unit] if inputs else f"x{index}"
    if sizes is not None and layer == len(sizes) - 1:
        return "ŷ" if sizes[-1] == 1 else f"ŷ{index}"
    return f"h{str(layer).translate(SUPERSCRIPTS)}{index}"


# The loss landscape: the training path's shadow (vermillion, apart from every viridis colour)
# and the marks of the network now (a white cross) and of its start (a white ring).
LANDSCAPE_PATH_COLOUR = "#D55E00"
LANDSCAPE_MARK_COLOUR = "#111111"

# The Autoencoders page: the code over the plane on a light scheme (a real value, no middle to
# mark), under the points (dark rings), their reconstructions (vermillion dots) joined to them
# by grey segments, a one-unit code's curve (blue) and the best straight line (dashed).
CODE_SCHEME = "lightmulti"
RECONSTRUCTION_COLOUR = "#D55E00"
SEGMENT_COLOUR = "#777777"
CURVE_COLOUR = "#0072B2"
LINE_COLOUR = "#333333"
