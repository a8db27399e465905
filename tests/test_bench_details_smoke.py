"""Keeps tests/bench/bench_details.py from rotting: one tiny bulk case each way."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).parent / "bench" / "bench_details.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_details", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_tiny_bulk_runs_within_budget_and_right(bench: ModuleType) -> None:
    plain = bench.run_bulk(120, details=False, rate=1000, burst=1000)
    detailed = bench.run_bulk(120, details=True, rate=1000, burst=1000)
    assert (plain.requests, plain.budget) == (3, 3)
    assert detailed.requests <= detailed.budget == 3 + 3 + 1
    assert plain.right == detailed.right == 120 and detailed.in_order
    table = bench.bulk_table([plain, detailed], 1000, 1000)
    assert "with details" in table and "120/120" in table
