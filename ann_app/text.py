"""Formulas shown beside the plots, as LaTeX for `st.latex`, kept out of the page scripts."""

from __future__ import annotations

#: g(z) and g'(z) of each activation; the derivative written from the output a = g(z).
ACTIVATION_LATEX: dict[str, tuple[str, str]] = {
    "linear": (r"g(z) = z", r"g'(z) = 1"),
    "sigmoid": (r"g(z) = \frac{1}{1 + e^{-z}}", r"g'(z) = a\,(1 - a)"),
    "tanh": (r"g(z) = \tanh z", r"g'(z) = 1 - a^2"),
    "relu": (r"g(z) = \max(0, z)", r"g'(z) = [\,a > 0\,]"),
}

NEURON = r"z = \sum_i w_i a_i + b, \qquad a_{\text{out}} = g(z)"
NETWORK = r"a_k = g_k\Big(b_k + \sum_j w_{jk}\, g_j\big(b_j + \sum_i w_{ij}\, a_i\big)\Big)"
ONE_WEIGHT = (
    r"\begin{aligned}a_{\text{out}} &= g(a_0 w_1)\\ E(w_1) &= (a_{\text{out}} - t)^2\end{aligned}"
)
TWO_WEIGHTS = (
    r"\small\begin{aligned}a_{\text{out}} &= g\big(g(a_0 w_1)\, w_2\big)\\"
    r" E(w_1, w_2) &= (a_{\text{out}} - t)^2\end{aligned}"
)

#: Each optimizer's update, with eta the learning rate and mu the momentum.
UPDATE_RULES: dict[str, str] = {
    "gradient_descent": r"w \leftarrow w - \eta\, \nabla E(w)",
    "momentum": r"\begin{aligned}v &\leftarrow \mu v - \eta\, \nabla E(w)\\ w &\leftarrow w + v"
    r"\end{aligned}",
    "adam": r"w \leftarrow w - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}",
}
