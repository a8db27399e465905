"""Entry script for the frozen app: PyInstaller needs a script, the app's entry is gui.app:main."""

import sys

from gui.app import main

sys.exit(main())
