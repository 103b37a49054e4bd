"""Divergence named everywhere (issue 13): the Regression page's link that blew up while the page
called it "stalled", the margin between the divergence rule and every run the app offers, and
the restarts that count diverged runs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from app_helpers import open_page, warnings_text
from training_helpers import chart_frames, preset_config

from ann_app.backprop import walk as walks
from ann_app.charts import training_frames, training_plots
from ann_app.content import lesson
from ann_app.content.training_tables import (
    CLASSIFICATION_PRESETS,
    CLASSIFICATION_SETTINGS,
    REGRESSION_PRESETS,
    REGRESSION_SETTINGS,
)
from ann_app.settings.setting import parse_params
from ann_app.training.config import config_from
from ann_app.training.page import NO_EPOCH
from ann_core import TrainingConfig, surfaces, train
from ann_core.diagnosis import diagnose
from ann_core.divergence import LOSS_GROWTH, WEIGHT_BOUND, WORSE_THAN_START, largest_size
from ann_core.restarts import restarts
from ann_core.training import prepare

ISSUE_LINK = {"data": "SIN", "n": "40", "test": "0.3", "h1": "16", "lr": "0.2"}
#: What the link means: 16 tanh units, rate 0.2, on 28 of 40 noisy points of 2.5 + sin x.
ISSUE_CONFIG = TrainingConfig(
    problem="SIN", hidden_units=(16,), n_observations=40, test_fraction=0.3, learning_rate=0.2
)
#: Every run the app offers must stay this many times inside the rule.
MARGIN = 100
LONG_NUMBER = re.compile(r"\d{9}")  # a number printed with 9 digits or more in a row


def link_config(settings, params: dict[str, str], task: str) -> TrainingConfig:
    """The config a training page trains for a link, through its own settings table."""
    parsed = parse_params(settings, params)
    assert not parsed.ignored and not parsed.unknown
    return config_from(SimpleNamespace(**parsed.values), task)


def test_the_issue_link_is_the_config_it_says():
    config = link_config(REGRESSION_SETTINGS, ISSUE_LINK, "regression")
    assert config == ISSUE_CONFIG


def test_the_issue_run_is_diagnosed_diverged():
    run = train(link_config(REGRESSION_SETTINGS, ISSUE_LINK, "regression"))
    assert run.diverged_at == 1
    findings = diagnose(run)
    assert findings[0].kind == "diverged" and {f.kind for f in findings} == {"diverged"}
    assert "fewer units" in findings[0].message


def test_the_regression_page_names_the_issue_run_diverged():
    at = open_page("app_pages/regression.py", ISSUE_LINK)
    assert not at.exception
    (error,) = at.error  # the full finding; the finding line on the first screen says it too
    line = next(m.value for m in at.markdown if "Diverged in epoch" in m.value)
    assert "Diverged in epoch 1 (only the initial weights)" in line and "(now 0.2)" in line
    assert "diverged in epoch 1" in error.value and "learning rate" in error.value
    assert "hardly moved" not in warnings_text(at) and "saturated" not in warnings_text(at)
    shown = [error.value, *(c.value for c in at.caption), *(m.value for m in at.markdown)]
    assert not any(LONG_NUMBER.search(text) for text in shown)
    assert any("Epoch 0, the initial weights" in c.value for c in at.caption)
    assert NO_EPOCH in [box.value for box in at.info]  # no empty loss chart
    assert not [f for f in chart_frames(at) if "summed" in f.columns]


def test_a_run_diverging_later_prints_its_large_loss_per_sample_readably():
    link = {"data": "SIN", "n": "40", "h1": "8", "lr": "0.1", "momentum": "0.9"}
    at = open_page("app_pages/regression.py", link)
    assert not at.exception
    (error,) = at.error
    assert any("Diverged in epoch 4" in m.value for m in at.markdown)
    assert "diverged in epoch 4" in error.value
    assert re.search(
        r"loss per sample was \d\.\d{4} in epoch 1 and \d{4}\.\d{4} in epoch 3", error.value
    )
    assert not any(LONG_NUMBER.search(c.value) for c in at.caption)


def _offered_runs():
    """(name, config) of every preset, every training-page lesson step, and the post's runs."""
    for task, settings, presets in (
        (
            "classification",
            CLASSIFICATION_SETTINGS,
            CLASSIFICATION_PRESETS,
        ),
        ("regression", REGRESSION_SETTINGS, REGRESSION_PRESETS),
    ):
        yield f"{task} defaults", link_config(settings, {}, task)
        for preset in presets:
            yield preset.label, preset_config(settings, preset, task)
    tasks = {lesson.CLASSIFICATION: "classification", lesson.REGRESSION: "regression"}
    for step in lesson.STEPS:
        if step.page in tasks and not step.points:  # a drawn data set: its claim test trains it
            params = lesson.link_params(step)
            yield step.title, link_config(lesson.PAGE_SETTINGS[step.page], params, tasks[step.page])
    post = Path(__file__).resolve().parents[1] / "data" / "post_runs.json"
    for run in json.loads(post.read_text())["runs"]:
        yield (
            run["name"],
            TrainingConfig(
                problem=run["problem"],
                hidden_units=run["n_hidden_units"],
                epochs=run["n_iterations"],
                n_observations=run["n_observations"],
                learning_rate=run["learning_rate"],
                seed=run["seed"],
            ),
        )


OFFERED = dict(_offered_runs())


@pytest.mark.parametrize("config", OFFERED.values(), ids=OFFERED.keys())
def test_every_offered_run_stays_far_inside_the_rule(config):
    run = train(config)
    assert run.diverged_at is None
    assert largest_size(run.history) <= WEIGHT_BOUND / MARGIN
    assert run.loss.max() <= LOSS_GROWTH / MARGIN * run.loss[0]
    start, end = run.loss_after([0, run.epochs])
    assert end < start < WORSE_THAN_START * start  # rule 4: every one ends better than it began


def test_classification_at_rate_100_is_named_diverged_not_saturated():
    # a sigmoid output keeps the loss bounded, so only rule 4 catches these steps: the page's
    # finding line and its box say diverged, with the losses per sample, and nothing else
    link = {"data": "XOR", "layers": "1", "h1": "4", "lr": "100"}
    run = train(link_config(CLASSIFICATION_SETTINGS, link, "classification"))
    assert run.diverged_at is None and run.made_worse and run.diverged
    start, end = run.loss_after([0, run.epochs]) / len(run.y)
    assert end > WORSE_THAN_START * start
    at = open_page("app_pages/classification.py", link)
    assert not at.exception
    (error,) = at.error
    assert f"ends at {end:.4f} against {start:.4f}" in error.value and "(now 100)" in error.value
    line = next(m.value for m in at.markdown if "Diverged:" in m.value)
    assert f"loss per sample {start:.4f} → {end:.4f}" in line
    assert "saturated" not in warnings_text(at) and "hardly moved" not in warnings_text(at)


def test_the_lessons_descent_paths_and_walk_stay_far_inside_the_rule():
    for step in lesson.STEPS:
        values = parse_params(lesson.PAGE_SETTINGS[step.page], lesson.link_params(step)).values
        if step.page == lesson.SURFACES:
            for method in values["opt"]:
                for rate in (0.1, 1.0, 5.0):  # the rates its question asks for
                    path = surfaces.descent_path(
                        method, (values["w1s"], values["w2s"]), rate, values["steps"]
                    )
                    assert not path.diverged
                    assert largest_size(path.weights) <= WEIGHT_BOUND / MARGIN
        if step.page == lesson.BACKPROP:
            config = TrainingConfig(problem=values["data"], hidden_units=(values["h1"],))
            dataset, params = prepare(config)
            walk = walks.start(config, params)
            for _ in range(5):
                walk = walks.next_epoch(walk, config, dataset)
            assert not walks.diverged(walk)
            assert largest_size(np.array(walk.theta)) <= WEIGHT_BOUND / MARGIN


def test_restarts_name_their_diverged_runs():
    config = TrainingConfig(
        problem="XOR",
        hidden_units=(4,),
        hidden_activation="relu",
        loss="cross_entropy",
        learning_rate=20.0,
        momentum=0.99,
        n_observations=10,
    )
    result = restarts(config, 12)
    frame = training_frames.restarts_frame(result, 40)
    assert 0 < result.diverged.sum() < 12  # some of the seeds diverge, not all
    assert list(frame["outcome"] == "diverged") == list(result.diverged)
    assert not frame.loc[frame["diverged"], "learned"].any()
    chart = training_plots.restarts_chart(frame).to_dict()
    assert "diverged" in json.dumps(chart)
