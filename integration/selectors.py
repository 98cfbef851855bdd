"""Who sees which tokens and which deletion records."""

from typing import Any

from django.db.models import Q, QuerySet

from accounts.scopes import is_active_user, sees_everything

from .models import ApiToken, Tombstone


def tokens_visible_to(user: Any) -> QuerySet[ApiToken]:
    """The office manages every token; nobody else reaches any."""
    if is_active_user(user) and user.has_perm("integration.view_apitoken"):
        return ApiToken.objects.all()
    return ApiToken.objects.none()


def tombstones_visible_to(user: Any) -> QuerySet[Tombstone]:
    """University-wide readers see every deletion; others those of the bases they see.

    A deleted student belongs to no base, so only university-wide readers learn of it.
    """
    if not is_active_user(user):
        return Tombstone.objects.none()
    if sees_everything(user):
        return Tombstone.objects.all()
    from agreements.selectors import bases_visible_to

    return Tombstone.objects.filter(Q(base_id__in=bases_visible_to(user).values("pk")))
