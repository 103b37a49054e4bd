"""Lesson: the post's thread, one step at a time (the steps in ann_app/content/lesson.py).

Each step explains an idea, asks one question to answer by experiment and links to the page
that answers it, with the step's settings in the link (and the presenter view kept on).
"""

import streamlit as st

from ann_app.content.lesson import LESSON_SETTINGS, STEP, STEPS, link_params, steps_in_words
from ann_app.settings.widgets import render_settings, warn_ignored, widget_key
from ann_app.shell import presenter
from ann_app.shell.navigation import PAGES

PAGE = "lesson"
KEY = widget_key(PAGE, STEP)
PAGE_OF_PATH = {page.path: page for page in PAGES}


def _move(by: int) -> None:
    st.session_state[KEY] = min(max(st.session_state[KEY] + by, 1), len(STEPS))


st.title("Lesson: how a small network learns")
st.markdown(
    f"{steps_in_words().capitalize()} short stops, from one neuron to networks that learn a "
    "ring and a curve. Read the step, open the page it links to (with the settings already "
    "set), and answer the question by experimenting. Come back here for the next step."
)
notice = st.container()
picker, back, forward = st.columns([6, 1, 1], vertical_alignment="bottom")
values, ignored = render_settings(LESSON_SETTINGS, page=PAGE, containers={STEP.section: picker})
with notice:
    warn_ignored(ignored)
number = values.step if values.step <= len(STEPS) else 1
back.button("◀ Back", key=f"{PAGE}.back", on_click=_move, args=(-1,), disabled=number == 1)
forward.button(
    "Next ▶", key=f"{PAGE}.next", on_click=_move, args=(1,), disabled=number == len(STEPS)
)

step = STEPS[number - 1]
target = PAGE_OF_PATH[step.page]
st.header(f"Step {number} of {len(STEPS)}: {step.title}")
st.markdown(step.text)
st.info(f"**Find out:** {step.question}", icon="🔍")
st.page_link(
    step.page,
    label=f"Open {target.title} with this step's settings",
    icon=target.icon,
    query_params={**link_params(step), **presenter.url_params()},
)

st.subheader("All steps")
st.markdown(
    "\n".join(
        f"{i}. **{s.title}** (you are here)" if i == number else f"{i}. {s.title}"
        for i, s in enumerate(STEPS, start=1)
    )
)
