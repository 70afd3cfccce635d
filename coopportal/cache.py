"""Django's Redis cache, kept working by this process's memory while Redis is stopped or hung.

Nothing the portal keeps in the cache is the only copy of anything (sessions are in the database),
so an outage must cost a page no more than one short timeout. A failed Redis call marks Redis down
for this process for a short pause (`coopportal.outages`); meanwhile, and for the failed call itself, the cache is
a local-memory one. Rate limits (allauth's, the subscribe page's) and allauth's record of used TOTP
codes keep counting there, per process, instead of failing open or locking everyone out; when Redis
answers again the local copy is dropped.
"""

import logging

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from .outages import CACHE_OUTAGES

logger = logging.getLogger(__name__)


def _with_fallback(name: str):
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if not CACHE_OUTAGES.resting(self._location):
            try:
                result = redis_method(self, *args, **kwargs)
            except RedisError as exc:
                self._mark_down(exc)
            else:
                if CACHE_OUTAGES.marked(self._location):
                    self._mark_up()
                return result
        return getattr(self._local, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = redis_method.__doc__
    return method


class FailoverRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = ",".join(self._servers)
        # One local store per Redis location, shared by the process's threads (LocMemCache keys it by name).
        self._local = LocMemCache(f"failover:{self._location}", params)

    def _mark_down(self, exc: Exception) -> None:
        if CACHE_OUTAGES.mark_down(self._location):
            logger.warning("Redis cache unreachable (%s); using this process's memory for now.", exc)

    def _mark_up(self) -> None:
        if CACHE_OUTAGES.mark_up(self._location):
            self._local.clear()
            logger.warning("Redis cache answers again.")

    def ping(self) -> bool:
        """Ask Redis itself, past the fallback (the readiness check); raises when it does not answer."""
        return self._cache.get_client(write=True).ping()

    add = _with_fallback("add")
    get = _with_fallback("get")
    set = _with_fallback("set")
    touch = _with_fallback("touch")
    delete = _with_fallback("delete")
    get_many = _with_fallback("get_many")
    has_key = _with_fallback("has_key")
    incr = _with_fallback("incr")
    set_many = _with_fallback("set_many")
    delete_many = _with_fallback("delete_many")
    clear = _with_fallback("clear")
