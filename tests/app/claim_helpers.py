"""Helpers for the claim tests: the values a page reads from a link, and the run they train.

Every value comes through the app's own machinery (the page's settings table, the lesson's
link, the preset's values, `config_from`), so a claim is checked on exactly what a student
opens. A plain module, not conftest.py, so `from claim_helpers import ...` cannot pick up
another folder's conftest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any

from ann_app.content import drawn_points
from ann_app.content.csv_format import parse_csv
from ann_app.content.drawn_points import DrawnPoint
from ann_app.content.lesson import (
    CLASSIFICATION,
    PAGE_SETTINGS,
    REGRESSION,
    LessonStep,
    link_params,
)
from ann_app.content.training_tables import Preset
from ann_app.settings.setting import encode_params, parse_params
from ann_app.training.config import config_from, preset_values
from ann_core import Run, TrainingConfig, train

#: The task each training page trains.
TASKS = {CLASSIFICATION: "classification", REGRESSION: "regression"}


def link_values(page: str, params: Mapping[str, str]) -> SimpleNamespace:
    """What `page` reads from a URL holding `params`; every value must be valid."""
    parsed = parse_params(PAGE_SETTINGS[page], params)
    assert not parsed.ignored and not parsed.unknown, (parsed.ignored, parsed.unknown)
    return SimpleNamespace(**parsed.values)


def step_values(step: LessonStep, **tried: Any) -> SimpleNamespace:
    """The values behind the step's own link (its settings; a drawing is `drawn_run`'s), with
    the changes its question asks to try."""
    params = {k: v for k, v in link_params(step).items() if k != drawn_points.URL_KEY}
    values = vars(link_values(step.page, params))
    return _with(step.page, values, tried)


def preset_page_values(page: str, preset: Preset, **tried: Any) -> SimpleNamespace:
    """The values a preset button sets on `page`, with the changes its note asks to try."""
    return _with(page, preset_values(PAGE_SETTINGS[page], preset), tried)


def _with(page: str, values: Mapping[str, Any], tried: Mapping[str, Any]) -> SimpleNamespace:
    """`values` with `tried` applied, read back through the URL as the page would."""
    changed = {**values, **tried}
    return link_values(page, encode_params(PAGE_SETTINGS[page], changed))


def config_of(page: str, values: SimpleNamespace) -> TrainingConfig:
    """The TrainingConfig a training page builds from `values`."""
    return config_from(values, TASKS[page])


def run_of(page: str, values: SimpleNamespace) -> Run:
    """The run a training page shows for `values`."""
    return train(config_of(page, values))


def shown_text(page: str, values: SimpleNamespace | Mapping[str, str]) -> str:
    """Everything a student reads on `page` opened with the link of `values` (or with those URL
    parameters: a Lesson step's link), alerts, captions and Markdown, as one text: where a
    claim's numbers must be found, in the digits the claim quotes them."""
    from app_helpers import open_page  # AppTest: only the claims that look at a page need it

    params = (
        values if isinstance(values, Mapping) else encode_params(PAGE_SETTINGS[page], vars(values))
    )
    at = open_page(page, params)
    assert not at.exception
    parts = (*at.success, *at.info, *at.warning, *at.error, *at.caption, *at.markdown)
    return "\n".join(str(part.value) for part in parts)


def assert_shown(page: str, values: SimpleNamespace | Mapping[str, str], *quoted: str) -> None:
    """Each of the `quoted` texts (a claim's numbers) is on `page` opened with `values`."""
    shown = shown_text(page, values)
    missing = [text for text in quoted if text not in shown]
    assert not missing, f"quoted but not on the page: {missing}"


def drawn_run(page: str, values: SimpleNamespace, points: Sequence[DrawnPoint]) -> Run:
    """The run a training page shows for `values` on drawn `points` (as the page trains them:
    through the upload's CSV)."""
    data = parse_csv(drawn_points.to_csv(points), TASKS[page])
    return train(config_from(values, TASKS[page], custom=True), data)
