"""Stand-in for gui.app until it lands: the app's non-Qt stack under the bare window.

Built as ``dist/placeholder-app`` (``python build/build.py --placeholder``) to check that the
spec freezes httpx, truststore, keyring and the resources folder, and to estimate their size.
"""

from __future__ import annotations

import os
import ssl
import sys

import httpx
import keyring
import truststore

import gui.bitrix.bulk
import gui.bitrix.client
import gui.store.settings
from gui.store.paths import resource


def main() -> int:
    from bare_window import BENCH_MARKER, build_window
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    icon_file = resource("icons", "b24-chat-lookup-256.png")
    if not icon_file.is_file():
        print(f"missing {icon_file}", file=sys.stderr)
        return 1
    app.setWindowIcon(QIcon(str(icon_file)))
    truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # the client's TLS setup
    window = build_window()
    window.statusBar().showMessage(
        f"httpx {httpx.__version__}, keyring backend {type(keyring.get_keyring()).__name__}, "
        f"{gui.bitrix.client.__name__}, {gui.bitrix.bulk.__name__}, {gui.store.settings.__name__}"
    )
    window.show()
    if os.environ.get("B24_BENCH_EXIT_ON_SHOW") == "1":
        QTimer.singleShot(
            0,
            lambda: (
                print(BENCH_MARKER, window.statusBar().currentMessage(), flush=True),
                app.quit(),
            ),
        )
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
