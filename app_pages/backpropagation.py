"""Backpropagation: a placeholder until the page is built."""

from ann_app.ui import coming_soon

coming_soon(
    "Backpropagation",
    "the four steps of backpropagation (forward pass, output error, gradients, update) "
    "on a small network, one number at a time.",
)
