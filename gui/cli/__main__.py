"""``python -m gui.cli``: the ``b24chat`` command line."""

import sys

from gui.cli import main

sys.exit(main())
