"""Guards against a broken Qt binding: PySide6 6.12.0 drops a reference to ``True`` on every
slot call, and Python 3.11 aborts once the count reaches zero."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QCoreApplication, QObject, Signal
    app = QCoreApplication([])
    class Emitter(QObject):
        fired = Signal(object)
    emitter, seen = Emitter(), []
    emitter.fired.connect(lambda value: seen.append(value))
    before = sys.getrefcount(True)
    for n in range(2000):
        emitter.fired.emit(n)
    print(len(seen), sys.getrefcount(True) - before)
""")


def test_slot_calls_keep_reference_counts() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert done.returncode == 0, done.stderr[-500:]
    delivered, drift = map(int, done.stdout.split())
    assert delivered == 2000
    assert abs(drift) < 50, f"Py_True lost {-drift} references over 2000 slot calls"
