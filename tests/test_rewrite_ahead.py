"""The controller's rewriting ahead writes the cache the workers read, once."""

from __future__ import annotations

from pathlib import Path

import pytest
from _pytest.assertion import rewrite
from rewrite_ahead import rewrite_ahead


def test_rewrites_a_module_once_into_pytests_cache(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    source = tmp_path / "test_sample_rewrite.py"
    source.write_text("def check(x):\n    assert x == 2\n", encoding="utf-8")
    assert rewrite_ahead(request.config, tmp_path) == 1
    assert rewrite_ahead(request.config, tmp_path) == 0  # fresh: left alone
    [cached] = (tmp_path / "__pycache__").glob("test_sample_rewrite*pytest*.pyc")
    code = rewrite._read_pyc(source, cached)  # what a worker's import will find
    assert code is not None
    namespace: dict[str, object] = {}
    exec(code, namespace)
    with pytest.raises(AssertionError, match=r"assert 3 == 2"):  # rewritten: it explains
        namespace["check"](3)  # type: ignore[operator]
