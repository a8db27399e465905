"""Tab goes through the window the way it is shown. Qt's focus chain follows the order widgets
were made in, so a bar added later (a notice) or a widget put in the tabs' corner later (the
portal switcher) would come last, not where it is on screen.

``QWidget.setTabOrder`` does nothing for a widget that takes no focus (a bar's frame, a corner's
container): it is given their first and last Tab stops. Found with findChildren, never by
walking the focus chain from Python (PySide6 then crashes at exit, destroying the window).
"""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QWidget


def _stops(widget: QWidget) -> list[QWidget]:
    from PySide6.QtCore import Qt  # when a bar comes: Qt's namespace is not built at start-up

    candidates = [widget, *widget.findChildren(QWidget)]
    return [w for w in candidates if w.focusPolicy() & Qt.FocusPolicy.TabFocus]


def follow(before: QWidget | None, after: QWidget) -> None:
    """Tab goes from ``before`` (its last stop) to ``after`` (its first stop)."""
    last, first = (_stops(before)[-1:] if before is not None else []), _stops(after)[:1]
    if last and first:
        QWidget.setTabOrder(last[0], first[0])


def follow_above(layout: QBoxLayout, widget: QWidget) -> None:
    """Tab reaches ``widget`` from the one shown above it in ``layout``."""
    above = layout.itemAt(layout.indexOf(widget) - 1)
    if above is not None:
        follow(above.widget(), widget)
