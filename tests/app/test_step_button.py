"""Step, beside Play (issue 33): one epoch on, the slider, the charts and the link following;
at the run's last epoch there is nothing to step to."""

from __future__ import annotations

import pytest
from app_helpers import open_page
from training_helpers import player_data

from ann_app.training.scrubber import epoch_key

PAGES = {"classification": "app_pages/classification.py", "regression": "app_pages/regression.py"}


def _drawn_epoch(at) -> int:
    """The epoch the charts draw: the one the page hands the player, which sets it in the
    browser (training/player.py)."""
    return player_data(at)["epoch"]


@pytest.mark.parametrize("page", PAGES)
def test_step_moves_the_epoch_by_one_and_the_charts_and_link_follow(page):
    at = open_page(PAGES[page], {"epoch": "40"})
    assert at.slider(key=epoch_key(page)).value == 40 and _drawn_epoch(at) == 40
    at.button(key=f"{page}.step").click().run()
    assert not at.exception
    assert at.slider(key=epoch_key(page)).value == 41
    assert _drawn_epoch(at) == 41 and at.query_params["epoch"] == "41"
    at.button(key=f"{page}.step").click().run()
    assert at.slider(key=epoch_key(page)).value == 42 and at.query_params["epoch"] == "42"


def test_step_is_greyed_out_at_the_runs_last_epoch():
    at = open_page(PAGES["classification"])
    assert at.slider(key=epoch_key("classification")).value == 100
    assert at.button(key="classification.step").disabled
    at.slider(key=epoch_key("classification")).set_value(99).run()
    assert not at.button(key="classification.step").disabled
    at.button(key="classification.step").click().run()
    assert at.slider(key=epoch_key("classification")).value == 100
    assert "epoch" not in at.query_params  # the run's end: left out of the link
