"""Dates as the locale writes them, and what a locale without a date style (C) gets instead."""

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
