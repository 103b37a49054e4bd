"""The app's pages in one table: the router builds the navigation from it, Home links to it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageInfo:
    """One page: its script, title, emoji icon and a one-line promise of what it teaches."""

    path: str
    title: str
    icon: str
    blurb: str
    url_path: str


PAGES: tuple[PageInfo, ...] = (
    PageInfo(
        "app_pages/home.py",
        "Home",
        "🏠",
        "What a neuron computes, and how neurons stack into a network.",
        "home",
    ),
    PageInfo(
        "app_pages/lesson.py",
        "Lesson",
        "🧭",
        # no count of steps here: the shell cannot read the lesson's table, so Home shows
        # content.lesson.in_brief() instead, counted from it
        "A guided tour, each step with a question to answer by experiment.",
        "lesson",
    ),
    PageInfo(
        "app_pages/activations.py",
        "Activations",
        "📈",
        "Linear, sigmoid, tanh and ReLU, their slopes, and where they saturate.",
        "activations",
    ),
    PageInfo(
        "app_pages/error_surfaces.py",
        "Error Surfaces",
        "⛰️",
        "The error landscapes of two tiny networks, and how optimizers walk across them.",
        "error-surfaces",
    ),
    PageInfo(
        "app_pages/backpropagation.py",
        "Backpropagation",
        "🔁",
        "The four steps that turn an error into a weight update.",
        "backpropagation",
    ),
    PageInfo(
        "app_pages/classification.py",
        "Classification",
        "🧩",
        "OR, AND, XOR and a ring: why some problems need a hidden layer.",
        "classification",
    ),
    PageInfo(
        "app_pages/regression.py",
        "Regression",
        "〰️",
        "Fitting a noisy curve by adding up a few tanh units.",
        "regression",
    ),
    PageInfo(
        "app_pages/autoencoders.py",
        "Autoencoders",
        "🗜️",
        "Learning without targets: points through a one-unit code, and pretraining a deep "
        "network against random starts.",
        "autoencoders",
    ),
)
