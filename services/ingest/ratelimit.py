"""A per-host request rate shared by every worker on every machine, kept in Redis.

Each host has one key holding the time its next request slot opens. ``acquire`` reserves the
next slot atomically (a Lua script, timed by the Redis server's clock so that workers' clocks
need not agree) and says how long to wait for it. Reserving rather than polling means workers
never race for a slot and never spin: each sleeps exactly until its own turn.
"""

from __future__ import annotations

import redis

KEY_PREFIX = "meetings:ratelimit:"

# KEYS[1]: the host's key. ARGV[1]: interval between requests (ms). ARGV[2]: longest wait (ms)
# for which a slot is reserved; -1 reserves whatever the wait. Returns the wait in ms.
_RESERVE_SLOT = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local interval = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local slot = tonumber(redis.call('GET', KEYS[1]) or '0')
if slot < now then slot = now end
local wait = slot - now
if max_wait >= 0 and wait > max_wait then return wait end
redis.call('SET', KEYS[1], slot + interval, 'PX', wait + interval + 1000)
return wait
"""


def acquire(
    client: redis.Redis, host: str, rate_per_sec: float, *, max_wait: float | None = None
) -> float:
    """Reserve the next request slot for ``host``; return the seconds to wait until it opens.

    A wait of at most ``max_wait`` (always, without one) is a reserved slot: sleep that long,
    then send the request. A longer wait reserves nothing: come back after about that long
    (a task retries with that countdown instead of holding a worker asleep).
    """
    if rate_per_sec <= 0:
        raise ValueError(f"rate_per_sec must be positive, got {rate_per_sec}")
    interval_ms = max(1, round(1000 / rate_per_sec))
    limit_ms = -1 if max_wait is None else round(max_wait * 1000)
    script = client.register_script(_RESERVE_SLOT)
    wait_ms = script(keys=[host_key(host)], args=[interval_ms, limit_ms])
    return int(wait_ms) / 1000


def host_key(host: str) -> str:
    """The Redis key of ``host``'s schedule (host names are case-insensitive)."""
    return KEY_PREFIX + host.lower()
