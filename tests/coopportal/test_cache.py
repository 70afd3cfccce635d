import pytest
from django.core.cache import cache

from tests.conftest import USING_REDIS


@pytest.mark.skipif(not USING_REDIS, reason="needs Redis (REDIS_URL)")
def test_the_redis_cache_shares_one_client_between_operations():
    backend = cache._cache
    assert backend.get_client("a") is backend.get_client("b", write=True)
    cache.set("shared-client", 1)
    assert cache.get("shared-client") == 1
