"""Formulas shown beside the plots, as LaTeX for `st.latex`, kept out of the page scripts."""

from __future__ import annotations

#: g(z) and g'(z) of each activation, as LaTeX; the derivative written from the output a = g(z).
ACTIVATION_LATEX: dict[str, tuple[str, str]] = {
    "linear": (r"g(z) = z", r"g'(z) = 1"),
    "sigmoid": (r"g(z) = \frac{1}{1 + e^{-z}}", r"g'(z) = a\,(1 - a)"),
    "tanh": (r"g(z) = \tanh z", r"g'(z) = 1 - a^2"),
    "relu": (r"g(z) = \max(0, z)", r"g'(z) = [\,a > 0\,]"),
    "leaky_relu": (r"g(z) = \max(0.01\,z,\ z)", r"g'(z) = 1 \text{ if } a > 0, \text{ else } 0.01"),
    "elu": (
        r"g(z) = z \text{ if } z > 0, \text{ else } e^z - 1",
        r"g'(z) = 1 \text{ if } a > 0, \text{ else } a + 1",
    ),
    "softplus": (r"g(z) = \ln(1 + e^z)", r"g'(z) = 1 - e^{-a}"),
}
#: The same derivatives as plain text, for a table cell.
DERIVATIVE_FROM_OUTPUT: dict[str, str] = {
    "linear": "1",
    "sigmoid": "a(1 − a)",
    "tanh": "1 − a²",
    "relu": "1 if a > 0, else 0",
    "leaky_relu": "1 if a > 0, else 0.01",
    "elu": "1 if a > 0, else a + 1",
    "softplus": "1 − e^(−a)",
}

NEURON = r"z = \sum_i w_i a_i + b, \qquad a_{\text{out}} = g(z)"
#: One line per layer (a hidden unit j, then an output k): narrow enough for a column, and the
#: same neuron twice, each layer's outputs the next one's inputs.
NETWORK = (
    r"\begin{aligned}a_j &= g_j\Big(b_j + \sum_i w_{ij}\, a_i\Big)\\"
    r" a_k &= g_k\Big(b_k + \sum_j w_{jk}\, a_j\Big)\end{aligned}"
)
#: The tiny networks of Figures 4 and 5 one unit a line, as their diagrams draw them: short
#: lines fit the narrow column beside the charts.
ONE_WEIGHT = (
    r"\begin{aligned}a_{\text{out}} &= g(a_0 w_1)\\ E &= (a_{\text{out}} - t)^2\end{aligned}"
)
TWO_WEIGHTS = (
    r"\begin{aligned}a_1 &= g(a_0 w_1)\\ a_{\text{out}} &= g(a_1 w_2)\\"
    r" E &= (a_{\text{out}} - t)^2\end{aligned}"
)

#: Each optimizer's update, with eta the learning rate and mu the momentum.
UPDATE_RULES: dict[str, str] = {
    "gradient_descent": r"w \leftarrow w - \eta\, \nabla E(w)",
    "momentum": r"\begin{aligned}v &\leftarrow \mu v - \eta\, \nabla E(w)\\ w &\leftarrow w + v"
    r"\end{aligned}",
    "adam": r"w \leftarrow w - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}",
}

#: The weight penalty Ω of each regularisation, as plain text (ann_core.regularization).
PENALTY_TEXT: dict[str, str] = {"l1": "λ Σ|w|", "l2": "λ/2 Σw²"}
#: Each loss per sample as plain text: (the number the charts report, the objective a step
#: descends), as ann_core.losses computes them.
LOSS_TEXT: dict[str, tuple[str, str]] = {
    "sse": ("(a − t)²", "½(a − t)²"),
    "cross_entropy": ("cross-entropy", "cross-entropy"),
}
