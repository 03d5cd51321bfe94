"""
Django's Redis cache backend, keeping its Redis clients.

Django's own client makes a new ``redis.Redis`` for every cache operation, and each
one builds a table of some 170 reply handlers: that costs more than the network
round trip of a small read. A cached page is one read, so here each connection pool
keeps one client (redis-py clients are safe to share; connections still come from
the pool, which starts afresh in each forked worker).
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with one client per connection pool."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
