"""Values kept in the cache under a version per owner, so a change drops them without a race.

A page that reads the same derived value on every request (a base's compliance findings, a user's
permissions, an unread count) keeps it in the cache under a key that carries its owner's version.
A change to the rows behind it bumps the owner's version; the next read misses and computes again.

A bump is made at once and again when the transaction commits: a reader that computed between
the two saw the rows as they were before the commit, and stored under a version nobody reads
again. Keys carry the database's name, so two databases behind one Redis never share values.

    unread = Versions("unread")
    count = unread.get_or_set(user.pk, lambda: query_count(user))
    unread.bump([user.pk])          # from a receiver or a service, when the rows change
"""

import uuid
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

# The version every key of a kind also carries: bumping it drops the whole kind at once.
ALL = "all"
# Versions outlive their values; values expire by themselves after a day unless told otherwise.
VALUE_SECONDS = 24 * 60 * 60


def _new_version() -> str:
    return uuid.uuid4().hex[:12]


class Versions:
    """The versions of one kind of kept value, one per owner (an id, or a name such as "all")."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def _version_key(self, owner: Hashable) -> str:
        return f"{self.kind}:{settings.DATABASES['default']['NAME']}:version:{owner}"

    def current(self, owners: Iterable[Hashable]) -> dict[Hashable, str]:
        """Each owner's version and the kind's own (``ALL``), in one cache round trip.

        A missing version is started afresh, so a value kept under a lost version is never read.
        """
        keys = {self._version_key(owner): owner for owner in [*owners, ALL]}
        found = cache.get_many(list(keys))
        missing = [key for key in keys if key not in found]
        for key in missing:
            cache.add(key, _new_version(), timeout=None)
        if missing:
            found.update(cache.get_many(missing))
        return {keys[key]: value for key, value in found.items()}

    def key(self, *parts: Any) -> str:
        """A value's key: the kind, the database, then the parts (which must include the versions, ALL's first)."""
        return ":".join([self.kind, settings.DATABASES["default"]["NAME"], *map(str, parts)])

    def get_or_set(self, owner: Hashable, compute: Callable[[], T], *parts: Any, seconds: int = VALUE_SECONDS) -> T:
        """The value kept for ``owner`` (and ``parts``), computed and kept if missing."""
        versions = self.current([owner])
        key = self.key(versions[ALL], owner, versions[owner], *parts)
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, timeout=seconds)
        return value  # type: ignore[no-any-return]

    def bump(self, owners: Iterable[Hashable | None]) -> None:
        """Drop the values of these owners, now and again when the current transaction commits."""
        keys = [self._version_key(owner) for owner in set(owners) if owner is not None]
        if not keys:
            return
        _bump(keys)
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda: _bump(keys))

    def bump_all(self) -> None:
        """Drop every owner's values of this kind (after a change that reaches them all)."""
        self.bump([ALL])


def _bump(keys: list[str]) -> None:
    if len(keys) == 1:  # one command, not a MULTI/EXEC pipeline: most bumps name one owner
        cache.set(keys[0], _new_version(), timeout=None)
    else:
        cache.set_many({key: _new_version() for key in keys}, timeout=None)


__all__ = ["ALL", "VALUE_SECONDS", "Versions"]
