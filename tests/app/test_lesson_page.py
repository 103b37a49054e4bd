"""The Lesson page: every step is valid data, its link opens the page it names with the settings
it names (in the presenter view too), and the step selector lives in the URL."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest
from app_helpers import open_page, widget

from ann_app.content import drawn_points, lesson
from ann_app.content.lesson import (
    CLASSIFICATION,
    LESSON_SETTINGS,
    PAGE_SETTINGS,
    STEPS,
    LessonStep,
    in_words,
    link_params,
    steps_in_words,
)
from ann_app.settings.setting import Setting, parse_params
from ann_app.settings.widgets import widget_key
from ann_app.shell.navigation import PAGES

PATH = "app_pages/lesson.py"
STEP_KEY = widget_key("lesson", LESSON_SETTINGS[0])
PREFIX = {page.path: page.url_path.replace("-", "_") for page in PAGES}
IDS = [step.title for step in STEPS]


def _lesson(step: int, **params: str):
    at = open_page(PATH, {"step": str(step), **params})
    assert not at.exception
    return at


def _link(at) -> tuple[str, dict[str, str]]:
    """The one page link of a lesson step: the page's url path and its query parameters."""
    links = at.get("page_link")
    assert len(links) == 1
    proto = links[0].proto
    query = parse_qs(proto.query_string, keep_blank_values=True)
    return proto.page, {k: v[-1] for k, v in query.items()}


def _shown(at, page: str, setting: Setting):
    value = widget(at, PREFIX[page], setting).value
    if setting.kind == "multichoice":
        return tuple(o for o in setting.options if o in (value or ()))
    return value


def test_the_lesson_follows_the_post_in_a_lesson_s_worth_of_steps():
    assert 8 <= len(STEPS) <= 16
    assert STEPS[0].page == "app_pages/home.py"
    assert {step.page for step in STEPS} == set(PAGE_SETTINGS)
    assert PAGES[1].path == PATH  # right after Home in the menu
    for step in STEPS:
        assert step.title and step.text and step.question.rstrip().endswith(("?", ".")), step


@pytest.mark.parametrize("step", STEPS, ids=IDS)
def test_every_step_names_valid_settings_of_its_page(step: LessonStep):
    params = link_params(step)
    parsed = parse_params(PAGE_SETTINGS[step.page], params)
    drawing = (drawn_points.URL_KEY,) if step.points else ()
    assert not parsed.ignored and parsed.unknown == drawing
    if step.points:  # a drawing rides along, for Classification only
        assert step.page == CLASSIFICATION
        assert drawn_points.parse(params[drawn_points.URL_KEY]) == step.points
    for name, value in step.params.items():
        expected = tuple(value) if isinstance(value, list | tuple) else value
        assert parsed.values[name] == expected


@pytest.mark.parametrize(("number", "step"), list(enumerate(STEPS, start=1)), ids=IDS)
def test_each_step_opens_its_page_with_its_settings(number: int, step: LessonStep):
    at = _lesson(number)
    assert f"Step {number} of {len(STEPS)}: {step.title}" in [h.value for h in at.header]
    url_path, params = _link(at)
    page = next(p for p in PAGES if p.url_path == url_path or (not url_path and p is PAGES[0]))
    assert page.path == step.page and params == link_params(step)
    # follow the link: a session that already holds other values for that page takes the link's
    at.switch_page(step.page).run()
    at.query_params.clear()
    at.switch_page(PATH).run()
    at.query_params.clear()
    at.query_params.update(params)
    at.switch_page(step.page).run()
    assert not at.exception
    for s in PAGE_SETTINGS[step.page]:
        if s.name in step.params:
            assert _shown(at, step.page, s) == parse_params((s,), params).values[s.name], s.name
    # the link names every setting as the page writes it, so the page leaves its URL alone (a
    # rewrite would add a browser history entry: one Back would not return to the lesson)
    assert at.query_params == params


@pytest.mark.parametrize("number", range(1, len(STEPS) + 1))
def test_the_links_keep_the_presenter_view(number: int):
    at = _lesson(number, present="1")
    _, params = _link(at)
    assert params["present"] == "1"
    at.query_params.clear()
    at.query_params.update(params)
    at.switch_page(STEPS[number - 1].page).run()
    assert not at.exception
    assert at.query_params["present"] == "1"


def test_next_and_back_move_through_the_steps_and_the_url_follows():
    at = _lesson(1)
    assert at.button(key="lesson.back").disabled
    at.button(key="lesson.next").click().run()
    assert at.session_state[STEP_KEY] == 2 and at.query_params["step"] == "2"
    assert STEPS[1].title in at.header[0].value
    at.button(key="lesson.back").click().run()
    assert at.query_params["step"] == "1"
    last = _lesson(len(STEPS))
    assert last.button(key="lesson.next").disabled


def test_every_step_is_listed_and_a_bad_step_falls_back_to_the_first():
    at = _lesson(99)
    assert "step='99'" in at.warning[0].value
    assert STEPS[0].title in at.header[0].value
    listed = at.markdown[-1].value
    assert all(step.title in listed for step in STEPS)


def test_numbers_are_spelled_as_a_sentence_says_them():
    spelled = {0: "zero", 1: "one", 10: "ten", 14: "fourteen", 19: "nineteen", 20: "twenty"}
    spelled |= {21: "twenty-one", 40: "forty", 99: "ninety-nine"}
    assert {n: in_words(n) for n in spelled} == spelled
    with pytest.raises(ValueError):
        in_words(100)


# where each page speaks of the lesson's length: Home's line on the Lesson, the Lesson's intro
ABOUT_THE_LESSON = {"app_pages/home.py": "guided tour", PATH: "short stops"}


@pytest.mark.parametrize("cut", [None, 9], ids=["the lesson", "a lesson of nine steps"])
@pytest.mark.parametrize(("page", "about"), ABOUT_THE_LESSON.items())
def test_the_count_of_steps_on_home_and_the_lesson_is_the_table_s(page, about, cut, monkeypatch):
    """Home's line on the Lesson and the Lesson's introduction count the steps of `STEPS` in
    words ("in fourteen steps", "Fourteen short stops"), and no other count of steps; with a
    table of nine steps they say nine (so the count is the table's, not a word typed in)."""
    if cut is not None:
        monkeypatch.setattr(lesson, "STEPS", STEPS[:cut])
    at = open_page(page)
    assert not at.exception
    (text,) = [m.value for m in at.markdown if about in m.value]
    counted = re.findall(r"([\w-]+) (?:short )?(?:steps|stops)\b", text.lower())
    assert counted == [in_words(len(lesson.STEPS))] == [steps_in_words()]
    if cut is not None:
        assert counted == ["nine"]
