"""The entity hints the window shows are the core's words, and every one is translatable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from gui.bitrix.entities import EntityType, shape_of
from gui.bitrix.wording import TEMPLATES
from gui.desktop.i18n import install_translator
from gui.desktop.lookup_panel import hint_for


def test_every_core_hint_is_declared_for_translation() -> None:
    hints = {shape_of(kind).hint for kind in EntityType}
    assert len(hints) == 4 and hints <= TEMPLATES


@pytest.mark.usefixtures("qapp")
def test_hints_come_out_in_russian() -> None:
    app = QCoreApplication.instance()
    assert app is not None
    try:
        assert install_translator(app, "ru") == "ru"
        assert hint_for(EntityType.CRM).startswith("Сущность CRM")
        assert hint_for(EntityType.TASKS) == "Идентификатор сущности, например 42"
    finally:
        install_translator(app, "en")
    assert hint_for(EntityType.CRM).startswith("CRM entity")
