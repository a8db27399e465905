"""The core's sentences in the user's language.

The core (no Qt) builds its messages as :class:`~gui.bitrix.wording.Phrase` objects: English text
that keeps its template and parameters. lupdate finds every template where it is declared, in a
``phrase("...")`` call (``LUPDATE_ARGS`` teach it that name, in the context ``CONTEXT``), and
:func:`translated` rebuilds a sentence from the translated template.
"""

from __future__ import annotations

import logging

from gui.bitrix.errors import BitrixError
from gui.bitrix.wording import Number, Phrase

log = logging.getLogger(__name__)

# lupdate reads ``phrase("...")`` like Qt's QT_TR_NOOP: outside a class that is the empty context.
CONTEXT = ""
LUPDATE_ARGS = ("-extensions", "py", "-tr-function-alias", "QT_TR_NOOP+=phrase")


def translated(item: BitrixError | str) -> str:
    """An error (its sentence plus " (CODE)", as ``str(error)``) or a core sentence, in the UI's
    language; text that is not a :class:`Phrase` comes back as it is."""
    if isinstance(item, BitrixError):
        text = _sentence(item.message)
        return f"{text} ({item.code})" if item.code else text
    return _sentence(item)


def write_problem(exc: OSError, path: object) -> str:
    """A file that could not be written, in the user's language (not "[Errno 13] …")."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "Files", "{path} could not be written ({why}): check that its folder is writable"
    ).format(path=exc.filename or path, why=exc.strerror or type(exc).__name__)


def _sentence(text: str) -> str:
    if isinstance(text, Number):
        from PySide6.QtCore import QLocale

        locale = QLocale()
        locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)  # a bound: 1000
        return locale.toString(float(text.value), "g", 12)
    if not isinstance(text, Phrase):
        return text
    # Qt imported here, not at the top: PySide6 reads the source of each module importing it
    from PySide6.QtCore import QCoreApplication

    template = QCoreApplication.translate(CONTEXT, text.template)
    params = {name: _sentence(value) for name, value in text.params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):  # a broken translation must not hide the message
        log.warning("The translation of %r does not fit its parameters", text.template)
        return str(text)
