"""Proofs with real processes: `tui-sms worker` subprocesses, a database shared between
them, and the sandbox on loopback keeping the ledger of what the customers received."""

from __future__ import annotations

import random
import threading
import time

import pytest

from tests.e2e.workers import (
    PROMOTIONAL,
    TRANSACTIONAL,
    assert_each_sent_once,
    assert_no_errors,
    holder_pid,
    inbound_bodies,
    ledger_counts,
    provider_down,
    seed,
    start_worker,
    statuses,
    stop,
    unsent,
    wait_for,
    worker_env,
)

pytestmark = pytest.mark.slow


def test_sigkill_at_random_moments_neither_loses_nor_doubles(tmp_path, sandbox):
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    engine = seed(url, 300, rate=10)
    env = worker_env(
        url, sandbox, provider_timeout=1, lease_seconds=1.5, booking_horizon_seconds=0.5
    )
    log = tmp_path / "worker.log"
    rng = random.Random(20261123)
    kills = 0
    for _ in range(6):
        worker = start_worker(env, log)
        # The new worker takes the sender seat once the killed one's runs out; the kill
        # lands somewhere in the sending after that.
        wait_for(lambda w=worker: holder_pid(engine) == w.pid, 15)
        time.sleep(rng.uniform(0.2, 1.2))
        worker.kill()
        worker.wait()
        kills += 1
        if unsent(engine) == 0:
            break
    assert kills >= 3 and len(ledger_counts(sandbox)) > 0, "the kills came too late to matter"
    worker = start_worker(env, log)
    try:
        assert wait_for(lambda: unsent(engine) == 0, 60, [worker]), log.read_text()[-3000:]
    finally:
        stop(worker)
    assert_each_sent_once(engine, sandbox, 300)


def test_two_workers_on_one_database_drain_500_none_twice(tmp_path, sandbox, database_url):
    engine = seed(database_url, 500, rate=0, promotional_every=5)
    env = worker_env(database_url, sandbox, lease_seconds=5)
    workers = [start_worker(env, tmp_path / f"worker{i}.log") for i in range(2)]
    replies = [f"Reply {i:02d}" for i in range(20)]
    try:
        # Both pollers see the same replies: each is stored once all the same.
        for i, body in enumerate(replies):
            sandbox.state.receive_inbound(from_=f"+1514555{i:04d}", to=TRANSACTIONAL[0], body=body)
        assert wait_for(lambda: unsent(engine) == 0, 60, workers)
        assert wait_for(lambda: len(inbound_bodies(engine)) >= 20, 30, workers)
    finally:
        for worker in workers:
            stop(worker)
    assert_each_sent_once(engine, sandbox, 500)
    assert sorted(inbound_bodies(engine)) == replies
    assert_no_errors([tmp_path / f"worker{i}.log" for i in range(2)])


def test_the_sandbox_never_has_to_refuse_for_speed(tmp_path, sandbox, database_url):
    rate = 10.0
    sandbox.state.rate_limits = dict.fromkeys(TRANSACTIONAL + PROMOTIONAL, rate)
    url = database_url
    # One, two and three segments, so slots are metered in segments, not in messages.
    words = ("Ready.", "Your car is ready. " * 8, "Your car is ready; see you soon. " * 12)
    engine = seed(
        url, 150, rate=rate, body=lambda i: f"{i:04d} {words[i % 3]}", promotional_every=4
    )
    # The sandbox meters arrivals in this test's own process, beside the rest of the suite
    # on a shared machine: a thread put aside there for a tenth of a second makes two posts
    # that left on time arrive bunched (now and then in CI; most runs with both cores taken
    # by other work, with or without this sender's latest changes; a burst of two still
    # failed once so). So the sandbox takes a burst of three segments (0.2 s at this rate),
    # as a carrier's queue does, and the guard is the setting a shop raises on a machine
    # that busy. This still proves the bookings keep two workers apart: without them both
    # post on every number at the full rate, twice what it allows, and each post arrives
    # 0.05 s early, so the burst is spent within the first five.
    sandbox.state.rate_limit_burst = 3.0
    env = worker_env(url, sandbox, lease_seconds=10, rate_guard_seconds=0.15)
    workers = [start_worker(env, tmp_path / f"worker{i}.log") for i in range(2)]
    try:
        assert wait_for(lambda: unsent(engine) == 0, 60, workers)
    finally:
        for worker in workers:
            stop(worker)
    assert sandbox.state.rate_violations == 0
    assert_each_sent_once(engine, sandbox, 150)
    assert_no_errors([tmp_path / f"worker{i}.log" for i in range(2)])


def test_an_outage_then_dropped_connections_lose_nothing(tmp_path, sandbox):
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    engine = seed(url, 120, rate=5)
    env = worker_env(
        url,
        sandbox,
        provider_timeout=1,
        lease_seconds=2,
        retry_base_seconds=0.2,
        retry_max_seconds=1.0,
    )
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    try:
        assert wait_for(lambda: len(ledger_counts(sandbox)) >= 20, 30, [worker])
        sandbox.state.start_outage(1.5)
        threading.Timer(1.5, sandbox.state.start_drop, args=(1.5,)).start()
        # The heartbeat carries the outage to every TUI's banner, and clears it after.
        assert wait_for(lambda: provider_down(engine), 10, [worker])
        assert wait_for(lambda: statuses(engine) == {"delivered": 120}, 60, [worker]), (
            statuses(engine),
            log.read_text()[-3000:],
        )
        assert wait_for(lambda: not provider_down(engine), 10, [worker])
    finally:
        stop(worker)
    stats = sandbox.state.stats()
    assert stats["outage_responses"] > 0 and stats["dropped_requests"] > 0
    assert_each_sent_once(engine, sandbox, 120)


def test_killed_pollers_miss_no_inbound_message_and_store_none_twice(tmp_path, sandbox):
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    engine = seed(url, 0, rate=1)
    env = worker_env(url, sandbox)
    log = tmp_path / "worker.log"
    bodies = [f"Reply {i:02d}: is my car ready?" for i in range(40)]

    def customers_write() -> None:
        for i, body in enumerate(bodies):
            sandbox.state.receive_inbound(
                from_=f"+1514555{i % 7:04d}", to=TRANSACTIONAL[0], body=body
            )
            time.sleep(0.1)

    writing = threading.Thread(target=customers_write)
    writing.start()
    for pause in (1.6, 2.0):
        worker = start_worker(env, log)
        time.sleep(pause)
        worker.kill()
        worker.wait()
    writing.join()
    worker = start_worker(env, log)
    try:
        assert wait_for(lambda: len(inbound_bodies(engine)) >= 40, 30, [worker])
        time.sleep(0.5)  # one more poll: a second sighting must not be stored
    finally:
        stop(worker)
    assert sorted(inbound_bodies(engine)) == bodies
