"""A running job's progress, kept in the cache where the page polling for it can read it at once.

The work may run inside one database transaction, whose writes no other connection sees until it
commits; the cache has no such wall. Writes are throttled, so a job of 50,000 steps costs a few
hundred cache writes, not 50,000.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache

# At most one cache write per this many seconds while a job runs (and always its first and last).
PUBLISH_EVERY_SECONDS = 0.5
# Progress outlives any job's run; the row holds the outcome after that.
PROGRESS_TTL_SECONDS = 24 * 60 * 60


def progress_key(job_id: int) -> str:
    return f"jobs:progress:{job_id}"


@dataclass(frozen=True)
class Snapshot:
    done: int
    total: int

    @property
    def percent(self) -> int | None:
        """Whole percent done, or None while the amount of work is not known yet."""
        if self.total <= 0:
            return None
        return min(100, self.done * 100 // self.total)


def progress_read(job_id: int) -> Snapshot | None:
    value = cache.get(progress_key(job_id))
    if not isinstance(value, dict):
        return None
    return Snapshot(done=int(value.get("done", 0)), total=int(value.get("total", 0)))


class Reporter:
    """Called as ``reporter(done, total)`` by the work; publishes to the cache now and then."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.done = 0
        self.total = 0
        self._published_at: float | None = None

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        now = time.monotonic()
        if self._published_at is None or done >= total or now - self._published_at >= PUBLISH_EVERY_SECONDS:
            cache.set(progress_key(self.job_id), {"done": done, "total": total}, PROGRESS_TTL_SECONDS)
            self._published_at = now
