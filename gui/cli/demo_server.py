"""``b24chat demo-server``: a demo portal on 127.0.0.1 until Ctrl+C; its webhook URL on stdout."""

from __future__ import annotations

import argparse
import signal
import threading

from gui.bitrix.errors import EXIT_FOUND, InvalidInputError
from gui.cli.terminal import say


def cmd_demo_server(args: argparse.Namespace) -> int:
    from gui.demo.emulator import PortalEmulator, sample_portal

    if not 0 <= args.port <= 65535:
        raise InvalidInputError(f"The port must be from 0 to 65535, not {args.port}")
    stop = threading.Event()
    try:
        portal = PortalEmulator(
            sample_portal(rate=args.rate, burst=args.burst), host="127.0.0.1", port=args.port
        )
        portal.start()
    except OSError as exc:
        raise InvalidInputError(
            f"The demo portal could not listen on port {args.port} ({exc.strerror}): "
            "choose another --port, or 0 for any free one"
        ) from None
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    try:
        print(portal.webhook_url, flush=True)
        say(
            "demo portal running; try: b24chat lookup CRM 'LEAD|1' --webhook "
            f"{portal.webhook_url}  (Ctrl+C to stop)"
        )
        while not stop.wait(0.5):  # a timed wait keeps Ctrl+C responsive on every platform
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        portal.stop()
    return EXIT_FOUND
