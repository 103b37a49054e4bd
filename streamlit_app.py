"""Gentle ANN: the entry point. It only sets up the page and routes to the scripts in app_pages/.

The folder is deliberately not called `pages/`: Streamlit treats a `pages/` folder beside the
entry script as an old-style multipage app until some session calls `st.navigation`, so the
first visitor after a (re)start who opens a shared deep link would get the page without this
router (no page config, wrong menu, or "page not found").
"""

import streamlit as st

from ann_app import presenter
from ann_app.navigation import PAGES
from ann_app.python_support import require_supported_python
from ann_core import warm_up

st.set_page_config(
    page_title="Gentle ANN",
    page_icon="🧠",
    layout="wide",
    initial_sidebar_state="collapsed" if presenter.is_on() else "auto",
)
require_supported_python()
warm_up.start_in_background()  # once per server: the first student never waits on numba

navigation = st.navigation(
    [
        st.Page(page.path, title=page.title, icon=page.icon, url_path=page.url_path, default=i == 0)
        for i, page in enumerate(PAGES)
    ]
)
presenter.toggle()
navigation.run()
presenter.share_code()
