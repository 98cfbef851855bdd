"""A user's permissions and roles, read once and kept until someone's roles change.

Every page asks what its user may do (the navigation, the permission checks) and shows the roles
in the header: three queries on each request that almost never change in between. They are kept
in the cache per user (``base_portal.kept``), and any change to group memberships, user or group
permissions, groups or permissions drops them for everyone (role changes are rare), so a role
taken away is gone on the user's next request. A user's active and superuser flags are part of
the key.

``CachedModelBackend`` is Django's ``ModelBackend`` reading the kept permissions; ``roles_of``
in ``accounts.roles`` reads the kept group names.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save

from base_portal.kept import Versions

VERSIONS = Versions("access")


@dataclass(frozen=True)
class Access:
    """What a user holds: permissions of their own, permissions through groups, and group names."""

    user_permissions: frozenset[str]
    group_permissions: frozenset[str]
    groups: frozenset[str]


def _read(user: Any) -> Access:
    backend = ModelBackend()
    return Access(
        user_permissions=frozenset(backend._get_permissions(user, None, "user")),  # type: ignore[attr-defined]
        group_permissions=frozenset(backend._get_permissions(user, None, "group")),  # type: ignore[attr-defined]
        groups=frozenset(user.groups.values_list("name", flat=True)),
    )


def access_of(user: Any) -> Access:
    """The user's kept access (read from the database on a miss); kept on the user object for the request."""
    kept = getattr(user, "_portal_access", None)
    if kept is None:
        kept = VERSIONS.get_or_set(user.pk, lambda: _read(user), user.is_active, user.is_superuser)
        user._portal_access = kept
    return kept


class CachedModelBackend(ModelBackend):
    """Django's model permissions, read through ``access_of``."""

    def _get_permissions(self, user_obj: Any, obj: Any, from_name: str) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        access = access_of(user_obj)
        return set(access.user_permissions if from_name == "user" else access.group_permissions)


def access_changed(*args: Any, **kwargs: Any) -> None:
    """Drop everyone's kept access (a receiver; role changes are rare)."""
    if kwargs.get("action", "post_").startswith("post_"):  # m2m_changed: once the rows have changed
        VERSIONS.bump_all()


def connect() -> None:
    """Connect the receivers (called once, from the app's ``ready``)."""
    from accounts.models import User

    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(access_changed, sender=through, dispatch_uid=f"access-m2m:{through._meta.label}")
    for model in (Group, Permission):
        post_save.connect(access_changed, sender=model, dispatch_uid=f"access-save:{model._meta.label}")
        post_delete.connect(access_changed, sender=model, dispatch_uid=f"access-delete:{model._meta.label}")


__all__ = ["Access", "CachedModelBackend", "access_changed", "access_of", "connect"]
