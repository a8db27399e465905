"""Keeps tests/bench/bench_bulk.py from rotting: import it and run one tiny case, ours only."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).parent / "bench" / "bench_bulk.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_bulk", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_ideal_is_the_buckets_least_time(bench: ModuleType) -> None:
    assert bench.requests_needed(1_000) == 20
    assert bench.requests_needed(10_001) == 201
    assert bench.ideal_seconds(20, 2.0, 1) == pytest.approx(9.5)
    assert bench.ideal_seconds(200, 2.0, 50) == pytest.approx(75.0)
    assert bench.ideal_seconds(4, 2.0, 50) == 0.0


def test_row_check_catches_wrong_missing_and_shuffled_rows(bench: ModuleType) -> None:
    ids = bench.entity_ids(18)
    chats = bench.make_chats(18)
    assert ("CRM", "DEAL|9") not in chats and ("CRM", "DEAL|1") in chats  # both kinds present
    good = [(i, chats.get(("CRM", i)) and {"ID": chats[("CRM", i)]}) for i in ids]
    assert bench.check_rows(good, chats, ids) == (18, True)
    wrong = [*good[:3], ("DEAL|4", {"ID": 1}), *good[4:]]
    assert bench.check_rows(wrong, chats, ids) == (17, True)
    assert bench.check_rows(good[:-2], chats, ids) == (16, True)
    assert bench.check_rows([good[1], good[0], *good[2:]], chats, ids) == (18, False)
    assert bench.check_rows([*good, good[0]], chats, ids) == (18, True)  # a repeat counts once
    assert bench.check_rows([], chats, ids) == (0, None)  # nothing back: no order to judge


def test_tiny_case_runs_in_order_without_503s(bench: ModuleType) -> None:
    # 60 lookups = 2 batch requests; with burst 1 the second must wait half a second.
    # (At much higher rates the 1% pacing margin is under a millisecond: loopback jitter wins.)
    case = bench.Case("smoke", 60, 2.0, 1, told=True, max_ratio=1.5, max_503=0)
    started = time.monotonic()
    outcome = bench.run_ours(case)
    assert time.monotonic() - started < 3
    assert (outcome.right, outcome.in_order, outcome.rejected_503) == (60, True, 0)
    assert outcome.wall >= case.ideal * 0.9  # the client waited for the portal's bucket
    assert outcome.met, bench.table([outcome])
    assert "smoke" in bench.table([outcome]) and "60/60" in bench.table([outcome])
