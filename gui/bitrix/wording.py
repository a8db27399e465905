"""The core's sentences as templates plus parameters, so the desktop app can translate them.

The core stays Qt-free and English: a :class:`Phrase` *is* the English sentence (a ``str``), and
also keeps the template and parameters it was built from. Every template is declared once with
:func:`phrase`, which records it, so a test can check the Qt layer marks each for translation.
"""

from __future__ import annotations

from typing import Any

TEMPLATES: set[str] = set()


def phrase(template: str) -> str:
    """Declare a sentence template (a module-level constant); returns it unchanged."""
    TEMPLATES.add(template)
    return template


class Phrase(str):
    """An English sentence that remembers its template and parameters.

    Parameters are plain text (formatted beforehand: ``repr``), a :class:`Number`, or other
    phrases, which are translated in turn; placeholders are bare ``{name}``.
    """

    template: str
    params: dict[str, str]

    def __new__(cls, template: str, /, **params: str) -> Phrase:
        self = super().__new__(cls, template.format(**params))
        self.template = template
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle keep the parts
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, str]) -> Phrase:
    return Phrase(template, **params)


class Number(str):
    """A number in a phrase: English digits here (``0.1``), the user's locale's where the
    phrase is translated (``0,1`` in Russian)."""

    value: float

    def __new__(cls, value: float) -> Number:
        self = super().__new__(cls, f"{value:g}")
        self.value = value
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Number, (self.value,))
