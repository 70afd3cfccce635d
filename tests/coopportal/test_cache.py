"""The Redis cache that keeps working on this process's memory while Redis is stopped or hung."""

import signal
import time

import pytest
import redis

from coopportal import cache as failover
from coopportal.outages import CACHE_OUTAGES
from tests.celery_worker import free_port, redis_server


@pytest.fixture
def make_cache():
    made = []

    def make(port: int) -> failover.FailoverRedisCache:
        backend = failover.FailoverRedisCache(
            f"redis://127.0.0.1:{port}/0",
            {"KEY_PREFIX": "test", "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}},
        )
        made.append(backend)
        return backend

    CACHE_OUTAGES.clear()
    yield make
    for backend in made:
        backend._local.clear()
    CACHE_OUTAGES.clear()


def test_with_redis_stopped_the_cache_counts_and_refuses_repeats_in_memory(make_cache):
    cache = make_cache(free_port())  # nothing listens there
    started = time.monotonic()
    cache.set("report", "body", 60)
    assert cache.get("report") == "body"
    # What allauth relies on: a used TOTP code is refused the second time; rate-limit counters go up.
    assert cache.add("totp-used", "y", 30) is True
    assert cache.add("totp-used", "y", 30) is False
    cache.set("hits", 1, 60)
    assert cache.incr("hits") == 2
    assert time.monotonic() - started < 1
    with pytest.raises(redis.exceptions.ConnectionError):
        cache.ping()


def test_a_hung_redis_costs_one_timeout_then_memory_until_it_is_tried_again(make_cache):
    port = free_port()
    with redis_server(port) as server:
        cache = make_cache(port)
        cache.set("kept", "in redis", 60)
        server.send_signal(signal.SIGSTOP)
        try:
            started = time.monotonic()
            assert cache.get("kept") is None  # timed out: answered from memory, which does not have it
            first = time.monotonic() - started
            started = time.monotonic()
            cache.set("during", "the outage", 60)
            assert cache.get("during") == "the outage"
            rest = time.monotonic() - started
        finally:
            server.send_signal(signal.SIGCONT)
        assert 0.4 < first < 1.0 and rest < 0.1
        # When the pause is over, Redis is asked again; its answers win and the memory copy is dropped.
        CACHE_OUTAGES.end_pause(cache._location)  # the pause is over
        assert cache.get("kept") == "in redis"
        assert cache.get("during") is None
        assert cache._local.get("during") is None
        assert cache.ping() is True
