"""LeakyBucket with time driven by hand: exact waits, the portal's refusal, threads."""

from __future__ import annotations

import itertools
import threading

import pytest
from fakes import FakeClock

from gui.bitrix.ratelimit import LeakyBucket


def test_burst_fits_at_once_then_each_request_waits_one_drain_step() -> None:
    clock = FakeClock()
    bucket = LeakyBucket(2.0, 3, clock=clock)
    assert [bucket.reserve() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.reserve() == pytest.approx(0.5)
    assert bucket.reserve() == pytest.approx(1.0)
    assert bucket.level() == pytest.approx(5.0)
    clock.advance(1.0)  # drains 2 requests
    assert bucket.level() == pytest.approx(3.0)
    assert bucket.delay() == pytest.approx(0.5)


def test_drains_at_rate_and_never_below_zero() -> None:
    clock = FakeClock()
    bucket = LeakyBucket(4.0, 10, clock=clock)
    for _ in range(6):
        assert bucket.try_acquire()
    clock.advance(0.5)
    assert bucket.level() == pytest.approx(4.0)
    clock.advance(100)
    assert bucket.level() == 0.0
    assert bucket.delay() == 0.0


def test_try_acquire_refuses_while_full_and_admits_after_one_step() -> None:
    clock = FakeClock()
    bucket = LeakyBucket(2.0, 2, clock=clock)
    assert bucket.try_acquire() and bucket.try_acquire()
    assert not bucket.try_acquire()
    assert bucket.level() == pytest.approx(2.0)  # a refusal adds nothing
    clock.advance(0.49)
    assert not bucket.try_acquire()
    clock.advance(0.01)
    assert bucket.try_acquire()


def test_mark_full_makes_the_next_request_wait() -> None:
    clock = FakeClock()
    bucket = LeakyBucket(5.0, 50, clock=clock)
    assert bucket.delay() == 0.0
    bucket.mark_full()
    assert bucket.level() == pytest.approx(50.0)
    assert bucket.delay() == pytest.approx(0.2)
    assert bucket.reserve() == pytest.approx(0.2)
    bucket.mark_full()  # never lowers what was booked
    assert bucket.level() == pytest.approx(51.0)


def test_acquire_sleeps_exactly_the_wait_and_reports_it() -> None:
    clock = FakeClock()
    bucket = LeakyBucket(2.0, 1, clock=clock)
    waits: list[float] = []
    assert bucket.acquire(sleep=clock.sleep, on_wait=waits.append) == 0.0
    assert bucket.acquire(sleep=clock.sleep, on_wait=waits.append) == pytest.approx(0.5)
    assert waits == [pytest.approx(0.5)]
    assert sum(clock.slept) == pytest.approx(0.5)
    assert clock.now == pytest.approx(1000.5)


def test_acquire_stops_sleeping_when_cancelled() -> None:
    clock = FakeClock()
    bucket = LeakyBucket(1.0, 1, clock=clock)
    bucket.reserve()
    bucket.mark_full()
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return clock.now >= 1000.2 - 1e-6

    bucket.acquire(sleep=clock.sleep, cancelled=cancelled)
    assert clock.now == pytest.approx(1000.2)  # slices of 0.05 s, stopped at the flag
    assert all(step <= 0.05 + 1e-9 for step in clock.slept)


def test_sustained_pace_is_the_rate() -> None:
    clock = FakeClock()
    bucket = LeakyBucket(10.0, 1, clock=clock)
    sent: list[float] = []
    for _ in range(50):
        bucket.acquire(sleep=clock.sleep)
        sent.append(clock.now)
    gaps = [b - a for a, b in itertools.pairwise(sent)]
    assert all(gap == pytest.approx(0.1) for gap in gaps)
    # And the portal's bucket (same rate and burst) admits every one of them.
    portal_clock = FakeClock(sent[0])
    portal = LeakyBucket(10.0, 1, clock=portal_clock)
    admitted = 0
    for at in sent:
        portal_clock.now = at
        admitted += portal.try_acquire()
    assert admitted == len(sent)


@pytest.mark.parametrize(("rate", "burst"), [(0, 1), (-1, 1), (1, 0)])
def test_bad_settings_are_refused(rate: float, burst: int) -> None:
    with pytest.raises(ValueError):
        LeakyBucket(rate, burst)


def test_concurrent_reserve_never_over_admits() -> None:
    clock = FakeClock()
    rate, burst, threads, each = 4.0, 5, 8, 25
    bucket = LeakyBucket(rate, burst, clock=clock)
    waits: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def worker() -> None:
        start.wait()
        mine = [bucket.reserve() for _ in range(each)]
        with lock:
            waits.extend(mine)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=10)
    assert not any(t.is_alive() for t in pool)
    # Time stood still: exactly `burst` go at once, then one slot per 1/rate, none shared.
    expected = [max(0.0, (n + 1 - burst) / rate) for n in range(threads * each)]
    assert sorted(waits) == pytest.approx(expected)


def test_concurrent_try_acquire_admits_exactly_burst() -> None:
    clock = FakeClock()
    bucket = LeakyBucket(1.0, 17, clock=clock)
    admitted: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        mine = [bucket.try_acquire() for _ in range(20)]
        with lock:
            admitted.extend(mine)

    pool = [threading.Thread(target=worker) for _ in range(6)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=10)
    assert sum(admitted) == 17


def test_a_request_that_starts_the_drain_counts_from_its_answer() -> None:
    clock = FakeClock()
    bucket = LeakyBucket(2.0, 1, clock=clock)
    first = bucket.acquire_slot(sleep=clock.sleep)
    assert first.empty and first.wait == 0.0
    clock.advance(0.2)  # a slow first answer: the portal may have counted it only now
    bucket.settle(first)
    assert bucket.delay() == pytest.approx(0.5)  # a full step from the answer, not from booking


def test_a_request_queued_behind_others_does_not_shift_the_drain() -> None:
    clock = FakeClock()
    bucket = LeakyBucket(2.0, 3, clock=clock)
    bucket.acquire_slot(sleep=clock.sleep)
    second = bucket.acquire_slot(sleep=clock.sleep)
    assert not second.empty
    clock.advance(0.2)
    bucket.settle(second)
    assert bucket.level() == pytest.approx(2.0 - 0.4)
