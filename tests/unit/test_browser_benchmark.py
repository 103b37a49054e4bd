"""benchmarks/browser.py's arithmetic and tables, without a browser: the figures it prints for
the docs are only as good as these."""

from __future__ import annotations

import datetime

import pytest

from benchmarks import browser


def test_busy_seconds_is_the_task_duration_between_two_readings():
    reply = {"metrics": [{"name": "TaskDuration", "value": 0.25}, {"name": "Nodes", "value": 8}]}
    before = browser.metrics_by_name(reply)
    after = {"TaskDuration": 1.75, "Nodes": 400.0}
    assert before == {"TaskDuration": 0.25, "Nodes": 8.0}
    assert browser.busy_seconds(before, after) == pytest.approx(1.5)


def test_medians_take_each_figure_over_the_runs():
    runs = [
        {"cpu_s": 3.0, "drawn_s": 1.0},
        {"cpu_s": 1.0, "drawn_s": 9.0},
        {"cpu_s": 2.0, "drawn_s": 2.0},
    ]
    assert browser.medians(runs) == {"cpu_s": 2.0, "drawn_s": 2.0}
    assert browser.medians(runs[:2]) == {"cpu_s": 2.0, "drawn_s": 5.0}


def test_ratio_text_is_a_multiple_of_the_bare_page_or_a_dash_without_one():
    assert browser.ratio_text(2.2, 0.74) == "3.0x"
    assert browser.ratio_text(0.74, 0.74) == "1.0x"
    assert browser.ratio_text(1.0, None) == "-"
    assert browser.ratio_text(1.0, 0.0) == "-"


def _page(cpu: float, drawn: float) -> dict[str, float]:
    return {"cpu_s": cpu, "drawn_s": drawn, "requests": 139.0, "mb": 4.34, "heap_mb": 31.04}


def test_open_table_has_a_row_a_page_with_its_ratios_to_the_bare_page():
    table = browser.open_table(
        {browser.BARE: _page(0.74, 1.83), "Classification": _page(2.2, 3.85)}
    )
    lines = table.splitlines()
    assert lines[0].startswith("| page | renderer main-thread CPU (s) | main chart drawn (s) |")
    assert lines[1].count("---") == 7
    assert lines[2] == f"| {browser.BARE} | 0.74 | 1.83 | 1.0x CPU, 1.0x drawn | 139 | 4.3 | 31.0 |"
    assert lines[3] == "| Classification | 2.20 | 3.85 | 3.0x CPU, 2.1x drawn | 139 | 4.3 | 31.0 |"


def test_open_table_without_a_bare_row_shows_no_ratio():
    table = browser.open_table({"Classification": _page(2.2, 3.85)})
    assert "| - CPU, - drawn |" in table


def test_gesture_table_names_the_throttling_and_the_window():
    scrub = {"shown_s": 0.9, "s": 1.11}
    play = {"first_move_s": 1.0, "rate": 33.04, "skipped": 0.0}
    table = browser.gesture_table(scrub, play, scrubs=6)
    assert "at 4x CPU throttling" in table.splitlines()[0]
    assert "| scrubbed epoch, chart changed and app idle (median of 6) | 1.11 s |" in table
    assert "| Play: epochs a second over 2 s | 33.0 |" in table


def test_a_scrub_lasts_until_the_later_of_the_change_and_the_idle_app():
    assert browser.scrub_seconds(1000.0, 1900.0, 1500.0) == pytest.approx(
        {"shown_s": 0.9, "s": 0.9}
    )
    assert browser.scrub_seconds(1000.0, 1400.0, 2100.0) == pytest.approx(
        {"shown_s": 0.4, "s": 1.1}
    )


def test_play_figures_time_the_first_move_and_rate_over_the_window():
    # Play from the last epoch (100) restarts at 0, shown 1 s after the click; then the player
    # steps one epoch each 50 ms for 4 s, skipping epoch 5: 2 s hold 40 steps, epochs 1 to 42.
    steps = [epoch for epoch in range(1, 82) if epoch != 5]
    seen = [(0, 2000.0)] + [(epoch, 2300.0 + 50 * i) for i, epoch in enumerate(steps)]
    figures = browser.play_figures(seen, clicked_ms=1000.0, start_epoch=100)
    assert figures["first_move_s"] == pytest.approx(1.0)
    assert browser.PLAY_WINDOW_MS == 2000
    assert figures["rate"] == pytest.approx(20.0)
    assert figures["skipped"] == 1.0


def test_play_figures_skip_a_first_frame_at_the_slider_s_own_epoch():
    seen = [(30, 1200.0), (31, 1500.0), (32, 1600.0)]
    figures = browser.play_figures(seen, clicked_ms=1000.0, start_epoch=30)
    assert figures["first_move_s"] == pytest.approx(0.5)
    assert figures["rate"] == pytest.approx(10.0)


def test_the_machine_line_names_the_date_cores_processor_and_browser():
    cpuinfo = (
        "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\n"
    )
    line = browser.machine_text(datetime.date(2026, 12, 7), 2, cpuinfo, "156.0")
    assert line == "2026-12-07, 2 cores, Intel(R) Xeon(R) Processor, chromium 156.0"
    assert browser.cpu_model("flags\t: fpu\n") == "unknown"


def test_playground_folder_needs_a_built_index(tmp_path, monkeypatch):
    monkeypatch.delenv("PLAYGROUND_DIR", raising=False)
    assert browser.playground_folder(None) is None
    assert browser.playground_folder(str(tmp_path)) is None
    (tmp_path / "index.html").write_text("<html></html>")
    assert browser.playground_folder(str(tmp_path)) == tmp_path
    monkeypatch.setenv("PLAYGROUND_DIR", str(tmp_path))
    assert browser.playground_folder(None) == tmp_path
