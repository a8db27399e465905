"""Numbers and dates as the user's locale writes them: "5,0 s" in Russian, "5.0 s" in English."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, Qt


def decimal(value: float, places: int = 1) -> str:
    """``value`` with ``places`` decimals and the locale's separator (QLocale's default, which
    :func:`gui.desktop.i18n.install_translator` sets to the UI's language when one is chosen)."""
    return QLocale().toString(float(value), "f", places)


def whole(value: float) -> str:
    """A whole number with the locale's digit grouping: "12 345" in Russian."""
    return QLocale().toString(round(value))


def date_time(iso: str) -> str:
    """An ISO 8601 moment from the portal in the locale's short date and time, in local time;
    text that is not one stays as the portal sent it."""
    moment = QDateTime.fromString(iso, Qt.DateFormat.ISODate)
    if not moment.isValid():
        return iso
    locale = QLocale()
    if locale.language() == QLocale.Language.C:  # LANG=C: "2 03 2026", so ISO's order instead
        return moment.toLocalTime().toString("yyyy-MM-dd HH:mm")
    return locale.toString(moment.toLocalTime(), QLocale.FormatType.ShortFormat)
