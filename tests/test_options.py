"""Settings declared once: the declaration drives checks, loading, the dialog and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.bitrix.wording import Phrase
from gui.store.options import declaration, declared, load_into, option, problems, stored_values
from gui.store.settings import RATE_RANGE, Settings


@dataclass
class PortalBlock:
    """A block of settings declared the same way (as a per-portal profile might be)."""

    name: str = option("main", problem="The name must be text")
    rate: float = option(2.0, problem="The rate must be from 1 to 5", low=1, high=5)
    mode: str = option("a", problem="The mode must be a or b", choices=("a", "b"))
    secret: str = option("", problem="The secret must be text", stored=False)


def test_any_dataclass_declared_with_option_is_checked_and_loaded() -> None:
    assert [item.name for item in declared(PortalBlock)] == ["name", "rate", "mode", "secret"]
    assert problems(PortalBlock(rate=9, mode="c")) == [
        "The rate must be from 1 to 5",
        "The mode must be a or b",
    ]
    warnings: list[str] = []
    block = load_into(PortalBlock, {"rate": 3, "mode": "z", "secret": "x", "extra": 1}, warnings)
    assert block == PortalBlock(rate=3.0, mode="a")  # int read as float; bad and unstored skipped
    assert isinstance(block.rate, float)
    assert warnings == ["The mode must be a or b; using the default ('a') instead"]
    assert stored_values(block) == {"name": "main", "rate": 3.0, "mode": "a"}


@pytest.mark.parametrize("bad", [True, "2", float("nan"), float("inf"), 0.05, 51, None])
def test_a_number_setting_refuses_what_is_not_a_number_in_range(bad: object) -> None:
    problem = declaration(Settings, "rate").problem(bad)
    assert isinstance(problem, Phrase) and problem.template == RATE_RANGE


def test_every_settings_field_is_declared() -> None:
    from dataclasses import fields

    assert [item.name for item in declared(Settings)] == [f.name for f in fields(Settings)]


def test_the_dialog_takes_its_bounds_and_choices_from_the_declarations(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from gui.desktop.settings_dialog import SettingsDialog
    from gui.store.paths import AppPaths
    from gui.store.secrets import FileTokenStore
    from gui.store.settings import SettingsStore

    store = SettingsStore(AppPaths.under(tmp_path, portable=True), FileTokenStore())
    dialog = SettingsDialog(store, Settings(), None)
    qtbot.addWidget(dialog)
    for spin, name in (
        (dialog.connection.rate_spin, "rate"),
        (dialog.connection.burst_spin, "burst"),
        (dialog.connection.timeout_spin, "timeout"),
    ):
        spec = declaration(Settings, name).option
        assert (spin.minimum(), spin.maximum()) == (spec.low, spec.high), name
    modes = [
        dialog.connection.proxy_combo.itemData(i)
        for i in range(dialog.connection.proxy_combo.count())
    ]
    assert tuple(modes) == declaration(Settings, "proxy_mode").option.choices


def test_b24chat_config_offers_a_flag_per_declared_setting() -> None:
    from gui.cli.parser import build_parser

    parser = build_parser()
    args = parser.parse_args(["config", "--rate", "3", "--ca-bundle", "x.pem", "--webhook", ""])
    assert (args.rate, args.ca_bundle, args.webhook_url) == (3.0, "x.pem", "")
    flags = {item.option.flag for item in declared(Settings)} - {None}
    assert flags == {"--webhook", "--rate", "--burst", "--timeout", "--ca-bundle"}


@pytest.fixture
def rate_up_to_60(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rate's upper bound changed in its declaration, and nowhere else."""
    import dataclasses
    from types import MappingProxyType

    from gui.store.options import OPTION

    field = Settings.__dataclass_fields__["rate"]
    spec = dataclasses.replace(field.metadata[OPTION], high=60)
    monkeypatch.setattr(field, "metadata", MappingProxyType({OPTION: spec}))


@pytest.mark.usefixtures("rate_up_to_60")
def test_a_bound_declared_once_reaches_the_check_the_cli_and_the_dialog(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gui.cli.parser import build_parser
    from gui.desktop.settings_dialog import SettingsDialog
    from gui.store.paths import AppPaths
    from gui.store.secrets import FileTokenStore
    from gui.store.settings import SettingsStore

    assert Settings(rate=55).validate() == []
    assert Settings(rate=70).validate() == ["Requests per second must be a number from 0.1 to 60"]
    with pytest.raises(SystemExit):
        build_parser().parse_args(["config", "--help"])
    assert "requests per second, 0.1 to 60 (default 2)" in " ".join(capsys.readouterr().out.split())
    store = SettingsStore(AppPaths.under(tmp_path, portable=True), FileTokenStore())
    dialog = SettingsDialog(store, Settings(), None)
    qtbot.addWidget(dialog)
    spin = dialog.connection.rate_spin
    assert spin.maximum() == 60
    assert spin.toolTip() == "Requests per second, 0.1 to 60 (default 2)"


def test_the_bounds_are_said_in_the_users_language_and_numbers(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    from gui.desktop.i18n import install_translator
    from gui.desktop.settings_dialog import SettingsDialog
    from gui.desktop.wording import translated
    from gui.store.paths import AppPaths
    from gui.store.secrets import FileTokenStore
    from gui.store.settings import SettingsStore

    app = QApplication.instance()
    assert app is not None
    install_translator(app, "ru", cache=tmp_path / "cache")
    try:
        [problem] = Settings(rate=0.01).validate()
        assert translated(problem) == "Запросов в секунду — число от 0,1 до 50"
        store = SettingsStore(AppPaths.under(tmp_path, portable=True), FileTokenStore())
        dialog = SettingsDialog(store, Settings(), None)
        qtbot.addWidget(dialog)
        tip = dialog.connection.timeout_spin.toolTip()
        assert "1" in tip and "300" in tip and "15" in tip and "seconds" not in tip
    finally:
        install_translator(app, "en", cache=tmp_path / "cache")
