"""File → Settings…: the dialog for the portal in use, then what the window does with it (a
profile saved, renamed, added or removed; a resumable run for the new portal)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog

from gui.store.settings import effective_webhook

if TYPE_CHECKING:
    from gui.desktop.main_window import MainWindow


def run_settings(window: MainWindow) -> None:
    from gui.desktop.settings_dialog import SettingsDialog

    if window.store is None:
        window.show_message(
            QCoreApplication.translate("MainWindow", "Settings cannot be saved in this session")
        )
        return
    if window.bulk_running():
        # The run holds the current connection: new settings would pull it from under it.
        window.warn(
            QCoreApplication.translate(
                "MainWindow",
                "A bulk run is in progress: let it finish or cancel it, then change the settings.",
            )
        )
        return
    from_env = effective_webhook(window.settings, window.env)[1] == "environment"
    portals = window.portals
    dialog = SettingsDialog(
        window.store,
        portals.settings_to_edit(window.settings) if portals else window.settings,
        window.controller,
        window,
        env_webhook=from_env,
        profiles=portals.profiles if portals else None,
        profile=portals.profile if portals else None,
    )
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()  # one dialog per visit, not one more child each time
    if portals is not None and portals.follow_settings(dialog, accepted):
        return  # now on another profile, its settings loaded whole
    if not accepted:
        return
    window.apply_settings(dialog.settings())
    if window.sealed_demo:
        window.show_message(
            QCoreApplication.translate(
                "MainWindow",
                "Settings saved; this demo session keeps using the sample portal: "
                "start the app without --demo to use them",
            )
        )
    window.check_for_interrupted_run()  # a run for this portal may be resumable now
