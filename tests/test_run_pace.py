"""RunPace: rows a second and the time left, driven by a fake clock."""

from __future__ import annotations

import pytest
from fakes import FakeClock

from gui.bitrix.run_pace import RunPace


def test_no_rate_before_time_passes_or_rows_finish() -> None:
    clock = FakeClock()
    pace = RunPace(clock)
    pace.start(0)
    assert pace.rate(50) == 0.0 and pace.seconds_left(50, 100) is None
    clock.advance(2.0)
    assert pace.rate(0) == 0.0 and pace.seconds_left(0, 100) is None


def test_rate_and_time_left_follow_the_clock() -> None:
    clock = FakeClock()
    pace = RunPace(clock)
    pace.start(0)
    clock.advance(2.0)
    assert pace.rate(100) == pytest.approx(50.0)
    assert pace.seconds_left(100, 1100) == pytest.approx(20.0)
    clock.advance(2.0)
    assert pace.rate(300) == pytest.approx(75.0)
    assert pace.seconds_left(300, 1100) == pytest.approx(800 / 75)
    assert pace.elapsed() == pytest.approx(4.0)


def test_a_resume_counts_only_rows_done_since_it_started() -> None:
    clock = FakeClock()
    pace = RunPace(clock)
    clock.advance(100.0)  # time before the resume does not count
    pace.start(1000)
    clock.advance(4.0)
    assert pace.rate(1200) == pytest.approx(50.0)
    assert pace.seconds_left(1200, 2000) == pytest.approx(16.0)


def test_done_past_total_leaves_no_time() -> None:
    clock = FakeClock()
    pace = RunPace(clock)
    pace.start()
    clock.advance(1.0)
    assert pace.seconds_left(120, 100) == 0.0
