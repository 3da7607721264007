"""The per-host rate limit in Redis: slots spaced by the interval, shared by every caller."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from services.ingest.ratelimit import acquire, host_key

HOST = "www.jingzhou.gov.cn"


def test_first_request_to_a_host_waits_nothing(redis_client: redis.Redis) -> None:
    assert acquire(redis_client, HOST, 2.0) == 0.0


def test_back_to_back_requests_are_spaced_by_the_interval(redis_client: redis.Redis) -> None:
    acquire(redis_client, HOST, 2.0)
    assert acquire(redis_client, HOST, 2.0) == pytest.approx(0.5, abs=0.05)


def test_queued_requests_wait_for_their_own_later_slots(redis_client: redis.Redis) -> None:
    waits = [acquire(redis_client, HOST, 4.0) for _ in range(4)]
    assert waits == pytest.approx([0.0, 0.25, 0.5, 0.75], abs=0.05)


def test_hosts_are_limited_independently(redis_client: redis.Redis) -> None:
    acquire(redis_client, HOST, 1.0)
    assert acquire(redis_client, "www.qionglai.gov.cn", 1.0) == 0.0


def test_host_names_differing_in_case_share_a_limit(redis_client: redis.Redis) -> None:
    acquire(redis_client, HOST, 1.0)
    assert acquire(redis_client, HOST.upper(), 1.0) > 0.9


def test_a_slot_is_free_again_once_the_interval_has_passed(redis_client: redis.Redis) -> None:
    acquire(redis_client, HOST, 10.0)
    time.sleep(0.12)
    assert acquire(redis_client, HOST, 10.0) == 0.0


def test_wait_beyond_max_wait_reserves_no_slot(redis_client: redis.Redis) -> None:
    acquire(redis_client, HOST, 1.0)
    acquire(redis_client, HOST, 1.0, max_wait=0.1)
    assert acquire(redis_client, HOST, 1.0) == pytest.approx(1.0, abs=0.05)


def test_wait_beyond_max_wait_is_still_reported(redis_client: redis.Redis) -> None:
    acquire(redis_client, HOST, 1.0)
    assert acquire(redis_client, HOST, 1.0, max_wait=0.1) == pytest.approx(1.0, abs=0.05)


def test_concurrent_callers_each_get_a_distinct_slot(redis_client: redis.Redis) -> None:
    with ThreadPoolExecutor(max_workers=10) as pool:
        waits = list(pool.map(lambda _: acquire(redis_client, HOST, 2.0), range(10)))
    slots = sorted(round(wait / 0.5) for wait in waits)  # 0.5 s apart: thread jitter can't blur
    assert slots == list(range(10))


def test_the_schedule_key_expires_when_the_host_goes_quiet(redis_client: redis.Redis) -> None:
    acquire(redis_client, HOST, 1.0)
    assert 0 < redis_client.pttl(host_key(HOST)) <= 2000


def test_non_positive_rate_is_refused(redis_client: redis.Redis) -> None:
    with pytest.raises(ValueError, match="rate_per_sec must be positive"):
        acquire(redis_client, HOST, 0)
