"""A dialog's sections in a scroll area that never squashes them: the page's minimum height is
what its wrapped sentences need at the current width, and the dialog grows to show them all
while the screen has room (a short screen gets the scroll bar; the buttons outside stay)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

SCREEN_SHARE = 0.9  # the most of the screen's height a dialog grows to by itself


class SectionsArea(QScrollArea):
    def __init__(self, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop: its fields are (and Tab
        # to one scrolls it into view)
        self.setWidget(page)
        self._timer = QTimer(self)  # its own: it dies with the area, never fires after
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.grow_to_fit)
        self.viewport().installEventFilter(self)
        page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A sentence that wraps anew (a warning, a test's answer) or a narrower viewport.
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            self._timer.start()  # once the layouts have settled
        return super().eventFilter(watched, event)

    def keep_window_wide(self, chars: int) -> None:
        """The window no narrower than ``chars`` average characters (in text units, so it scales
        with DPI and font) nor than the page's widest row, which would be cut: the area never
        scrolls sideways. Called once the window's layout holds the area."""
        window = self.window()
        layout = window.layout()
        margins = layout.contentsMargins() if layout is not None else None
        frame = margins.left() + margins.right() if margins is not None else 0
        bar = self.verticalScrollBar().sizeHint().width()
        widest = self.page.minimumSizeHint().width() + bar + frame
        window.setMinimumWidth(max(window.fontMetrics().averageCharWidth() * chars, widest))

    def _fit_page(self) -> bool:
        """The page's minimum height follows its wrapped height; True when it grew."""
        wanted = self.page.heightForWidth(self.viewport().width())
        grew = wanted > self.page.minimumHeight()
        if wanted > 0 and wanted != self.page.minimumHeight():
            self.page.setMinimumHeight(wanted)
        return grew

    def grow_to_fit(self) -> None:
        """When the sections need more room (first shown, a sentence wrapped anew), grow the
        window to show them while the screen has room. A user's own resize is left alone."""
        if not self._fit_page():
            return
        window = self.window()
        wanted = self.page.minimumHeight() + window.height() - self.viewport().height()
        screen = window.screen()
        room = int(screen.availableGeometry().height() * SCREEN_SHARE) if screen else wanted
        height = min(wanted, room)
        if height > window.height():
            window.resize(window.width(), height)
