"""The package stays easy to read: no module over 400 lines, no function over 60."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import gui

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
PACKAGE = Path(gui.__file__).resolve().parent


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_package_has_modules_to_check() -> None:
    assert len(_modules()) > 40


def _long_modules() -> dict[str, int]:
    return {
        path.relative_to(PACKAGE).as_posix(): lines
        for path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }


def test_no_module_is_over_400_lines() -> None:
    assert _long_modules() == {}


def test_no_function_is_over_60_lines() -> None:
    long = {}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                lines = (node.end_lineno or node.lineno) - start + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"] = lines
    assert long == {}


SIGNAL_NAME = re.compile(r"_?[a-z]+(_[a-z]+)*")


def test_signals_have_one_naming_style() -> None:
    """snake_case, like every other name (no camelCase ``previewReady`` beside ``run_finished``),
    and a line for the status bar is always ``message``."""
    odd = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
                continue
            called = node.value.func
            if not (isinstance(called, ast.Name) and called.id == "Signal"):
                continue
            for target in node.targets:
                name = target.id if isinstance(target, ast.Name) else "?"
                if not SIGNAL_NAME.fullmatch(name) or name in ("status", "text", "note"):
                    odd.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {name}")
    assert odd == []
