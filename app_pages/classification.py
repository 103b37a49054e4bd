"""Classification: a placeholder until the page is built."""

from ann_app.ui import coming_soon

coming_soon(
    "Classification",
    "a network learning OR, AND, XOR and a ring, and why XOR needs a hidden layer.",
)
