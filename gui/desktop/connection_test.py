"""What Settings → Test connection says about the portal's answer (``profile`` and ``scope``):
whose webhook it is, and whether lookups will work. Worded in the dialog's translation context."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QStyle


def answer_words(value: object) -> tuple[str, QStyle.StandardPixmap]:
    """The sentence and its icon for a successful test's answer."""
    answer = value if isinstance(value, dict) else {}
    profile = answer.get("profile") or {}
    scopes = [str(s) for s in answer.get("scopes") or []]
    name = " ".join(str(profile.get(k) or "").strip() for k in ("NAME", "LAST_NAME")).strip()
    role = (
        QCoreApplication.translate("SettingsDialog", "administrator")
        if profile.get("ADMIN") in (True, "Y", "1", 1)
        else QCoreApplication.translate("SettingsDialog", "not an administrator")
    )
    who = QCoreApplication.translate(
        "SettingsDialog", "Connected. The webhook belongs to {0} (ID {1}, {2})."
    ).format(
        name or QCoreApplication.translate("SettingsDialog", "a user without a name"),
        profile.get("ID", "?"),
        role,
    )
    if "im" in scopes:
        return (
            who
            + " "
            + QCoreApplication.translate(
                "SettingsDialog", "The im scope is there: lookups will work."
            ),
            QStyle.StandardPixmap.SP_DialogApplyButton,
        )
    return (
        who
        + " "
        + QCoreApplication.translate(
            "SettingsDialog",
            "The webhook lacks the im scope, so lookups will fail. In Bitrix24 open "
            "Developer resources → Other → Incoming webhook, edit this webhook, tick "
            '"Chat and notifications (im)" and save.',
        ),
        QStyle.StandardPixmap.SP_MessageBoxWarning,
    )
