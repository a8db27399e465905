"""Dates and durations as the locale writes them, and what the C locale gets instead."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale

from gui.desktop.numbers import date_time


@pytest.fixture
def default_locale() -> Iterator[None]:
    before = QLocale()
    yield
    QLocale.setDefault(before)


def test_the_c_locale_writes_an_unambiguous_date(default_locale: None) -> None:
    QLocale.setDefault(QLocale.c())  # LANG=C.UTF-8: the English UI, no date style of its own
    assert date_time("2026-03-02T12:00:00Z")[:10] == "2026-03-02"


def test_text_that_is_no_date_stays(default_locale: None) -> None:
    assert date_time("soon") == "soon"


def test_a_run_under_a_second_is_not_done_in_0_s(default_locale: None) -> None:
    from gui.desktop.bulk_status import duration

    QLocale.setDefault(QLocale(QLocale.Language.English))
    assert (duration(0.38), duration(12.4), duration(75)) == ("0.4 s", "12 s", "1 min 15 s")
    QLocale.setDefault(QLocale(QLocale.Language.Russian))
    assert duration(2.25) in ("2,2 s", "2,3 s")  # the locale's comma (the words are not loaded)
