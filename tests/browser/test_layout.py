"""Nothing cut off, labels readable: measured in the DOM at a laptop's 1280 x 900, a small
screen's 1024 x 768 and in the presenter view, with a screenshot of each for a person to see."""

from __future__ import annotations

import pytest
from browser_helpers import (
    SEL_EXCEPTION,
    SEL_GRAPHVIZ_CHART,
    SEL_VEGA_CHART,
    assert_page_healthy,
    open_page,
    open_sections,
    screenshot,
)
from playwright.sync_api import Browser, Page

VIEWS = {
    "1280x900": ({"width": 1280, "height": 900}, ""),
    "1024x768": ({"width": 1024, "height": 768}, ""),
    "presenter": ({"width": 1280, "height": 900}, "present=1"),
    "presenter-1024x768": ({"width": 1024, "height": 768}, "present=1"),
}
# KaTeX ends a stacked layout (aligned lines) in a 2 px strut past the ink, so such a formula's
# box always reports 2 px more than it shows.
KATEX_STRUT_PX = 2
# Streamlit draws every Graphviz label at 0.6 rem, shrunk with the drawing to its column.
MIN_LABEL_PX = 12

# [text, needed width, shown width] of every visible formula.
_FORMULAS_JS = """
() => [...document.querySelectorAll('.katex-display')].filter((d) => d.checkVisibility())
  .map((d) => [d.querySelector('annotation').textContent, d.scrollWidth, d.clientWidth])
"""
# [text, size on screen in px, inside the drawing] of every label of a Graphviz drawing.
_LABELS_JS = """
(svg) => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].map((t) => {
    const r = t.getBoundingClientRect();
    const inside = r.left >= box.left - 1 && r.right <= box.right + 1
      && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
    return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a, inside];
  });
}
"""
# Painted pixels (other than the background's colour) in a canvas' outermost row and column:
# text running past the chart's bounds is cut there.
_EDGE_INK_JS = """
(canvas) => {
  const ctx = canvas.getContext('2d');
  const [w, h] = [canvas.width, canvas.height];
  const bg = ctx.getImageData(0, 0, 1, 1).data;
  const ink = (x, y, sw, sh) => {
    const d = ctx.getImageData(x, y, sw, sh).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2])
          + Math.abs(d[i + 3] - bg[3]) > 30) n += 1;
    }
    return n;
  };
  return {bottom: ink(0, h - 1, w, 1), right: ink(w - 1, 0, 1, h)};
}
"""


def _open(browser: Browser, app_url: str, path: str, view: str, wait_for: str) -> Page:
    """Open `path` in `view` and wait until `wait_for` is drawn (elements load lazily)."""
    viewport, query = VIEWS[view]
    joiner = "&" if "?" in path else "?"
    page = open_page(browser, f"{app_url}{path}{joiner + query if query else ''}", viewport)
    page.locator(wait_for).first.wait_for(state="visible")
    return page


def _formulas_fit(page: Page) -> None:
    formulas = page.evaluate(_FORMULAS_JS)
    assert formulas
    cut = [f for f in formulas if f[1] > f[2] + KATEX_STRUT_PX]
    assert not cut, f"formulas cut off ([LaTeX, needed px, shown px]): {cut}"


@pytest.mark.parametrize("view", VIEWS)
def test_home_formulas_fit_and_figure_1_is_readable(
    browser: Browser, app_url: str, view: str
) -> None:
    page = _open(browser, app_url, "/", view, f"{SEL_GRAPHVIZ_CHART} svg")
    screenshot(page, f"layout-home-{view}")
    _formulas_fit(page)
    labels = page.locator(f"{SEL_GRAPHVIZ_CHART} svg").first.evaluate(_LABELS_JS)
    assert "aₒᵤₜ" in [text for text, _, _ in labels]  # one label, not "a" and a lowered "out"
    small = [(text, round(px, 1)) for text, px, _ in labels if px < MIN_LABEL_PX]
    assert not small, f"Figure 1's labels under {MIN_LABEL_PX} px: {small}"
    assert all(inside for _, _, inside in labels), labels
    assert_page_healthy(page)


@pytest.mark.parametrize("view", VIEWS)
def test_error_surfaces_formulas_and_table_fit(browser: Browser, app_url: str, view: str) -> None:
    page = _open(browser, app_url, "/error-surfaces", view, '[data-testid="stDataFrame"]')
    screenshot(page, f"layout-error-surfaces-{view}")
    _formulas_fit(page)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.scroll_into_view_if_needed()
    needed, shown = table.locator(".dvn-scroller").evaluate("(s) => [s.scrollWidth, s.clientWidth]")
    assert needed <= shown, f"'Where each path ended' needs {needed} px, shows {shown}"
    assert_page_healthy(page)


@pytest.mark.parametrize("view", VIEWS)
def test_classification_surface_legend_fits(browser: Browser, app_url: str, view: str) -> None:
    """The decision surface's legends (class, points, output from 0 to 1) end inside the
    chart: nothing painted on its bottom or right edge. With a test set, for more legend."""
    page = _open(browser, app_url, "/classification?test=0.3", view, f"{SEL_VEGA_CHART} canvas")
    surface = page.locator(f"{SEL_VEGA_CHART} canvas").first
    surface.scroll_into_view_if_needed()
    screenshot(page, f"layout-classification-{view}", full_page=False)
    assert surface.evaluate(_EDGE_INK_JS) == {"bottom": 0, "right": 0}
    assert_page_healthy(page)


# [column's left and right, chart's drawn left and right] of every chart and diagram on the page.
_CHART_SPANS_JS = f"""
() => [...document.querySelectorAll('{SEL_VEGA_CHART}, {SEL_GRAPHVIZ_CHART}')]
  .map((chart) => {{
    const column = (chart.closest('[data-testid="stColumn"]') || chart.parentElement)
      .getBoundingClientRect();
    const drawn = (chart.querySelector('canvas, svg') || chart).getBoundingClientRect();
    return [column.left, column.right, drawn.left, drawn.right];
  }})
"""
EVERY_FEATURE = {
    "classification": "x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2&h1=16",
    "regression": "x,xsq,xcube,sinx",
}


@pytest.mark.parametrize("page_name", EVERY_FEATURE)
@pytest.mark.parametrize("view", VIEWS)
def test_training_charts_stay_in_their_columns(
    browser: Browser, app_url: str, view: str, page_name: str
) -> None:
    """Every feature, the most units and a penalty: the small maps or curves (facet charts,
    which do not shrink to their column) end inside their column, beside the network."""
    path = f"/{page_name}?features={EVERY_FEATURE[page_name]}&reg=l2&reg_rate=0.01&test=0.2"
    page = _open(browser, app_url, path, view, f"{SEL_VEGA_CHART} canvas")
    open_sections(page)
    for chart in page.locator(f"{SEL_VEGA_CHART} canvas").all():
        chart.scroll_into_view_if_needed()  # drawn when seen
    screenshot(page, f"layout-{page_name}-features-{view}")
    spans = page.evaluate(_CHART_SPANS_JS)
    assert len(spans) >= 4
    over = [span for span in spans if span[2] < span[0] - 1 or span[3] > span[1] + 1]
    assert not over, f"charts past their column ([column, drawn] left and right): {over}"
    assert_page_healthy(page)


# The edges of the main chart (the page's first chart), the loss chart (its second), the Play
# button, the epoch slider, the finding line and the preset's note; and whether the note's text
# is cut (its box holds less than its text).
_MAIN_VIEW_JS = f"""
() => {{
  const edges = (el) => {{
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  }};
  const charts = [...document.querySelectorAll('{SEL_VEGA_CHART}')];
  const play = [...document.querySelectorAll('button')].find((b) => b.textContent.includes('Play'));
  const finding = [...document.querySelectorAll('[data-testid="stMarkdownContainer"]')]
    .find((m) => /^\\S+ (After epoch|Stalled|Overfitting|Diverged|Epoch 0)/.test(m.textContent));
  const note = [...document.querySelectorAll('[data-testid="stAlertContainer"]')]
    .find((a) => a.closest('[data-testid="stHorizontalBlock"]'));
  const cut = (note ? [note, ...note.querySelectorAll('*')] : []).filter(
    (el) => el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).overflowY !== 'visible'
  );
  return {{
    boxes: {{
      'main chart': edges(charts[0]),
      'loss chart': edges(charts[1]),
      'Play': edges(play),
      'epoch slider': edges([...document.querySelectorAll('[data-testid="stSlider"]')]
        .find((s) => s.textContent.includes('epoch (0 = the initial random weights)'))),
      'finding line': edges(finding),
      'preset note': edges(note),
    }},
    noteCut: cut.length,
  }};
}}
"""
# The plot's height in px of each of the first `n` charts: from the first to the last row of
# its canvas crossed by a line over 40 % of its width (the grid's outermost lines, or a heat map).
_PLOT_HEIGHTS_JS = f"""
(n) => [...document.querySelectorAll('{SEL_VEGA_CHART} canvas')].slice(0, n).map((canvas) => {{
  const [w, h] = [canvas.width, canvas.height];
  const data = canvas.getContext('2d').getImageData(0, 0, w, h).data;
  const rows = [];
  for (let y = 0; y < h; y++) {{
    let run = 0, longest = 0;
    for (let x = 0; x < w; x++) {{
      const i = 4 * (y * w + x);
      const ink = Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1])
        + Math.abs(data[i + 2] - data[2]) > 6;
      run = ink ? run + 1 : 0;
      longest = Math.max(longest, run);
    }}
    if (longest > 0.4 * w) rows.push(y);
  }}
  return rows.length ? (rows[rows.length - 1] - rows[0]) / window.devicePixelRatio : 0;
}})
"""
ONE_SCREEN = {
    "1280x800": ({"width": 1280, "height": 800}, ""),
    "presenter-1920x1080": ({"width": 1920, "height": 1080}, "present=1"),
}
#: The least plot height of a first-screen chart in the presenter view (issue 30).
PRESENTER_PLOT_PX = 200


# The pages' defaults (the post's XOR and sine), the presets with the longest notes (the ring's,
# the L2 one's), the overfitting run (its loss on a log scale), and a diverged run.
ONE_SCREEN_PAGES = {
    "classification": "classification?",
    "regression": "regression?",
    "classification-ring": "classification?data=RING&anneal=0.95&layers=1&h1=4&",
    "regression-l2": (
        "regression?data=SIN&n=40&test=0.3&h1=16&lr=0.05&anneal=1&epochs=500&reg=l2&reg_rate=0.01&"
    ),
    "regression-overfit": "regression?data=SIN&n=40&test=0.3&h1=16&lr=0.05&anneal=1&epochs=500&",
    "classification-diverged": "classification?lr=100&",
}
#: What each page's finding line must say.
FINDINGS = {
    "classification": "After epoch 100: 199 of 200",
    "regression": "After epoch 100: loss per sample",
    "classification-ring": "Stalled on a plateau",
    "regression-l2": "0.1878 on the test points",
    "regression-overfit": "Overfitting since epoch 126",
    "classification-diverged": "Diverged: the steps made it worse",
}


@pytest.mark.parametrize("page_name", ONE_SCREEN_PAGES)
@pytest.mark.parametrize("view", ONE_SCREEN)
def test_first_screen_shows_the_finding_the_note_whole_and_the_charts(
    browser: Browser, app_url: str, view: str, page_name: str
) -> None:
    """Opened at the top, the page shows the preset's note whole, the finding line, Play, the
    epoch slider, its main chart (decision surface or fit) and the loss curve, without
    scrolling; in the presenter view each chart has at least PRESENTER_PLOT_PX of plot."""
    viewport, query = ONE_SCREEN[view]
    page = open_page(browser, f"{app_url}/{ONE_SCREEN_PAGES[page_name]}{query}", viewport)
    page.locator(f"{SEL_VEGA_CHART} canvas").nth(1).wait_for(state="visible")
    page.get_by_text(FINDINGS[page_name]).first.wait_for(state="visible")
    screenshot(page, f"one-screen-{page_name}-{view}", full_page=False)
    seen = page.evaluate(_MAIN_VIEW_JS)
    boxes = {name: box for name, box in seen["boxes"].items() if box is not None}
    assert set(boxes) >= {"main chart", "loss chart", "Play", "epoch slider", "finding line"}
    width, height = viewport["width"], viewport["height"]
    outside = {
        name: [round(edge) for edge in box]
        for name, box in boxes.items()
        if box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height
    }
    assert not outside, f"past {width} x {height} ([left, top, right, bottom]): {outside}"
    assert seen["noteCut"] == 0, "the preset's note is cut"
    if query:
        charts = 3 if page_name.startswith("classification") else 2
        plots = page.evaluate(_PLOT_HEIGHTS_JS, charts)
        assert min(plots) >= PRESENTER_PLOT_PX, f"plot heights (px): {plots}"
    if page_name.endswith("diverged"):  # its error box is the point; no traceback
        assert page.locator(SEL_EXCEPTION).count() == 0
    else:
        assert_page_healthy(page)
