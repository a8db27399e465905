"""Settings declared once: each dataclass field says its name, type and default, and its
:class:`Option` (in the field's metadata) what a good value is and the sentence for a bad one.

Loading, validation, the settings dialog's bounds and ``b24chat config`` all read these
declarations, so a new setting is one field. Any plain dataclass whose fields are declared with
:func:`option` gets the same handling (the app's settings, or a block of them per portal).
"""

from __future__ import annotations

import dataclasses
import math
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from gui.bitrix.wording import Number, Phrase, phrase

OPTION = "b24chat.option"  # the metadata key of a field's Option

USING_DEFAULT = phrase("{problem}; using the default ({default}) instead")

Check = Callable[[Any], str | None]


@dataclass(frozen=True)
class Option:
    """What a good value is, beyond its type, and how to say a bad one.

    ``problem`` is said for a value of the wrong type, out of ``low``..``high`` or not one of
    ``choices``; ``check`` then looks further (a file exists, a URL parses) and returns its own
    sentence. ``stored`` False: the value is not a plain key of the settings file (the webhook).
    ``label``, ``unit`` and ``unset`` are how ``b24chat config`` shows it; ``flag`` is its option
    there (None: not set that way), ``help`` its help there and the settings dialog's tooltip.

    ``problem`` and ``help`` are phrase templates that may name ``{low}``, ``{high}``,
    ``{default}`` and ``{choices}``: filled from this declaration, a bound is written once.
    """

    problem: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    check: Check | None = None
    stored: bool = True
    label: str = ""
    unit: str = ""
    unset: str = ""
    flag: str | None = None
    metavar: str | None = None
    help: str | None = None


def option(default: Any, **spec: Any) -> Any:
    """A dataclass field with this default, checked as ``Option(**spec)`` says."""
    return dataclasses.field(default=default, metadata={OPTION: Option(**spec)})


@dataclass(frozen=True)
class Declared:
    """One declared setting: a field of a settings dataclass and its :class:`Option`."""

    name: str
    value_type: type
    default: Any
    option: Option

    def problem(self, value: object) -> str | None:
        """What is wrong with ``value``, in words that say how to fix it; None when fine."""
        if not self._fits(value):
            return Phrase(self.option.problem, **self.words())
        return self.option.check(value) if self.option.check is not None else None

    def help_text(self) -> str | None:
        """What the setting is, with its bounds and default (``--help``, tooltips)."""
        return Phrase(self.option.help, **self.words()) if self.option.help else None

    def words(self) -> dict[str, str]:
        """The declaration's bounds, default and choices, for its sentences' placeholders."""
        spec, default = self.option, self.default
        words: dict[str, str] = {"choices": ", ".join(c for c in spec.choices if c)}
        if spec.low is not None:
            words["low"] = Number(spec.low)
        if spec.high is not None:
            words["high"] = Number(spec.high)
        if isinstance(default, int | float) and not isinstance(default, bool):
            words["default"] = Number(default)
        else:
            words["default"] = str(default)
        return words

    def _fits(self, value: object) -> bool:
        spec = self.option
        # bool is an int to Python: only a bool setting takes one, and it takes nothing else
        if isinstance(value, bool) != (self.value_type is bool):
            return False
        if not isinstance(value, self._accepted()):
            return False
        if isinstance(value, float) and not math.isfinite(value):
            return False
        if spec.low is not None and value < spec.low:  # type: ignore[operator]
            return False
        if spec.high is not None and value > spec.high:  # type: ignore[operator]
            return False
        return not spec.choices or value in spec.choices

    def _accepted(self) -> type | tuple[type, ...]:
        return (int, float) if self.value_type is float else self.value_type

    def from_json(self, value: object) -> object:
        """JSON writes a whole float as an int: read it back as the float it was."""
        if self.value_type is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return value

    def shown(self, value: object) -> str:
        """The value as ``b24chat config`` prints it."""
        if value in ("", None) and self.option.unset:
            return self.option.unset
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return f"{text} {self.option.unit}" if self.option.unit else text


def declared(cls: type) -> Iterator[Declared]:
    """The declared settings of a dataclass, in field order (fields without an Option skipped)."""
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        spec = f.metadata.get(OPTION)
        if isinstance(spec, Option):
            yield Declared(f.name, hints[f.name], f.default, spec)


def declaration(cls: type, name: str) -> Declared:
    for item in declared(cls):
        if item.name == name:
            return item
    raise KeyError(name)


def problems(settings: object) -> list[str]:
    """One sentence per bad value of a settings dataclass; empty when all are fine."""
    found = (item.problem(getattr(settings, item.name)) for item in declared(type(settings)))
    return [problem for problem in found if problem]


T = typing.TypeVar("T")


def load_into(cls: type[T], data: Mapping[str, Any], warnings: list[str]) -> T:
    """A ``cls`` from a settings file's keys: a missing key keeps its default, a bad value
    falls back to it with a warning, unknown keys are ignored, the other values survive."""
    values: dict[str, Any] = {}
    for item in declared(cls):
        if not item.option.stored or item.name not in data:
            continue
        value = item.from_json(data[item.name])
        problem = item.problem(value)
        if problem:
            warnings.append(Phrase(USING_DEFAULT, problem=problem, default=repr(item.default)))
            continue
        values[item.name] = value
    return cls(**values)


def stored_values(settings: object) -> dict[str, Any]:
    """The values a settings file keeps as plain keys."""
    return {
        item.name: getattr(settings, item.name)
        for item in declared(type(settings))
        if item.option.stored
    }
